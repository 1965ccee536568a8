/// What a Ruby Marshal 4.8 value (Rails cache entries, Sidekiq-era Ruby apps) holds, read
/// without `Marshal.load`: the classes and modules it names.
public enum RubyMarshal {
  /// `\x04\x08`: Marshal format 4.8.
  public static func looksLikeMarshal(_ bytes: some Collection<UInt8>) -> Bool {
    bytes.starts(with: [0x04, 0x08])
  }

  /// Class and module names, first appearance first: the symbol after an object (`o`),
  /// struct (`S`), user-dumped (`u`, `U`), extended (`e`) or subclass (`C`) marker, and the
  /// name after a class (`c`) or module (`m`) reference. A name must look like a Ruby
  /// constant path (`ActiveSupport::Cache::Entry`), so bytes inside strings are not taken
  /// for one.
  public static func classNames(_ bytes: [UInt8]) -> [String] {
    guard looksLikeMarshal(bytes) else { return [] }
    var names: [String] = []
    var index = 2
    while index < bytes.count {
      defer { index += 1 }
      let marker = bytes[index]
      var nameStart = index + 1
      if Array("oSuUeC".utf8).contains(marker) {
        // A symbol: ':' then its length and bytes.
        guard nameStart < bytes.count, bytes[nameStart] == UInt8(ascii: ":") else { continue }
        nameStart += 1
      } else if !Array("cm".utf8).contains(marker) {
        continue
      }
      guard let (length, width) = Self.length(bytes, at: nameStart), length > 0,
        nameStart + width + length <= bytes.count
      else { continue }
      let name = bytes[(nameStart + width)..<(nameStart + width + length)]
      guard isConstantPath(name) else { continue }
      let text = String(decoding: name, as: UTF8.self)
      if !names.contains(text) { names.append(text) }
      index = nameStart + width + length - 1
    }
    return names
  }

  /// A Marshal integer used as a length: 0, 6…127 meaning n − 5, or 1–4 little-endian bytes
  /// after a 1…4 count. Returns the value and how many bytes it took.
  private static func length(_ bytes: [UInt8], at index: Int) -> (Int, Int)? {
    guard index < bytes.count else { return nil }
    let first = bytes[index]
    switch first {
    case 0: return (0, 1)
    case 6...127: return (Int(first) - 5, 1)
    case 1...4:
      let count = Int(first)
      guard index + count < bytes.count else { return nil }
      var value = 0
      for offset in 0..<count { value |= Int(bytes[index + 1 + offset]) << (8 * offset) }
      return (value, 1 + count)
    default: return nil
    }
  }

  /// `User`, `ActiveSupport::Cache::Entry`.
  private static func isConstantPath(_ name: ArraySlice<UInt8>) -> Bool {
    guard let first = name.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else {
      return false
    }
    return name.allSatisfy { byte in
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }
  }
}
