import Testing

@testable import RStateCore

@Suite struct RedisURLTests {
  @Test func fullURL() throws {
    let url = try RedisURL.parse("redis://app:pw@cache.example.com:6380/2")
    #expect(url.host == "cache.example.com")
    #expect(url.port == 6380)
    #expect(url.db == 2)
    #expect(url.user == "app")
    #expect(url.password?.value == "pw")
    #expect(url.tls == false)
  }

  @Test func passwordOnlyMeansTheDefaultUser() throws {
    let url = try RedisURL.parse("redis://:pw@h")
    #expect(url.user == nil)
    #expect(url.password?.value == "pw")
    #expect(url.port == nil && url.db == nil)
  }

  @Test func percentEncodingAndAtSignsInPasswords() throws {
    let url = try RedisURL.parse("redis://u:p%40ss@w:rd@h:1/0")
    #expect(url.password?.value == "p@ss@w:rd")
    #expect(url.host == "h")
  }

  @Test func ipv6InBrackets() throws {
    let url = try RedisURL.parse("redis://[::1]:7000/1")
    #expect(url.host == "::1")
    #expect(url.port == 7000)
    #expect(Endpoint.tcp(host: "::1", port: 7000).description == "[::1]:7000")
  }

  @Test func tlsScheme() throws {
    #expect(try RedisURL.parse("rediss://h:6380").tls)
  }

  @Test func sentinelScheme() throws {
    let url = try RedisURL.parse("redis+sentinel://app:pw@s1:26379,s2,[::1]:26380/mymaster/3")
    #expect(
      url.sentinels == [
        .tcp(host: "s1", port: 26379), .tcp(host: "s2", port: 26379),
        .tcp(host: "::1", port: 26380),
      ])
    #expect(url.masterName == "mymaster")
    #expect(url.db == 3)
    #expect(url.user == "app" && url.password == Secret("pw"))
    #expect(try RedisURL.parse("rediss+sentinel://s1/m").tls)
    #expect(throws: RStateError.self) { try RedisURL.parse("redis+sentinel://s1:26379") }
    let resolved = try SettingsResolver.resolve(
      flags: ConnectionFlags(url: "redis+sentinel://:pw@s1,s2:5000/cache"), environment: [:],
      envFile: .none)
    #expect(resolved.settings.sentinel?.masterName == "cache")
    #expect(resolved.settings.redactedURL == "redis+sentinel://:***@s1:26379,s2:5000/cache/0")
  }

  @Test func unixSocketWithDBInQuery() throws {
    let url = try RedisURL.parse("unix:///run/redis/redis.sock?db=4")
    #expect(url.socketPath == "/run/redis/redis.sock")
    #expect(url.db == 4)
    let withAuth = try RedisURL.parse("unix://u:pw@/tmp/r.sock")
    #expect(withAuth.socketPath == "/tmp/r.sock")
    #expect(withAuth.user == "u")
  }

  @Test(arguments: [
    ("redis://h:0", "port '0' is not a number from 1 to 65535"),
    ("redis://h:99999", "port '99999' is not a number from 1 to 65535"),
    // Text that is not a number is not quoted back: it may be a password in the wrong place.
    ("redis://h/abc", "the database is not a number of 0 or more"),
    ("http://h", "unknown scheme 'http://'; use redis://, rediss://, unix:// or redis+sentinel://"),
    ("localhost:6380", "expected redis://, rediss://, unix:// or redis+sentinel:// at the start"),
    (
      "redis://::1:6380",
      "an IPv6 address must be written in brackets, as in redis://[::1]:\(Endpoint.defaultPort)"
    ),
    ("redis://[::1", "an IPv6 address opened with '[' must be closed with ']'"),
    (
      "unix://relative.sock",
      "a unix socket URL needs an absolute path, as in unix:///run/redis.sock"
    ),
    ("redis://h/%zz", "'%' must be followed by two hex digits"),
  ])
  func malformedURLsSayWhatIsWrong(url: String, reason: String) {
    #expect(throws: RStateError.invalidURL(url: url, reason: reason)) {
      try RedisURL.parse(url)
    }
  }

  @Test func errorsNeverShowThePassword() {
    do {
      _ = try RedisURL.parse("redis://user:hunter2@h:bad/0")
      Issue.record("expected an error")
    } catch {
      #expect(!error.description.contains("hunter2"))
      #expect(error.description.contains("redis://user:***@h:bad/0"))
    }
  }

  @Test func redaction() {
    #expect(RedisURL.redact("redis://u:secret@h:1/0") == "redis://u:***@h:1/0")
    #expect(RedisURL.redact("redis://:secret@h") == "redis://:***@h")
    // redis-cli takes a lone userinfo as the password, so it is masked too.
    #expect(RedisURL.redact("redis://u@h") == "redis://***@h")
    #expect(RedisURL.redact("unix:///s?db=1&password=x") == "unix:///s?db=1&password=***")
  }

  @Test func redactedSettingsURL() {
    let settings = ConnectionSettings(
      endpoint: .tcp(host: "h", port: 1), db: 2, user: "app", password: Secret("pw"))
    #expect(settings.redactedURL == "redis://app:***@h:1/2")
    #expect("\(Secret("pw"))" == "***")
  }
}
