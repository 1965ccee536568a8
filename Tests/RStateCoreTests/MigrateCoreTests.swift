import Testing

@testable import RStateCore

struct JSONReaderTests {
  @Test func parsesEveryKindOfValue() throws {
    let parsed = try JSONReader.parse(
      Array(#"{"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\ud83d\ude00\n"}"#.utf8))
    #expect(
      parsed["a"]
        == .array([
          .number(Array("1".utf8)), .number(Array("-2.5e3".utf8)), .bool(true), .bool(false), .null,
        ]))
    #expect(parsed["b"] == .string(Array("x\"é😀\n".utf8)))
  }

  @Test(arguments: [
    ("{\"a\": 1,}", 8, "expected a member name in double quotes"),
    ("[1 2]", 3, "expected ',' or ']' in an array"),
    ("\"\\x\"", 2, "invalid escape in a string"),
    ("01", 1, "unexpected text after the value"),
    ("{\"a\": tru}", 6, "unexpected character"),
  ])
  func rejectsInvalidJSONWithAnOffset(text: String, offset: Int, reason: String) {
    #expect(throws: JSONSyntaxError(offset: offset, reason: reason)) {
      try JSONReader.parse(Array(text.utf8))
    }
  }

  @Test func lineAndColumnCountCharacters() {
    #expect(JSONReader.lineAndColumn(of: 9, in: Array("{\n  \"é\": x".utf8)) == (2, 7))
  }
}

struct RecordRoundTripTests {
  static let records: [KeyRecord] = [
    KeyRecord(
      key: Array("s".utf8), db: 0, type: "string", value: .string([0xFF, 0x00]),
      expireAtMilliseconds: 1_795_000_000_123),
    KeyRecord(
      key: [0x80], db: 3, type: "list", value: .list([[], Array("a".utf8)]),
      expireAtMilliseconds: nil),
    KeyRecord(
      key: Array("h".utf8), db: 0, type: "hash",
      value: .hash([.init(field: Array("f".utf8), value: [0xFE])]), expireAtMilliseconds: nil,
      part: 2, isLastPart: true),
    KeyRecord(
      key: Array("z".utf8), db: 0, type: "zset",
      value: .zset([.init(member: Array("m".utf8), score: "-inf")]), expireAtMilliseconds: nil),
    KeyRecord(
      key: Array("x".utf8), db: 0, type: "stream",
      value: .stream([
        .init(id: "1-1", fields: [.init(field: Array("f".utf8), value: Array("v".utf8))])
      ]), expireAtMilliseconds: nil),
    KeyRecord(
      key: Array("m".utf8), db: 0, type: "MBbloom--", value: .dumpOnly([1, 2, 3]),
      expireAtMilliseconds: nil),
  ]

  @Test(arguments: records)
  func recordsReadBackAsWritten(record: KeyRecord) throws {
    let line = Array(record.json.serialized().utf8)
    switch try KeyRecord.decode(line: line[...]) {
    case .record(let decoded): #expect(decoded == record)
    case .object(let parsed): #expect(try KeyRecord(parsed: parsed) == record)
    case .other: Issue.record("not an object")
    }
  }

  @Test func badRecordsSayWhy() throws {
    let parsed = try JSONReader.parse(
      Array(#"{"key":"k","db":0,"type":"zset","value":[["m","x"]],"expire_at_ms":null}"#.utf8))
    #expect(throws: RecordFormatError("zset score \"x\" is not a number, inf or -inf")) {
      try KeyRecord(parsed: parsed)
    }
  }

  @Test func base64RoundTrips() {
    for length in 0..<10 {
      let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 200) }
      #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }
    #expect(Base64.decode("abc") == nil)
    #expect(Base64.decode("ab=c") == nil)
  }
}

struct DigestAndRoutingTests {
  @Test func setsAndHashesCompareRegardlessOfOrderAndRepeats() {
    let a = ValueDigest(.set([Array("x".utf8), Array("y".utf8)]))
    var parts = ValueDigest.Accumulator()
    parts.add(.set([Array("y".utf8)]))
    parts.add(.set([Array("x".utf8), Array("y".utf8)]))
    #expect(parts.finish() == a)
    #expect(
      ValueDigest(.list([Array("x".utf8), Array("y".utf8)]))
        != ValueDigest(.list([Array("y".utf8), Array("x".utf8)])))
    #expect(
      ValueDigest(.zset([.init(member: [1], score: "1")]))
        == ValueDigest(.zset([.init(member: [1], score: "1.0")])))
    #expect(
      ValueDigest(.zset([.init(member: [1], score: "+inf")]))
        == ValueDigest(.zset([.init(member: [1], score: "inf")])))
    #expect(ValueDigest(.set([[1]])) != ValueDigest(.list([[1]])))
  }

  @Test func sha256MatchesKnownVectors() {
    #expect(
      SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hex(Array("abc".utf8))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    var hasher = SHA256()
    hasher.update(Array("a".utf8))
    let copy = hasher
    hasher.update(Array("bc".utf8))
    #expect(hasher.finalizeHex() == SHA256.hex(Array("abc".utf8)))
    #expect(copy.finalizeHex() == SHA256.hex(Array("a".utf8)), "a copy keeps its own state")
  }

  @Test func hashSlotsFollowTheClusterSpec() {
    #expect(HashSlot.slot(of: Array("123456789".utf8)) == 0x31C3 % 16384)
    #expect(
      HashSlot.slot(of: Array("{user1000}.following".utf8))
        == HashSlot.slot(of: Array("{user1000}.followers".utf8)))
    #expect(
      HashSlot.slot(of: Array("foo{}{bar}".utf8)) == HashSlot.slot(of: Array("foo{}{bar}".utf8)))
    for key in ["plain", "{tag}rest", "a}b"] {
      let bytes = Array(key.utf8)
      #expect(
        HashSlot.slot(of: RedisTarget.temporaryKey(for: bytes)) == HashSlot.slot(of: bytes)
          || key == "a}b")
    }
  }

  @Test func rdbVersionsFollowTheRelease() {
    #expect(ServerCapabilities(version: "7.0.15").rdbVersion == 10)
    #expect(ServerCapabilities(version: "7.2.4").rdbVersion == 11)
    #expect(ServerCapabilities(version: "6.2.14").rdbVersion == 9)
    #expect(!ServerCapabilities(version: "4.0.14").absoluteRestoreTTL)
    #expect(ServerCapabilities.payloadVersion([0, 1, 0x61, 10, 0, 1, 2, 3, 4, 5, 6, 7, 8]) == 10)
    #expect(RedisSource.typeName(ofPayload: [16]) == "hash")
  }

  @Test func keyTemplatesNeedOnePlaceholder() throws {
    #expect(
      try KeyTemplate("document_workflow:{id}").key(for: Array("7".utf8))
        == Array("document_workflow:7".utf8))
    #expect(throws: RStateError.self) { try KeyTemplate("no placeholder") }
    #expect(throws: RStateError.self) { try KeyTemplate("{a}:{b}") }
  }
}
