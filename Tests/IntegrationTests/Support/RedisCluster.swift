import Foundation
import RStateCore

/// A Redis Cluster on loopback for one test: private redis-servers with cluster-enabled,
/// joined with `redis-cli --cluster create`, waited for until every node reports
/// `cluster_state:ok` and knows every other node. Stopped with its servers, by their pids.
final class RedisCluster: @unchecked Sendable {
  let nodes: [RedisServer]

  /// The port each node serves clients on (its TLS port for a TLS cluster).
  let ports: [Int]

  /// With `tls`, every node speaks only TLS on its port (the bus too), with these
  /// certificates.
  init(primaries: Int = 3, replicasPerPrimary: Int = 1, tls: TestCertificates? = nil) throws {
    let count = primaries * (1 + replicasPerPrimary)
    var tlsPorts: [Int] = []
    // The bus port is chosen too: the default, port + 10000, may be past 65535.
    nodes = try (0..<count).map { _ in
      var config = [
        "cluster-enabled yes", "cluster-config-file nodes.conf", "cluster-node-timeout 1000",
        "cluster-port \(try RedisServer.freePort())",
      ]
      if let tls {
        let port = try RedisServer.freePort()
        tlsPorts.append(port)
        config += tls.serverConfig(port: port) + ["tls-cluster yes"]
      }
      return try RedisServer(config: config)
    }
    ports = tls == nil ? nodes.map(\.port) : tlsPorts
    let tlsFlags = tls.map { ["--tls", "--cacert", $0.path("ca.crt")] } ?? []
    let created = try run(
      "/usr/bin/redis-cli",
      tlsFlags + ["--cluster", "create"] + ports.map { "127.0.0.1:\($0)" } + [
        "--cluster-replicas", String(replicasPerPrimary), "--cluster-yes",
      ], environment: [:], stdin: nil, directory: nil)
    guard created.status == 0 else {
      throw TestFailure("redis-cli --cluster create failed: \(created.out)\(created.err)")
    }
    try waitUntilHealthy()
  }

  var seed: RedisServer { nodes[0] }

  /// A client that knows the cluster, for setting up and checking state.
  func client() -> RedisClient {
    RedisClient(settings: ConnectionSettings(endpoint: seed.endpoint, clientName: nil))
  }

  /// Waits until every node says the cluster is ok and knows every node.
  func waitUntilHealthy(timeout: Double = 30) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let healthy = nodes.allSatisfy { node in
        guard let reply = try? node.connection().send(Command("CLUSTER", "INFO")),
          let text = reply.text
        else { return false }
        return text.contains("cluster_state:ok")
          && text.contains("cluster_known_nodes:\(nodes.count)")
      }
      if healthy { return }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw TestFailure("the cluster did not become healthy in \(timeout) s")
  }

  /// Writes `count` string keys named `prefix<i>` through the routing client.
  func load(prefix: String, count: Int, value: String = "v") throws {
    let commands = (0..<count).map {
      Command(
        [Array("SET".utf8), Array("\(prefix)\($0)".utf8), Array(value.utf8)], keyIndices: [1])
    }
    for reply in try client().pipeline(commands) where reply.isError {
      throw TestFailure("loading the cluster failed: \(reply)")
    }
  }

  /// Every key on every primary, read node by node with redis-cli --scan.
  func keysByNode() throws -> [Set<String>] {
    try primaries().map { node in
      let listed = try redisCLI(["-p", String(node.port), "--scan"])
      return Set(listed.out.split(separator: "\n").map(String.init))
    }
  }

  /// The servers that are primaries now.
  func primaries() throws -> [RedisServer] {
    try nodes.filter { node in
      let role = try node.connection().send(Command("ROLE"))
      guard case .array(let parts) = role, let first = parts.first?.text else { return false }
      return first == "master"
    }
  }
}
