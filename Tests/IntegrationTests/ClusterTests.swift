import Foundation
import RStateCore
import Testing

/// rstate against a real Redis Cluster of three primaries and three replicas on loopback.
/// One cluster serves the suite's tests in turn (starting one takes seconds).
@Suite(.enabled(if: RedisServer.shouldRun), .serialized)
struct ClusterTests {
  static let cluster = Result { try RedisCluster() }

  private var cluster: RedisCluster {
    get throws { try Self.cluster.get() }
  }

  private func seedArguments() throws -> [String] { ["-p", String(try cluster.seed.port)] }

  private func flushAll() throws {
    for node in try cluster.primaries() { _ = try node.connection().send(Command("FLUSHALL")) }
  }

  @Test func keysIsTheUnionOfEveryPrimary() throws {
    try flushAll()
    try cluster.load(prefix: "user:", count: 3000)
    let byNode = try cluster.keysByNode()
    #expect(byNode.allSatisfy { !$0.isEmpty })
    let union = byNode.reduce(into: Set<String>()) { $0.formUnion($1) }
    #expect(union.count == 3000)
    let listed = try rstate(["keys"] + seedArguments())
    let keys = listed.out.split(separator: "\n").map(String.init)
    #expect(keys.count == 3000)
    #expect(Set(keys) == union)
    // From a replica too: the layout is the same wherever rstate enters.
    let primaries = try cluster.primaries()
    let replica = try cluster.nodes.first { node in !primaries.contains { $0 === node } }!
    let fromReplica = try rstate(["keys", "--pattern", "user:1*", "-p", String(replica.port)])
    #expect(
      Set(fromReplica.out.split(separator: "\n").map(String.init))
        == union.filter { $0.hasPrefix("user:1") })
  }

  @Test func flushPatternDeletesOnEveryNode() throws {
    try flushAll()
    try cluster.load(prefix: "cache:", count: 1000)
    try cluster.load(prefix: "keep:", count: 500)
    let result = try rstate(["flush", "--pattern", "cache:*", "--yes"] + seedArguments())
    #expect(result.status == 0, "\(result.err)")
    let remaining = try cluster.keysByNode()
    #expect(remaining.allSatisfy { $0.allSatisfy { $0.hasPrefix("keep:") } })
    #expect(remaining.reduce(0) { $0 + $1.count } == 500)
  }

  @Test func flushDatabaseEmptiesEveryPrimaryAndNamesThem() throws {
    try flushAll()
    try cluster.load(prefix: "job:", count: 600)
    let preview = try rstate(["flush", "--db", "--dry-run"] + seedArguments())
    #expect(preview.err.contains("600 keys in db 0 of the 3 cluster primaries"), "\(preview.err)")
    for node in try cluster.primaries() { #expect(preview.err.contains("127.0.0.1:\(node.port)")) }
    let result = try rstate(["flush", "--db", "--yes"] + seedArguments())
    #expect(result.status == 0, "\(result.err)")
    #expect(try cluster.keysByNode().allSatisfy(\.isEmpty))
  }

  @Test func commandsFollowRedirectsAndCrossSlotIsExplained() throws {
    try flushAll()
    // Keys on every primary, all sent to the seed: MOVED is followed without -c.
    for index in 0..<20 {
      let set = try rstate(["exec"] + seedArguments() + ["SET", "k\(index)", "value \(index)"])
      #expect(set.out == "OK\n", "\(set.err)")
    }
    let get = try rstate(["exec"] + seedArguments() + ["GET", "k7"])
    #expect(get.out == "value 7\n")
    let ttl = try rstate(["ttl"] + seedArguments() + (0..<20).map { "k\($0)" })
    #expect(ttl.out.split(separator: "\n").count == 20)
    #expect(!ttl.out.contains("missing"), "\(ttl.out)")
    let crossSlot = try rstate(["exec"] + seedArguments() + ["MSET", "a", "1", "b", "2"])
    #expect(crossSlot.status == 1)
    #expect(crossSlot.out.contains("CROSSSLOT"))
    #expect(crossSlot.err.contains("{tag}"))
    let tagged = try rstate(["exec"] + seedArguments() + ["MSET", "{u1}a", "1", "{u1}b", "2"])
    #expect(tagged.out == "OK\n")
  }

  @Test func pingEveryNodeAndInfoSummary() throws {
    let ping = try rstate(["ping", "--all-nodes"] + seedArguments())
    #expect(ping.status == 0, "\(ping.err)")
    let lines = ping.out.split(separator: "\n")
    #expect(lines.count == 6)
    #expect(lines.allSatisfy { $0.contains("PONG") })
    #expect(lines.filter { $0.contains("replica of") }.count == 3)
    let info = try rstate(["info"] + seedArguments())
    #expect(
      info.out.contains("16384 of 16384 slots served, 3 primaries, 3 replicas"), "\(info.out)")
    #expect(info.out.components(separatedBy: "# Node ").count == 7)
    let json = try rstate(["info", "--json"] + seedArguments())
    let document = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
    #expect((document?["nodes"] as? [String: Any])?.count == 6)
  }

  @Test func healthJudgesTheClusterAndEveryNode() throws {
    let result = try rstate(["health", "--sample", "0"] + seedArguments())
    #expect(result.out.contains("cluster_state"), "\(result.out)")
    #expect(result.out.contains("slot_coverage"))
    #expect(result.out.contains("16384/16384"))
    #expect(result.out.contains("all 6 answer"))
    for node in try cluster.nodes { #expect(result.out.contains("127.0.0.1:\(node.port) memory")) }
    let json = try rstate(["health", "--sample", "0", "--format", "json"] + seedArguments())
    let report = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
    let checks = report?["checks"] as? [[String: Any]] ?? []
    #expect(checks.filter { $0["node"] != nil }.count > 6 * 10)
    #expect(checks.first { $0["id"] as? String == "cluster_state" }?["status"] as? String == "OK")
  }

  /// `rstate ns` samples every primary and reads values on the node that holds each key;
  /// `--namespace` and the shell's `:peek` follow the keys' slots.
  @Test func namespacesAcrossPrimaries() throws {
    try flushAll()
    let client = try cluster.client()
    var commands: [Command] = []
    for id in 0..<300 {
      let uuid = String(format: "%08x-0000-4000-8000-%012x", id, id)
      commands.append(
        Command(
          ["SET", "celery-task-meta-\(uuid)", #"{"status": "SUCCESS", "result": 1}"#, "EX", "3600"]
            .map { Array($0.utf8) }, keyIndices: [1]))
      commands.append(
        Command(["SET", "document_workflow:\(id)", "{}"].map { Array($0.utf8) }, keyIndices: [1]))
    }
    _ = try client.pipeline(commands)
    let result = try rstate(["ns", "--json"] + seedArguments())
    #expect(result.status == 0, "\(result.err)")
    let survey = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(survey["exact"] as? Bool == true)
    let found = try #require(survey["namespaces"] as? [[String: Any]])
    let results = try #require(found.first { $0["name"] as? String == "celery.results" })
    #expect(results["keys"] as? Int == 300)
    #expect((results["memory_bytes"] as? Int ?? 0) > 0)
    #expect(found.first { $0["name"] as? String == "document_workflow:*" }?["keys"] as? Int == 300)
    let listed = try rstate(
      ["keys", "--namespace", "celery.results", "--count-only"] + seedArguments())
    #expect(listed.out == "300\n")
    let peek = try rstate(
      seedArguments(),
      stdin: Data(":peek celery-task-meta-00000007-0000-4000-8000-000000000007\n".utf8))
    #expect(peek.out.contains("namespace celery.results (Celery)"), "\(peek.out)")
    #expect(peek.out.contains("\"status\": \"SUCCESS\""))
  }

  @Test func clusterFlagOnAStandaloneServerIsAnError() throws {
    let server = try RedisServer()
    let result = try rstate(["keys", "-c", "-p", String(server.port)])
    #expect(result.status == 64)
    #expect(result.err.contains("not a Redis Cluster node"))
    let plain = try rstate(["keys", "-p", String(server.port)])
    #expect(plain.status == 0)
  }
}

extension ClusterTests {
  @Test func migrateStandaloneToClusterToFileToStandalone() throws {
    try flushAll()
    let source = try RedisServer()
    let setup = source.connection()
    var commands: [Command] = []
    for index in 0..<2000 {
      commands.append(Command("SET", "s:\(index)", "value \(index)"))
      commands.append(Command("HSET", "h:\(index)", "step", "review", "owner", "u\(index)"))
      if index % 10 == 0 { commands.append(Command("EXPIRE", "h:\(index)", "86400")) }
    }
    commands.append(
      Command((["RPUSH", "big"] + (0..<3000).map(String.init)).map { Array($0.utf8) }))
    commands.append(Command("ZADD", "board", "1", "a", "inf", "b"))
    _ = try setup.pipeline(commands)
    let seed = "redis://127.0.0.1:\(try cluster.seed.port)"
    let directory = try temporaryDirectory()
    let into = try rstate([
      "migrate", "--from", "redis://127.0.0.1:\(source.port)", "--to", seed, "--verify",
      "--checkpoint", directory.appendingPathComponent("into").path,
    ])
    #expect(into.status == 0, "\(into.err)")
    #expect(try cluster.keysByNode().allSatisfy { $0.count > 1000 })
    // Again: every key is found identical on its node, none is a conflict.
    let again = try rstate([
      "migrate", "--from", "redis://127.0.0.1:\(source.port)", "--to", seed, "--json",
      "--checkpoint", directory.appendingPathComponent("again").path,
    ])
    #expect(again.status == 0, "\(again.err)")
    #expect(again.out.contains("\"unchanged\":4002"), "\(again.out)")
    let file = directory.appendingPathComponent("cluster.jsonl").path
    let out = try rstate([
      "migrate", "--from", seed, "--to", file, "--checkpoint",
      directory.appendingPathComponent("out").path,
    ])
    #expect(out.status == 0, "\(out.err)")
    let copy = try RedisServer()
    let back = try rstate(["migrate", "--from", file, "--to", "redis://127.0.0.1:\(copy.port)"])
    #expect(back.status == 0, "\(back.err)")
    let compared = try rstate([
      "migrate", "--verify-only", "--both-ways", "--from", "redis://127.0.0.1:\(source.port)",
      "--to", "redis://127.0.0.1:\(copy.port)", "--checkpoint",
      directory.appendingPathComponent("compare").path,
    ])
    #expect(compared.status == 0, "\(compared.out)\(compared.err)")
    #expect(
      compared.out.contains("verified 4002 keys: 0 missing, 0 different, 0 only on the target"))
  }
}

