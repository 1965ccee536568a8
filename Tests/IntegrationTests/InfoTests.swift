import Foundation
import Testing

@Suite(.enabled(if: RedisServer.shouldRun))
struct InfoTests {
  @Test func summaryNamesWhatOperatorsCheck() throws {
    let server = try RedisServer(config: ["maxmemory 100mb", "maxmemory-policy allkeys-lru"])
    _ = try rstate(["exec", "-s", server.socketPath, "SET", "a", "1", "EX", "100"])
    _ = try rstate(["exec", "-s", server.socketPath, "SET", "b", "1"])
    let result = try rstate(["info", "-s", server.socketPath])
    #expect(result.status == 0)
    for label in [
      "server", "uptime", "memory", "fragmentation", "clients", "ops/s", "hit ratio",
      "db0", "persistence",
    ] {
      #expect(result.out.contains("\n\(label) ") || result.out.hasPrefix("\(label) "), "\(label)")
    }
    #expect(result.out.contains("Redis 7."))
    #expect(result.out.contains("maxmemory 100.00M"))
    #expect(result.out.contains("policy allkeys-lru"))
    #expect(result.out.contains("2 keys, 1 with an expiry"))
    #expect(!result.out.contains("\u{1B}["), "no colour when piped")
  }

  @Test func rawIsTheServersText() throws {
    let server = try RedisServer()
    let result = try rstate(["info", "-s", server.socketPath, "--raw", "server"])
    #expect(result.out.hasPrefix("# Server\r\nredis_version:"))
  }

  @Test func jsonHasEverySectionAndParsesKeyspaceMaps() throws {
    let server = try RedisServer()
    _ = try rstate(["exec", "-s", server.socketPath, "-n", "2", "SET", "a", "1", "EX", "100"])
    let result = try rstate(["info", "-s", server.socketPath, "--json", "everything"])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    for section in [
      "server", "clients", "memory", "persistence", "stats", "replication", "cpu",
      "keyspace", "commandstats",
    ] {
      #expect(object[section] != nil, "\(section)")
    }
    let db2 = try #require((object["keyspace"] as? [String: Any])?["db2"] as? [String: Any])
    #expect(db2["keys"] as? Int == 1)
    #expect(db2["expires"] as? Int == 1)
    let server_ = try #require(object["server"] as? [String: Any])
    #expect(
      server_["redis_version"] as? String == "7.0.15"
        || (server_["redis_version"] as? String)?.isEmpty == false)
    #expect(server_["tcp_port"] is Int)
  }

  @Test func sectionsArePrintedFieldByField() throws {
    let server = try RedisServer()
    let result = try rstate(["info", "-s", server.socketPath, "memory"])
    #expect(result.out.hasPrefix("# Memory\n"))
    #expect(result.out.contains("\nused_memory  "))
  }

  @Test func unknownServerIsOneLineAndExitOne() throws {
    let result = try rstate(["info", "-p", String(try RedisServer.freePort())])
    #expect(result.status == 1)
    #expect(result.err.split(separator: "\n").count == 1)
  }
}
