import Testing

@testable import RStateCore

struct ValueEncodingTests {
  static let cases: [([UInt8], ValueEncoding)] = [
    ([0x80, 0x05, 0x95, 0x10], .pickle(protocol: 5)),
    ([0x80, 0x04, 0x95, 0x10], .pickle(protocol: 4)),
    ([0x80, 0x02, 0x7D], .pickle(protocol: 2)),
    ([0x78, 0x9C, 0x01], .zlib),
    ([0x04, 0x08, 0x6F, 0x3A], .rubyMarshal),
    ([0x00, 0x11, 0x01], .railsCache),
    ([0xAC, 0xED, 0x00, 0x05, 0x73], .javaSerialization),
    ([0x83, 0xAA] + Array("_permanent".utf8), .messagePack),
    (Array(#"{"status": "SUCCESS"}"#.utf8), .json),
    (Array("[1, 2]".utf8), .json),
    (Array("eyJfYXV0aF91c2VyX2lkIjoiMSJ9:1uX:sig".utf8), .djangoSigned),
    (Array(#"a:2:{s:4:"name";"#.utf8), .phpSerialized),
    (Array("i:42;".utf8), .phpSerialized),
    (Array("md5:0123456789abcdef0123456789abcdef_".utf8) + [0x80, 0x05], .cashewsSigned),
    ([0x1F, 0x8B, 0x08], .gzip),
    ([0x28, 0xB5, 0x2F, 0xFD], .zstd),
    ([0x04, 0x22, 0x4D, 0x18], .lz4),
    (Array("gAWVCAAAAAAAAACMBGRvbmWULg==".utf8), .base64Pickle),
    (Array("17".utf8), .integer),
    (Array("-3".utf8), .integer),
    (Array("review pending for café".utf8), .text),
    ([0x00, 0x01, 0xFF, 0xFE], .binary),
  ]

  @Test(arguments: cases)
  func firstBytesTellTheEncoding(bytes: [UInt8], expected: ValueEncoding) {
    #expect(ValueEncoding.sniff(bytes) == expected)
  }

  @Test func emptyIsText() {
    #expect(ValueEncoding.sniff([UInt8]()) == .text)
  }
}