/// Changes to a cluster while rstate works on it: a resharding and a failover. Their own
/// cluster, since both change which node serves what.
@Suite(.enabled(if: RedisServer.shouldRun), .serialized)
struct ClusterChangeTests {
  @Test func reshardingDuringAMigrateStillGivesAVerifiedCopy() throws {
    let cluster = try RedisCluster(primaries: 3, replicasPerPrimary: 0)
    let source = try RedisServer()
    _ = try source.connection().pipeline(
      (0..<40000).map { Command("SET", "session:\($0)", "state \($0)") })
    let directory = try temporaryDirectory()
    let seed = "redis://127.0.0.1:\(cluster.seed.port)"
    // Slow enough (--rate) that the resharding happens while keys are written.
    let migrate = try startRState([
      "migrate", "--from", "redis://127.0.0.1:\(source.port)", "--to", seed, "--rate", "8000",
      "--checkpoint", directory.appendingPathComponent("reshard").path,
    ])
    let ids = try cluster.nodes.map { try $0.connection().send(Command("CLUSTER", "MYID")).text! }
    usleep(500_000)
    let reshard = try redisCLI([
      "--cluster", "reshard", "127.0.0.1:\(cluster.seed.port)", "--cluster-from", ids[0],
      "--cluster-to", ids[1], "--cluster-slots", "1500", "--cluster-yes",
    ])
    #expect(reshard.status == 0, "\(reshard.err)")
    migrate.waitUntilExit()
    #expect(migrate.terminationStatus == 0)
    try cluster.waitUntilHealthy()
    let verified = try rstate([
      "migrate", "--verify-only", "--both-ways", "--from", "redis://127.0.0.1:\(source.port)",
      "--to", seed, "--checkpoint", directory.appendingPathComponent("verify").path,
    ])
    #expect(verified.status == 0, "\(verified.out)\(verified.err)")
    #expect(
      verified.out.contains("verified 40000 keys: 0 missing, 0 different, 0 only on the target"))
  }

  @Test func aPrimaryLostDuringKeysIsReportedThenRecovered() throws {
    let cluster = try RedisCluster()
    try cluster.load(prefix: "order:", count: 20000)
    let primaries = try cluster.primaries()
    // Every write on the replicas before a primary goes away.
    for primary in primaries { _ = try primary.connection().send(Command("WAIT", "1", "5000")) }
    let victim = primaries.first { $0 !== cluster.seed }!
    victim.stop()
    let health = try rstate([
      "health", "-p", String(cluster.seed.port), "--sample", "0", "--format", "json",
    ])
    let report = try JSONSerialization.jsonObject(with: Data(health.out.utf8)) as? [String: Any]
    let checks = report?["checks"] as? [[String: Any]] ?? []
    let nodes = checks.first { $0["id"] as? String == "nodes" }
    #expect(nodes?["status"] as? String != "OK")
    #expect((nodes?["explanation"] as? String)?.contains("127.0.0.1:\(victim.port)") == true)
    #expect(health.status != 0)
    let during = try rstate(["keys", "-p", String(cluster.seed.port), "--pattern", "order:*"])
    #expect(during.status == 1, "a primary was down, yet keys exited 0")
    #expect(during.err.contains("127.0.0.1:\(victim.port)"), "\(during.err)")
    // The replica takes over; keys then lists every key again.
    let deadline = Date().addingTimeInterval(30)
    var after = during
    while Date() < deadline {
      after = try rstate(["keys", "-p", String(cluster.seed.port), "--pattern", "order:*"])
      if after.status == 0 { break }
      usleep(200_000)
    }
    #expect(after.status == 0, "\(after.err)")
    #expect(after.out.split(separator: "\n").count == 20000)
  }
}

