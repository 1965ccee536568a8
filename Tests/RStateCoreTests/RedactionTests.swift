import Testing

@testable import RStateCore

@Suite struct RedactionTests {
  /// URL text as users mistype it: whatever could be the password is masked, parsable or not.
  @Test(arguments: [
    ("redis//:Pw1Secret@h:6390", "redis//:***@h:6390"),
    ("redis:/:Pw1Secret@h", "redis:/:***@h"),
    ("redis://:Pw1Secret#x@h", "redis://:***@h"),
    ("redis://h?password=Pw1Secret?b", "redis://h?password=***"),
    ("redis://h/0?db=1&PASSWORD=Pw1Secret&x=1", "redis://h/0?db=1&PASSWORD=***&x=1"),
    ("redis:Pw1Secret@host:6390", "redis:***@host:6390"),
    ("redis://app:Pw1Secret@h:1/0", "redis://app:***@h:1/0"),
    ("redis://Pw1Secret@h", "redis://***@h"),
    ("redis://:Pw1Secret", "redis://:***"),
    ("redis://h:Pw1Secret/0", "redis://h:***/0"),
    ("rediss://u:a@b@h", "rediss://u:***@h"),
    ("redis://h:6390/0", "redis://h:6390/0"),
    ("redis://[::1]:6390", "redis://[::1]:6390"),
    ("unix:///run/redis.sock?db=2", "unix:///run/redis.sock?db=2"),
  ])
  func urlsAreRedactedWhetherOrNotTheyParse(raw: String, redacted: String) {
    #expect(Redaction.redactURL(raw) == redacted)
  }

  @Test func urlsInsideMessagesAreMasked() {
    let message =
      "invalid value 'redis//:Pw2Secret@h:6390' for --to; tried \"rediss://u:Pw2Secret@x\" first"
    let scrubbed = Redaction.scrub(message)
    #expect(!scrubbed.contains("Pw2Secret"))
    #expect(scrubbed.contains("'redis//:***@h:6390'"))
    #expect(scrubbed.contains("\"rediss://u:***@x\""))
  }

  @Test func ordinaryTextIsLeftAlone() {
    let text = "copied 3 keys; conflict: \"user:bob@example.com\" exists (db 0) at 127.0.0.1:6390"
    #expect(Redaction.scrub(text) == text)
  }

  @Test func registeredSecretsAreMaskedAnywhere() {
    _ = Secret("Pw3 with spaces")
    #expect(Redaction.scrub("server said: bad Pw3 with spaces here") == "server said: bad *** here")
  }

  @Test func urlTextRegistersItsCandidatesBeforeParsing() {
    // A space splits this URL into two words; the second half would escape the patterns.
    Redaction.registerURLCandidates("redis://:Pw4 half@host")
    #expect(!Redaction.scrub("see 'Pw4 half@host'").contains("Pw4 half"))
  }

  @Test func parseErrorsNeverQuoteAPasswordTypedAsAPort() {
    for url in ["redis://:Pw5Secret", "redis://h:Pw5Secret/0", "redis://:Pw5Secret#x@h"] {
      do {
        _ = try RedisURL.parse(url)
        Issue.record("\(url) parsed")
      } catch {
        #expect(!error.description.contains("Pw5Secret"), "\(error.description)")
      }
    }
  }

  @Test func aNULInTheHostIsRefusedNotTruncated() {
    #expect(throws: RStateError.self) { try RedisURL.parse("redis://h%00ost:6390") }
    #expect(throws: RStateError.self) { try RedisURL.parse("unix:///tmp/a%00b.sock") }
  }
}
