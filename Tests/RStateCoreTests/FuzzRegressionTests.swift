import Testing

@testable import RStateCore

/// Inputs the fuzz targets in Fuzz/ found crashing, hanging or leaking, one test each.
@Suite struct FuzzRegressionTests {
  /// `glob`: every `*` retried at every position made a 90-byte pattern over a key id run
  /// for minutes; only the last star is retried now.
  @Test(.timeLimit(.minutes(1))) func globWithManyStarsIsLinear() {
    let pattern = Array(String(repeating: "*a", count: 20).utf8) + Array("b".utf8)
    let text = [UInt8](repeating: UInt8(ascii: "a"), count: 200)
    #expect(!Glob.matches(pattern, text))
    #expect(Glob.matches(pattern, text + Array("b".utf8)))
  }

  @Test func globKeepsItsMeaning() {
    func matches(_ pattern: String, _ text: String) -> Bool {
      Glob.matches(Array(pattern.utf8), Array(text.utf8))
    }
    #expect(matches("user:*", "user:42"))
    #expect(matches("*ab", "aab"))
    #expect(matches("*a", "aa"))
    #expect(matches("h?llo", "hello"))
    #expect(!matches("h?llo", "hllo"))
    #expect(matches("h[^e]llo", "hallo"))
    #expect(!matches("h[^e]llo", "hello"))
    #expect(matches("h[a-c]llo", "hbllo"))
    #expect(matches(#"a\*"#, "a*"))
    #expect(!matches(#"a\*"#, "ab"))
    #expect(!matches("*[", "x["))
    #expect(matches("**", ""))
    #expect(matches("", ""))
    #expect(!matches("", "a"))
    #expect(!matches("?", ""))
    #expect(matches("*:*:state", "a:b:c:state"))
    #expect(!matches("*:*:state", "a:state"))
  }

  /// `marshal` (through `:peek`'s view): a msgpack map whose key is a map whose key is a map …
  /// was written as JSON text escaped again at every level, doubling each time.
  @Test(.timeLimit(.minutes(1))) func msgpackMapKeyHoldingAMapIsRefused() {
    var nested: [UInt8] = [0xA1, UInt8(ascii: "\"")]
    for _ in 0..<40 { nested = [0x81] + nested + [0xC0] }
    #expect(throws: MessagePack.DecodingError.self) { try MessagePack.decode(nested) }
    #expect(throws: MessagePack.DecodingError.self) {
      try MessagePack.decode([0x81, 0x91, 0x01, 0xC0])
    }
    #expect(ValueView.lines(nested).first?.hasPrefix("msgpack (undecodable)") == true)
    // Scalar keys are still written as their JSON.
    #expect((try? MessagePack.decode([0x81, 0x07, 0xC3]))?.serialized() == #"{"7":true}"#)
  }

  /// `url`: a `?` inside a query password made redaction start the query at that `?`, so
  /// the password was printed whole.
  @Test func queryPasswordHoldingAQuestionMarkIsRedacted() {
    #expect(RedisURL.redact("redis://h?password=a?bcdef") == "redis://h?password=***")
    #expect(
      RedisURL.redact("redis://u:pw@h/0?db=1&password=x?y&z=1")
        == "redis://u:***@h/0?db=1&password=***&z=1")
    #expect(throws: RStateError.self) { try RedisURL.parse("redis://h:bad?password=a?bcdef") }
    do {
      _ = try RedisURL.parse("redis://h:bad?password=a?bcdef")
    } catch {
      #expect(!error.description.contains("bcdef"))
    }
  }
}