extension ClusterTests {
  /// Piped lines: the same bytes as `redis-cli -c`, redirect lines included.
  @Test func pipedShellFollowsRedirectsLikeRedisCLI() throws {
    try flushAll()
    let lines =
      (0..<30).map { "SET key:\($0) \($0)" } + (0..<30).map { "GET key:\($0)" } + [
        "INCR counter", "GET missing", "MSET a 1 b 2", "DEL key:3",
      ]
    let input = Data((lines.joined(separator: "\n") + "\n").utf8)
    let port = String(try cluster.seed.port)
    try flushAll()
    let ours = try rstate(["-p", port], stdin: input)
    try flushAll()
    let theirs = try redisCLI(["-c", "-p", port], stdin: input)
    #expect(ours.out == theirs.out)
    #expect(ours.out.contains("-> Redirected to slot"))
  }

  /// At a terminal the prompt moves to the node a command was redirected to.
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/script")))
  func promptFollowsTheRedirect() throws {
    let port = try cluster.seed.port
    let typed = ["SET foo bar", "GET foo", "quit"].map { "sleep 0.3; printf '\($0)\\n'" }
      .joined(separator: "; ")
    let result = try run(
      "/bin/sh",
      [
        "-c", "(sleep 1; \(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(port)\" /dev/null",
      ],
      environment: ["RSTATE_RCFILE": noHints, "TERM": "dumb"], stdin: nil, directory: nil)
    #expect(result.out.contains("-> Redirected to slot [12182] located at 127.0.0.1:"))
    // foo hashes to slot 12182; the prompt then names the node that serves it.
    let client = try cluster.client()
    _ = try client.clusterLayout()
    let node = client.connection(forKey: Array("foo".utf8)).endpoint
    #expect(result.out.contains("\(node)> GET foo"), "\(result.out)")
  }
}

