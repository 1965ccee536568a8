import Testing

@testable import RStateCore

struct LocationTextTests {
  @Test(arguments: [
    "redis://h:6379", "redis:PW@host:6379", "rediss:PW@host", "unix:/tmp/redis.sock",
    "redis+sentinel:x", "redis:/:PW@h", "redis//:PW@h:6379", ":PW@host", "user:pw@host",
    "user@host", "user@cache.internal:6380", "localhost:6379", "cache:6380/2",
    "10.0.0.5:6379", "[::1]:6379", "http://example.com", "redis:",
  ])
  func urlLikeTextIsNotAPath(text: String) {
    #expect(LocationText.looksLikeURL(text))
  }

  @Test(arguments: [
    "backup.jsonl", "out/backup.jsonl", "./localhost:6379", "/tmp/redis:PW@host",
    "../x@y", "data:v2.jsonl", "app@2024-01-01.jsonl", "sessions", "dump-2024-01-01T10:00.jsonl",
    "out/redis:x", "~/backup.jsonl",
  ])
  func pathsStayPaths(text: String) {
    #expect(!LocationText.looksLikeURL(text))
  }

  @Test func maskingHidesEverythingBeforeTheLastAt() {
    #expect(LocationText.masked("redis:PW@host:6379") == "redis:***@host:6379")
    #expect(LocationText.masked("redis//:PW@h:6379") == "***@h:6379")
    #expect(LocationText.masked("u:p@ss@host") == "***@host")
    #expect(LocationText.masked("redis://u:PW@h") == "redis://***@h")
    #expect(LocationText.masked("localhost:6379") == "localhost:6379")
  }

  @Test func newFilesNeedAnExistingDirectory() {
    #expect(FileIdentity.missingDirectory(forNewFile: "/no/such/dir/x.jsonl") == "/no/such/dir")
    #expect(
      FileIdentity.missingDirectory(forNewFile: "/tmp/rstate-location-test-absent.jsonl") == nil)
    #expect(FileIdentity.missingDirectory(forNewFile: "/etc/passwd/x") == "/etc/passwd")
    #expect(FileIdentity.split("x.jsonl") == (".", "x.jsonl"))
    #expect(FileIdentity.split("/x.jsonl") == ("/", "x.jsonl"))
  }
}
