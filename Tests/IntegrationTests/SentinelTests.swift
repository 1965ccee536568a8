import Foundation
import RStateCore
import Testing

/// Sentinel on loopback: one primary, one replica, three sentinels.
@Suite(.enabled(if: RedisServer.shouldRun), .serialized)
struct SentinelTests {
  @Test func pingAndCommandsFollowAFailover() throws {
    let setup = try RedisSentinels()
    let first = try rstate(["ping", "--count", "1", "-u", setup.url])
    #expect(first.status == 0, "\(first.err)")
    #expect(first.out.contains("pings to 127.0.0.1:\(setup.primary.port)"), "\(first.out)")
    let flags =
      setup.ports.flatMap { ["--sentinel", "127.0.0.1:\($0)"] } + ["--master", "mymaster"]
    #expect(try rstate(["exec"] + flags + ["SET", "before", "1"]).out == "OK\n")
    try setup.failOver()
    let after = try rstate(["ping", "--count", "1", "-u", setup.url])
    #expect(after.out.contains("pings to 127.0.0.1:\(setup.replica.port)"), "\(after.out)")
    #expect(try rstate(["exec"] + flags + ["SET", "after", "2"]).out == "OK\n")
    #expect(try setup.replica.connection().send(Command("GET", "after")) == .bulk(Array("2".utf8)))
    #expect(try setup.replica.connection().send(Command("GET", "before")) == .bulk(Array("1".utf8)))
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/script")))
  func shellFollowsAFailover() throws {
    let setup = try RedisSentinels()
    let sentinel = setup.ports[0]
    // Typed at a terminal: a command, the failover (from another client), then commands.
    let failover =
      "redis-cli -p \(sentinel) SENTINEL FAILOVER mymaster >/dev/null; "
      + "until [ \"$(redis-cli -p \(sentinel) SENTINEL GET-MASTER-ADDR-BY-NAME mymaster | tail -1)\" = \(setup.replica.port) ]; do sleep 0.1; done; "
      + "until redis-cli -p \(setup.replica.port) ROLE | head -1 | grep -q master; do sleep 0.1; done; sleep 1"
    let script =
      "(sleep 1; printf 'SET a 1\\n'; sleep 0.5; \(failover); printf 'SET b 2\\n'; sleep 0.5; "
      + "printf 'SET c 3\\n'; sleep 0.5; printf 'quit\\n') | /usr/bin/script -qec \"\(rstateBinary) -u \(setup.url)\" /dev/null"
    let result = try run(
      "/bin/sh", ["-c", script],
      environment: ["RSTATE_RCFILE": noHints, "TERM": "dumb", "PATH": "/usr/bin:/bin"],
      stdin: nil, directory: nil)
    #expect(result.out.contains("127.0.0.1:\(setup.primary.port)> SET a 1"), "\(result.out)")
    #expect(result.out.contains("127.0.0.1:\(setup.replica.port)> SET c 3"), "\(result.out)")
    #expect(try setup.replica.connection().send(Command("GET", "c")) == .bulk(Array("3".utf8)))
  }

  @Test func sentinelPasswordIsSeparateAndUnknownPrimaryIsNamed() throws {
    let setup = try RedisSentinels(sentinelPassword: "sentinel-secret")
    let refused = try rstate(["ping", "-u", setup.url])
    #expect(refused.status == 1)
    #expect(refused.err.contains("no sentinel gave its address"), "\(refused.err)")
    let allowed = try rstate(
      ["ping", "-u", setup.url], environment: ["REDIS_SENTINEL_PASSWORD": "sentinel-secret"])
    #expect(allowed.out == "PONG\n", "\(allowed.err)")
    #expect(!allowed.err.contains("sentinel-secret") && !refused.err.contains("sentinel-secret"))
    let unknown = try rstate(
      ["ping", "-u", setup.url.replacingOccurrences(of: "mymaster", with: "other")],
      environment: ["REDIS_SENTINEL_PASSWORD": "sentinel-secret"])
    #expect(unknown.status == 1)
    #expect(unknown.err.contains("does not know a primary named \"other\""), "\(unknown.err)")
  }
}
