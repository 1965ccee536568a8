import ArgumentParser

/// Whole-number option values with a range, read with `.unconditional` parsing so that
/// `--count -5` is a value (refused with the range) rather than a flag argument-parser cannot
/// find ("Missing value"). `1e300`, `inf` and `-5` all get one line naming the flag and the
/// range: "The value '-5' is invalid for '--count <n>': must be a whole number from 1 to …".
enum WholeNumber {
  static func parser(_ range: ClosedRange<Int>) -> @Sendable (String) throws -> Int {
    { text in
      guard let value = Int(text), range.contains(value) else {
        throw ValidationError(
          range.upperBound == .max
            ? "must be a whole number of \(range.lowerBound) or more"
            : "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
      }
      return value
    }
  }
}
