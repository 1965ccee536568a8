/// Redis's glob (`*`, `?`, `[abc]`, `[^a-z]`, `\x`), matched on bytes client-side: for
/// patterns over ids rather than whole keys, which SCAN MATCH cannot express.
public enum Glob {
  public static func matches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
    matches(pattern[...], text[...])
  }

  private static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
    var pattern = pattern
    var text = text
    // The pattern after the last `*` and the text it is being tried at. Only the last star is
    // ever retried: what follows it takes one byte per element, so giving an earlier star
    // more bytes cannot help (retrying every star was exponential in their number).
    var star: (pattern: ArraySlice<UInt8>, text: ArraySlice<UInt8>)?
    while true {
      if pattern.first == UInt8(ascii: "*") {
        pattern = pattern.drop { $0 == UInt8(ascii: "*") }
        if pattern.isEmpty { return true }
        star = (pattern, text)
        continue
      }
      if let byte = text.first {
        if let rest = step(pattern, byte) {
          pattern = rest
          text = text.dropFirst()
          continue
        }
      } else if pattern.isEmpty {
        return true
      }
      guard let last = star, !last.text.isEmpty else { return false }
      star = (last.pattern, last.text.dropFirst())
      pattern = last.pattern
      text = last.text.dropFirst()
    }
  }

  /// The pattern after its first element matched `byte`; nil when it does not match.
  private static func step(_ pattern: ArraySlice<UInt8>, _ byte: UInt8) -> ArraySlice<UInt8>? {
    guard let first = pattern.first else { return nil }
    switch first {
    case UInt8(ascii: "?"):
      return pattern.dropFirst()
    case UInt8(ascii: "["):
      guard let (matched, rest) = characterClass(pattern.dropFirst(), byte), matched else {
        return nil
      }
      return rest
    default:
      var pattern = pattern
      var literal = first
      if first == UInt8(ascii: "\\"), pattern.count > 1 {
        pattern = pattern.dropFirst()
        literal = pattern.first!
      }
      return literal == byte ? pattern.dropFirst() : nil
    }
  }

  /// Whether `byte` is in the class that starts after `[`, and the pattern after its `]`.
  /// Internal, not private: the glob fuzz target's reference matcher shares it.
  static func characterClass(_ pattern: ArraySlice<UInt8>, _ byte: UInt8)
    -> (Bool, ArraySlice<UInt8>)?
  {
    var pattern = pattern
    let negated = pattern.first == UInt8(ascii: "^")
    if negated { pattern = pattern.dropFirst() }
    var found = false
    while let first = pattern.first, first != UInt8(ascii: "]") {
      var low = first
      if first == UInt8(ascii: "\\"), pattern.count > 1 {
        pattern = pattern.dropFirst()
        low = pattern.first!
      }
      pattern = pattern.dropFirst()
      if pattern.count >= 2, pattern.first == UInt8(ascii: "-"),
        pattern[pattern.startIndex + 1] != UInt8(ascii: "]")
      {
        let high = pattern[pattern.startIndex + 1]
        pattern = pattern.dropFirst(2)
        if min(low, high) <= byte && byte <= max(low, high) { found = true }
      } else if low == byte {
        found = true
      }
    }
    guard !pattern.isEmpty else { return nil }
    return (found != negated, pattern.dropFirst())
  }
}
