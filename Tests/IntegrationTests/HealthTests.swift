import Foundation
import RStateCore
import Testing

/// `rstate health` against servers configured into each state, in all four formats.
@Suite(.enabled(if: RedisServer.shouldRun))
struct HealthTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  struct Outcome {
    var status: Int32
    var text: String
    var checks: [String: [String: Any]]
    var json: [String: Any]
  }

  /// Runs health in every format, checks each format's shape, and returns the parsed JSON.
  func health(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
    let base = ["health", "--sample", "0"] + arguments
    let text = try rstate(base, environment: environment)
    let nagios = try rstate(base + ["--format", "nagios"], environment: environment)
    let json = try rstate(base + ["--format", "json"], environment: environment)
    let prometheus = try rstate(base + ["--format", "prometheus"], environment: environment)
    #expect(Set([text.status, nagios.status, json.status, prometheus.status]).count == 1)
    #expect(text.out.hasPrefix("REDIS "))
    let firstLine = nagios.out.split(separator: "\n").first.map(String.init) ?? ""
    #expect(firstLine.hasPrefix("REDIS "))
    if json.status != 2 || !text.out.contains("reachable  no") {
      #expect(firstLine.contains(" | "), "perfdata follows the status line: \(firstLine)")
    }
    try validate(json.stdout)
    try parsePrometheus(prometheus.stdout)
    let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
    let checks = (object["checks"] as? [[String: Any]] ?? []).reduce(
      into: [String: [String: Any]]()
    ) {
      $0[$1["id"] as? String ?? ""] = $1
    }
    #expect(object["exit_code"] as? Int == Int(json.status))
    return Outcome(status: text.status, text: text.out, checks: checks, json: object)
  }

  func validate(_ document: Data) throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "health-\(UUID()).json")
    try document.write(to: file)
    let result = try run(
      "/usr/bin/python3",
      [
        "-c",
        "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
        file.path, Self.fixtures.appendingPathComponent("health.schema.json").path,
      ], environment: [:], stdin: nil, directory: nil)
    #expect(result.status == 0, "schema: \(result.err)")
  }

  func parsePrometheus(_ exposition: Data) throws {
    let result = try run(
      "/usr/bin/python3",
      [
        "-c",
        "import sys; from prometheus_client.parser import text_string_to_metric_families as p; "
          + "fs = list(p(sys.stdin.read())); print(sum(len(f.samples) for f in fs))",
      ], environment: [:], stdin: exposition, directory: nil)
    #expect(result.status == 0, "prometheus parser: \(result.err)")
    #expect((Int(result.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0)
  }

  func status(_ outcome: Outcome, _ id: String) -> String? {
    outcome.checks[id]?["status"] as? String
  }
  func explanation(_ outcome: Outcome, _ id: String) -> String {
    outcome.checks[id]?["explanation"] as? String ?? ""
  }

  @Test func defaultServerWarnsAboutSecurityAndPersistence() throws {
    let server = try RedisServer()
    let outcome = try health(["-s", server.socketPath])
    #expect(outcome.status == 1)
    #expect(status(outcome, "security") == "WARNING")
    #expect(explanation(outcome, "security").contains("default user needs no password"))
    #expect(status(outcome, "durability") == "WARNING")
    #expect(status(outcome, "memory") == "WARNING", "no maxmemory on a self-hosted server")
    #expect(status(outcome, "ping") == "OK")
    #expect(outcome.checks.count >= 15)
  }

  @Test func passwordAndLimitsMakeAnOKServer() throws {
    let server = try RedisServer(config: [
      "requirepass health-pw", "maxmemory 100mb", "appendonly yes", "rename-command KEYS \"\"",
      "rename-command FLUSHALL \"\"", "rename-command CONFIG ops-config",
    ])
    let outcome = try health(
      ["-s", server.socketPath, "--config-command", "ops-config"],
      environment: ["REDIS_PASSWORD": "health-pw"])
    #expect(outcome.status == 0, "\(outcome.text)")
    #expect(outcome.text.hasPrefix("REDIS OK - "))
    #expect(!outcome.text.contains("health-pw"))
  }

  @Test func nearlyFullMemoryWithNoevictionIsCritical() throws {
    let server = try RedisServer(config: ["maxmemory-policy noeviction"])
    let connection = server.connection()
    _ = try connection.pipeline(
      (0..<200).map { Command("SET", "big:\($0)", String(repeating: "x", count: 10_000)) })
    guard case .bulk(let infoBytes)? = try? connection.send(Command("INFO", "memory")) else {
      Issue.record("no INFO")
      return
    }
    let used =
      ServerInfo(parsing: String(decoding: infoBytes, as: UTF8.self)).integer("used_memory") ?? 0
    _ = try connection.send(Command("CONFIG", "SET", "maxmemory", String(Int(Double(used) * 1.08))))
    let outcome = try health(["-s", server.socketPath])
    #expect(outcome.status == 2)
    #expect(status(outcome, "memory") == "CRITICAL")
    #expect(outcome.checks["memory"]?["crit"] as? Double == 90)
    let relaxed = try rstate([
      "health", "-s", server.socketPath, "--sample", "0", "--warn", "memory=99", "--crit",
      "memory=100", "--format", "json",
    ])
    let object = try #require(
      try JSONSerialization.jsonObject(with: relaxed.stdout) as? [String: Any])
    let memory = (object["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "memory" }
    #expect(memory?["warn"] as? Double == 99)
    #expect(memory?["crit"] as? Double == 100)
    #expect(memory?["status"] as? String != "CRITICAL", "overridden thresholds are applied")
  }

  @Test func evictingPolicyUnderAQueueWorkloadWarns() throws {
    let server = try RedisServer(config: ["maxmemory 100mb", "maxmemory-policy allkeys-lru"])
    let queue = try health(["-s", server.socketPath, "--workload", "queue"])
    #expect(status(queue, "eviction_policy") == "WARNING")
    #expect(explanation(queue, "eviction_policy").contains("noeviction"))
    let cache = try health(["-s", server.socketPath, "--workload", "cache"])
    #expect(status(cache, "eviction_policy") == "OK")
  }

  @Test func failingBackgroundSaveIsCritical() throws {
    let server = try RedisServer(config: ["enable-protected-configs yes"])
    let connection = server.connection()
    _ = try connection.send(Command("SET", "k", "v"))
    #expect(
      try connection.send(Command("CONFIG", "SET", "dir", "/proc")) == .status(Array("OK".utf8)))
    _ = try connection.send(Command("BGSAVE"))
    for _ in 0..<100 {
      let text = try connection.send(Command("INFO", "persistence")).text ?? ""
      if text.contains("rdb_last_bgsave_status:err") { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let outcome = try health(["-s", server.socketPath])
    #expect(outcome.status == 2)
    #expect(status(outcome, "persistence_errors") == "CRITICAL")
    #expect(explanation(outcome, "persistence_errors").contains("MISCONF"))
  }

  @Test func replicaWhosePrimaryStoppedIsCritical() throws {
    let primary = try RedisServer()
    let replica = try RedisServer(config: ["replicaof 127.0.0.1 \(primary.port)"])
    let connection = replica.connection()
    func link() throws -> String {
      let info = ServerInfo(parsing: try connection.send(Command("INFO", "replication")).text ?? "")
      return info["master_link_status"] ?? ""
    }
    for _ in 0..<200 where try link() != "up" { Thread.sleep(forTimeInterval: 0.05) }
    #expect(try link() == "up")
    let healthy = try health(["-s", replica.socketPath])
    #expect(status(healthy, "replica_link") == "OK")
    let onPrimary = try health(["-s", primary.socketPath, "--expect-replicas", "1"])
    #expect(status(onPrimary, "replicas") == "OK")
    let missing = try health(["-s", primary.socketPath, "--expect-replicas", "2"])
    #expect(status(missing, "replicas") == "CRITICAL")
    primary.stop()
    for _ in 0..<200 where try link() == "up" { Thread.sleep(forTimeInterval: 0.05) }
    let broken = try health(["-s", replica.socketPath])
    #expect(broken.status == 2)
    #expect(status(broken, "replica_link") == "CRITICAL")
  }

  @Test func renamedConfigIsReadUnderItsNewName() throws {
    let server = try RedisServer(config: ["rename-command CONFIG \"\""])
    let refused = try health(["-s", server.socketPath])
    #expect(explanation(refused, "durability").contains("CONFIG refused"))
    let renamed = try RedisServer(config: ["rename-command CONFIG ops-config", "save 3600 1"])
    let outcome = try health(["-s", renamed.socketPath, "--config-command", "ops-config"])
    #expect(status(outcome, "durability") == "OK", "save rules were read through ops-config")
  }

  @Test func aclUserWithoutAdminCommandsSkipsOnlyThoseChecks() throws {
    let server = try RedisServer(config: [
      "user default on >admin-pw ~* &* +@all",
      "user monitor on >monitor-pw ~* +@all -config -acl -latency -slowlog",
    ])
    let outcome = try health(
      ["-s", server.socketPath, "--user", "monitor"], environment: ["REDIS_PASSWORD": "monitor-pw"])
    #expect(status(outcome, "latency") == "SKIPPED")
    #expect((outcome.checks["latency"]?["reason"] as? String ?? "").contains("NOPERM"))
    #expect(status(outcome, "slowlog") == "SKIPPED")
    #expect(status(outcome, "ping") == "OK")
    #expect(status(outcome, "memory") != "SKIPPED")
  }

  @Test func clientsNearMaxclientsAreCritical() throws {
    let server = try RedisServer(config: ["maxclients 10"])
    let held = (0..<9).map { _ in server.connection() }
    for connection in held { _ = try connection.send(Command("PING")) }
    let outcome = try health(["-s", server.socketPath])
    #expect(status(outcome, "clients") == "CRITICAL")
    _ = held
  }

  @Test func slowCommandsShowInSlowlogAndLatency() throws {
    let server = try RedisServer(config: [
      "enable-debug-command local", "slowlog-log-slower-than 100000",
      "latency-monitor-threshold 100",
    ])
    let connection = server.connection()
    for _ in 0..<2 { _ = try connection.send(Command("DEBUG", "SLEEP", "0.15")) }
    let outcome = try health(["-s", server.socketPath, "--warn", "slowlog=2"])
    #expect(status(outcome, "slowlog") == "WARNING")
    #expect(status(outcome, "latency") == "WARNING")
  }

  @Test func unreachableIsCriticalAndBinaryExitIsOne() throws {
    let port = String(try RedisServer.freePort())
    let outcome = try health(["-p", port])
    #expect(outcome.status == 2)
    #expect(outcome.text.hasPrefix("REDIS CRITICAL - cannot connect to 127.0.0.1:\(port)"))
    let binary = try rstate(["health", "-p", port, "--exit", "binary"])
    #expect(binary.status == 1)
  }

  @Test func refusedLoginIsCriticalWithoutThePassword() throws {
    let server = try RedisServer(config: ["requirepass right-one"])
    let outcome = try health(
      ["-s", server.socketPath], environment: ["REDIS_PASSWORD": "wrong-one"])
    #expect(outcome.status == 2)
    #expect(outcome.text.contains("authentication failed"))
    #expect(!outcome.text.contains("wrong-one"))
  }

  @Test func badArgumentsAreUnknown() throws {
    let result = try rstate(["health", "--warn", "nosuch=1"])
    #expect(result.status == 3)
    #expect(result.err.contains("unknown check 'nosuch'"))
  }

  @Test func warningsPassABinaryHealthCheck() throws {
    let server = try RedisServer()
    let result = try rstate([
      "health", "-s", server.socketPath, "--sample", "0", "--exit", "binary",
    ])
    #expect(result.status == 0)
  }
}

@Suite(.enabled(if: RedisServer.shouldRun))
struct HealthTimingTests {
  /// A port that accepts connections (the kernel's backlog) but never answers.
  @Test func silentServerIsCriticalWithinTheTimeout() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    let port = String(UInt16(bigEndian: address.sin_port))
    let result = try rstate(["health", "-p", port, "--timeout", "1", "--sample", "0"])
    #expect(result.status == 2)
    #expect(result.out.hasPrefix("REDIS CRITICAL - "))
    let binary = try rstate(["health", "-p", port, "--timeout", "1", "--exit", "binary"])
    #expect(binary.status == 1)
  }

  @Test func watchRepeatsUntilStopped() throws {
    let server = try RedisServer()
    let result = try run(
      "/usr/bin/timeout",
      [
        "-s", "KILL", "3", rstateBinary, "health", "-s", server.socketPath, "--sample", "0",
        "--watch", "0.5",
      ],
      environment: [:], stdin: nil, directory: nil)
    let reports = result.out.split(separator: "\n").filter { $0.hasPrefix("REDIS ") }
    #expect(reports.count >= 2, "\(result.out)")
  }
}
