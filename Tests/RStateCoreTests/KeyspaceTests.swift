import Testing

@testable import RStateCore

@Suite struct KeyspaceTests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func sha256Vectors(input: String, digest: String) {
    #expect(SHA256.hex(Array(input.utf8)) == digest)
  }

  @Test func sha256AcrossUpdatesEqualsOneShot() {
    let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
    var hasher = SHA256()
    hasher.update(data[0..<3])
    hasher.update(data[3..<700])
    hasher.update(data[700...])
    #expect(hasher.finalizeHex() == SHA256.hex(data))
    #expect(
      SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func ttlBucketsAndPrefixes() {
    var summary = TTLSummary()
    summary.add(Array("session:a".utf8), .expiresIn(milliseconds: 30_000))
    summary.add(Array("session:b".utf8), .expiresIn(milliseconds: 7_200_000))
    summary.add(Array("wf:1".utf8), .persistent)
    summary.add(Array("nocolon".utf8), .expiresIn(milliseconds: 40 * 86_400_000))
    summary.add(Array("gone:1".utf8), .missing)
    let rows = summary.sortedRows
    #expect(rows.map { String(decoding: $0.prefix, as: UTF8.self) } == ["session:", "", "wf:"])
    #expect(rows[0].counts == [0, 1, 0, 1, 0, 0, 0])
    #expect(rows[1].counts[TTLSummary.Bucket.longer.rawValue] == 1)
    #expect(rows[2].neverExpires)
    #expect(TTLSummary.prefix(of: Array("a:b:c".utf8)) == Array("a:b:".utf8))
    let table = summary.table(style: TextStyle(color: false))
    #expect(table.contains("(no prefix)"))
    #expect(table.split(separator: "\n")[3].hasSuffix("never expires"))
  }

  @Test func timeToLiveInWords() {
    #expect(TimeToLive(pttlReply: .integer(-1)) == .persistent)
    #expect(TimeToLive(pttlReply: .integer(-2)) == .missing)
    #expect(TimeToLive(pttlReply: .integer(86_399_000)).humanDescription == "23h 59m 59s")
    #expect(TimeToLive(pttlReply: .integer(250)).humanDescription == "250ms")
  }

  @Test func keyListings() {
    let key: [UInt8] = Array("a b\n".utf8) + [0xFF]
    func render(_ listing: KeyListing) -> [UInt8] {
      var out: [UInt8] = []
      listing.render(key, into: &out)
      return out
    }
    #expect(render(.quoted) == Array("\"a b\\n\\xff\"\n".utf8))
    #expect(render(.lines) == key + [0x0A])
    #expect(render(.nulSeparated) == key + [0])
    #expect(
      String(decoding: render(.jsonLines), as: UTF8.self) == "{\"key\":{\"base64\":\"YSBiCv8=\"}}\n"
    )
  }

  @Test func recordJSON() {
    let record = KeyRecord(
      key: Array("z".utf8), db: 2, type: "zset",
      value: .zset([.init(member: Array("m".utf8), score: "-inf")]), expireAtMilliseconds: 5,
      part: 1, isLastPart: true)
    #expect(
      record.json.serialized()
        == #"{"key":"z","db":2,"type":"zset","value":[["m","-inf"]],"expire_at_ms":5,"part":1,"last":true}"#
    )
  }
}
