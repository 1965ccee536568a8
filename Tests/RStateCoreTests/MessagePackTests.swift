import Testing

@testable import RStateCore

struct MessagePackTests {
  /// From python msgpack 1.x: {'_permanent': True, 'user_id': 42, 'cart': [1, -2, 3.5, None],
  /// 'blob': b'\xff\x00', 'big': 2**64-1, 'neg': -2**40, 7: 'seven', 'ts': ExtType(5, b'ab')}
  @Test func aFlaskSessionLikeMapDecodesToJSON() throws {
    let packed = PickleInspectorTests.bytes(
      "88aa5f7065726d616e656e74c3a7757365725f69642aa4636172749401fecb400c000000000000c0a4626c6f62c402ff00a3626967cfffffffffffffffffa36e6567d3ffffff000000000007a5736576656ea27473d5056162"
    )
    let decoded = try MessagePack.decode(packed)
    #expect(
      decoded.serialized()
        == #"{"_permanent":true,"user_id":42,"cart":[1,-2,3.5,null],"blob":{"base64":"/wA="},"#
        + #""big":18446744073709551615,"neg":-1099511627776,"7":"seven","#
        + #""ts":{"ext":5,"data":"ab"}}"#)
  }

  @Test func brokenInputIsAnErrorWithItsOffset() {
    #expect(throws: MessagePack.DecodingError.self) { try MessagePack.decode([0x92, 0x01]) }
    #expect(throws: MessagePack.DecodingError.self) { try MessagePack.decode([0xC1]) }
    #expect(throws: MessagePack.DecodingError.self) { try MessagePack.decode([0x01, 0x02]) }
    // A claimed length far past the end, and nesting deeper than the limit.
    #expect(throws: MessagePack.DecodingError.self) {
      try MessagePack.decode([0xDD, 0x7F, 0xFF, 0xFF, 0xFF])
    }
    #expect(throws: MessagePack.DecodingError.self) {
      try MessagePack.decode([UInt8](repeating: 0x91, count: 200) + [0x01])
    }
  }
}