extension ClusterChangeTests {
  /// Out of a cluster, interrupted: --resume completes the copy on the same layout, and is
  /// refused once slots moved (keys could otherwise be missed).
  @Test func resumeOutOfAClusterNeedsTheSameLayout() throws {
    let cluster = try RedisCluster(primaries: 3, replicasPerPrimary: 0)
    try cluster.load(prefix: "doc:", count: 30000)
    let directory = try temporaryDirectory()
    let seed = "redis://127.0.0.1:\(cluster.seed.port)"
    func interruptedExport(_ name: String) throws -> [String] {
      let arguments = [
        "migrate", "--from", seed, "--to", directory.appendingPathComponent("\(name).jsonl").path,
        "--checkpoint", directory.appendingPathComponent("\(name).checkpoint").path,
      ]
      let running = try startRState(arguments + ["--rate", "10000"])
      usleep(1_200_000)
      kill(running.processIdentifier, SIGINT)
      running.waitUntilExit()
      #expect(running.terminationStatus == 1)
      return arguments
    }
    let export = try interruptedExport("same")
    let resumed = try rstate(export + ["--resume"])
    #expect(resumed.status == 0, "\(resumed.err)")
    let compared = try rstate([
      "migrate", "--verify-only", "--from", seed, "--to",
      directory.appendingPathComponent("same.jsonl").path,
    ])
    #expect(compared.out.contains("verified 30000 keys: 0 missing, 0 different"), "\(compared.out)")

    let moved = try interruptedExport("moved")
    let ids = try cluster.nodes.map { try $0.connection().send(Command("CLUSTER", "MYID")).text! }
    let reshard = try redisCLI([
      "--cluster", "reshard", "127.0.0.1:\(cluster.seed.port)", "--cluster-from", ids[2],
      "--cluster-to", ids[0], "--cluster-slots", "100", "--cluster-yes",
    ])
    #expect(reshard.status == 0, "\(reshard.err)")
    try cluster.waitUntilHealthy()
    let refused = try rstate(moved + ["--resume"])
    #expect(refused.status == 64)
    #expect(refused.err.contains("cluster's primaries or slots changed"), "\(refused.err)")
  }
}

