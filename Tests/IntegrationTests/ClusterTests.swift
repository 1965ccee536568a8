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

  @Test func clusterFlagOnAStandaloneServerIsAnError() throws {
    let server = try RedisServer()
    let result = try rstate(["keys", "-c", "-p", String(server.port)])
    #expect(result.status == 64)
    #expect(result.err.contains("not a Redis Cluster node"))
    let plain = try rstate(["keys", "-p", String(server.port)])
    #expect(plain.status == 0)
  }
}
