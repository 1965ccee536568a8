/// How a value is encoded, told from its first bytes (the reference's sniffing table): enough
/// to pick a decoder for `:peek` and a value predicate for detection, from a GETRANGE 0 63.
public enum ValueEncoding: Sendable, Equatable {
  case pickle(protocol: Int)
  /// A zlib stream (RQ job data, django-redis's compressor).
  case zlib
  case rubyMarshal
  /// Rails 7.1+ cache envelope, and Rails 7.0's mark byte before Marshal or zlib.
  case railsCache
  case javaSerialization
  case messagePack
  case json
  /// Django `signing` (base64url JSON; a leading `.` when compressed).
  case djangoSigned
  /// PHP `serialize()` (Laravel cache and sessions).
  case phpSerialized
  /// cashews' signed value: `md5:<hex>_` and the like before a pickle.
  case cashewsSigned
  case gzip, zstd, lz4
  /// base64 of a pickle of protocol 4 or 5 (RQ results' `return_value`).
  case base64Pickle
  /// ASCII digits, maybe signed: a counter (rate limits, stats, cache numbers).
  case integer
  case text
  case binary

  public static func sniff(_ bytes: some Collection<UInt8>) -> ValueEncoding {
    let head = Array(bytes.prefix(16))
    func starts(_ prefix: [UInt8]) -> Bool { head.starts(with: prefix) }
    func startsText(_ prefix: String) -> Bool { head.starts(with: Array(prefix.utf8)) }
    guard let first = head.first else { return .text }
    if first == 0x80, head.count > 1, (2...5).contains(head[1]) {
      return .pickle(protocol: Int(head[1]))
    }
    if first == 0x78, head.count > 1, [0x01, 0x5E, 0x9C, 0xDA].contains(head[1]) { return .zlib }
    if starts([0x04, 0x08]) { return .rubyMarshal }
    if starts([0x00, 0x11]) || starts([0x00, 0x04, 0x08]) || starts([0x01, 0x78, 0x9C]) {
      return .railsCache
    }
    if starts([0xAC, 0xED, 0x00, 0x05]) { return .javaSerialization }
    if starts([0x1F, 0x8B]) { return .gzip }
    if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
    if starts([0x04, 0x22, 0x4D, 0x18]) { return .lz4 }
    if head.count >= 4,
      let decoded = Base64.decode(String(decoding: head.prefix(4), as: UTF8.self)),
      decoded.count == 3, decoded[0] == 0x80, (2...5).contains(decoded[1])
    {
      return .base64Pickle
    }
    if ["md5:", "sha1:", "sha256:", "sum:", "xxh"].contains(where: startsText) {
      return .cashewsSigned
    }
    if startsText("eyJ") || startsText(".eyJ") { return .djangoSigned }
    if Self.isPHPSerialized(head) { return .phpSerialized }
    if [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\"")].contains(first) { return .json }
    if Self.isInteger(bytes) { return .integer }
    // fixmap, map16/32, fixarray, array16/32: after JSON and text, which they overlap least.
    if (0x80...0x9F).contains(first) || [0xDC, 0xDD, 0xDE, 0xDF].contains(first) {
      return .messagePack
    }
    if String(validating: head, as: UTF8.self) != nil || Self.endsMidCharacter(head) {
      return head.allSatisfy { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        ? .text : .binary
    }
    return .binary
  }

  /// `a:2:{`, `s:5:"`, `O:8:"`, `i:42;`, `b:0;`, `d:1.5;`, `N;`
  private static func isPHPSerialized(_ head: [UInt8]) -> Bool {
    if head.starts(with: Array("N;".utf8)) { return true }
    guard head.count >= 3, head[1] == UInt8(ascii: ":"), Array("asOibd".utf8).contains(head[0])
    else { return false }
    return (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(head[2]) || head[2] == UInt8(ascii: "-")
  }

  private static func isInteger(_ bytes: some Collection<UInt8>) -> Bool {
    guard bytes.count <= 20 else { return false }
    var digits = bytes[...]
    if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
    return !digits.isEmpty
      && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }

  /// True when the only invalid UTF-8 is a character cut by the 16-byte window.
  private static func endsMidCharacter(_ head: [UInt8]) -> Bool {
    for cut in 1...3 where head.count > cut {
      if String(validating: head.dropLast(cut), as: UTF8.self) != nil { return true }
    }
    return false
  }
}
