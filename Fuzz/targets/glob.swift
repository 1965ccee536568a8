@testable import RStateCore

/// The glob matcher: the pattern is the input up to its first NUL byte, the text the rest.
/// It must agree with a plain recursive matcher (the one it replaced, exponential in the
/// number of stars, so asked only where that stays small), which shares the character-class
/// reading with it.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let split = bytes.firstIndex(of: 0) ?? bytes.count
  let pattern = Array(bytes[..<split])
  let text = split < bytes.count ? Array(bytes[(split + 1)...]) : []
  let matched = Glob.matches(pattern, text)
  let stars = pattern.count { $0 == UInt8(ascii: "*") }
  if stars <= 1 || (stars <= 3 && text.count <= 48) {
    require(
      matched == Reference.matches(pattern[...], text[...]),
      "the matcher and the reference disagree")
  }
  return 0
}

private enum Reference {
  static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
    var pattern = pattern
    var text = text
    while let byte = pattern.first {
      switch byte {
      case UInt8(ascii: "*"):
        pattern = pattern.drop { $0 == UInt8(ascii: "*") }
        if pattern.isEmpty { return true }
        var rest = text
        while true {
          if matches(pattern, rest) { return true }
          guard !rest.isEmpty else { return false }
          rest = rest.dropFirst()
        }
      case UInt8(ascii: "?"):
        guard !text.isEmpty else { return false }
        pattern = pattern.dropFirst()
        text = text.dropFirst()
      case UInt8(ascii: "["):
        guard let current = text.first,
          let (matched, rest) = Glob.characterClass(pattern.dropFirst(), current), matched
        else { return false }
        pattern = rest
        text = text.dropFirst()
      default:
        var literal = byte
        if byte == UInt8(ascii: "\\"), pattern.count > 1 {
          pattern = pattern.dropFirst()
          literal = pattern.first!
        }
        guard text.first == literal else { return false }
        pattern = pattern.dropFirst()
        text = text.dropFirst()
      }
    }
    return text.isEmpty
  }
}
