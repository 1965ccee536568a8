/// Splits a REPL line into arguments exactly as redis-cli does (`sdssplitargs`): double
/// quotes with `\xHH`, `\n`, `\r`, `\t`, `\b`, `\a` and any other escaped character standing
/// for itself; single quotes where only `\'` is an escape; quotes that start mid-token
/// (`a"b c"` is one argument `ab c`). An unbalanced quote, or a closing quote followed by
/// anything but a space, makes the whole line invalid (nil), which redis-cli reports as
/// `Invalid argument(s)`.
public enum Tokenizer {
  public static func split(_ line: [UInt8]) -> [[UInt8]]? {
    let (words, complete) = words(line)
    return complete ? words : nil
  }

  /// The words up to where a line that does not split stops splitting, the one being read
  /// there included (for `AUTH "pw` that is `AUTH`, `pw`): enough to see what command a
  /// line that fails would have been, to keep it out of the history file.
  public static func leadingWords(_ line: [UInt8]) -> [[UInt8]] {
    words(line).words
  }

  private static func words(_ line: [UInt8]) -> (words: [[UInt8]], complete: Bool) {
    var arguments: [[UInt8]] = []
    var index = 0
    func at(_ offset: Int) -> UInt8 { index + offset < line.count ? line[index + offset] : 0 }

    while true {
      while index < line.count, isBlank(line[index]) { index += 1 }
      guard index < line.count else { return (arguments, true) }
      var current: [UInt8] = []
      /// The quote the token is inside, if any.
      var quote: UInt8?
      var done = false
      while !done {
        let byte = at(0)
        if let open = quote {
          let backslash = byte == UInt8(ascii: "\\")
          if open == doubleQuote, backslash, at(1) == UInt8(ascii: "x"),
            let high = hexValue(at(2)), let low = hexValue(at(3))
          {
            current.append(high << 4 | low)
            index += 3
          } else if open == doubleQuote, backslash, at(1) != 0 {
            index += 1
            current.append(escaped(at(0)))
          } else if open == singleQuote, backslash, at(1) == singleQuote {
            index += 1
            current.append(singleQuote)
          } else if byte == open {
            // A closing quote must end the argument.
            if at(1) != 0, !isBlank(at(1)) { return (arguments + [current], false) }
            done = true
          } else if byte == 0, index >= line.count {
            return (arguments + [current], false)  // the quote is never closed
          } else {
            current.append(byte)
          }
        } else {
          switch byte {
          case UInt8(ascii: " "), 0x0A, 0x0D, 0x09, 0: done = true
          case doubleQuote, singleQuote: quote = byte
          default: current.append(byte)
          }
        }
        if index < line.count { index += 1 }
      }
      arguments.append(current)
    }
  }

  /// `isspace` in the C locale, which skips blanks between arguments.
  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0D).contains(byte)
  }

  private static let doubleQuote = UInt8(ascii: "\"")
  private static let singleQuote = UInt8(ascii: "'")

  private static func escaped(_ byte: UInt8) -> UInt8 {
    switch byte {
    case UInt8(ascii: "n"): return 0x0A
    case UInt8(ascii: "r"): return 0x0D
    case UInt8(ascii: "t"): return 0x09
    case UInt8(ascii: "b"): return 0x08
    case UInt8(ascii: "a"): return 0x07
    default: return byte
    }
  }
}