extension ClusterTests {
  /// --move out of a cluster: each key is deleted on its node, slot by slot, only once its
  /// copy is verified; the source ends empty and the target holds every key.
  @Test func moveOutOfAClusterDeletesOnlyVerifiedKeys() throws {
    try flushAll()
    try cluster.load(prefix: "moving:", count: 1500)
    let target = try RedisServer()
    let directory = try temporaryDirectory()
    let moved = try rstate([
      "migrate", "--from", "redis://127.0.0.1:\(try cluster.seed.port)", "--to",
      "redis://127.0.0.1:\(target.port)", "--move", "--yes", "--checkpoint",
      directory.appendingPathComponent("move").path,
    ])
    #expect(moved.status == 0, "\(moved.err)")
    #expect(try cluster.keysByNode().allSatisfy(\.isEmpty))
    #expect(try target.connection().send(Command("DBSIZE")) == .integer(1500))
  }
}

extension ClusterChangeTests {
  /// A cluster that speaks only TLS: nodes are reached on the TLS ports CLUSTER SHARDS gives,
  /// with the same certificates.
  @Test func clusterOverTLS() throws {
    let certificates = try TestCertificates()
    let cluster = try RedisCluster(primaries: 3, replicasPerPrimary: 0, tls: certificates)
    let url = "rediss://localhost:\(cluster.ports[0])"
    let trusted = ["--cacert", certificates.path("ca.crt")]
    let lines = (0..<300).map { "SET tls:\($0) v" }.joined(separator: "\n") + "\n"
    let loaded = try rstate(["-u", url] + trusted, stdin: Data(lines.utf8))
    #expect(loaded.status == 0, "\(loaded.err)")
    let keys = try rstate(["keys", "-u", url] + trusted)
    #expect(keys.out.split(separator: "\n").count == 300, "\(keys.err)")
    let ping = try rstate(["ping", "--all-nodes", "-u", url] + trusted)
    #expect(ping.status == 0, "\(ping.out)\(ping.err)")
    #expect(ping.out.split(separator: "\n").count == 3)
  }
}
