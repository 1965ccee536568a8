import ArgumentParser
import RStateCore

extension RState {
  struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "info",
      abstract: "Show what the server says about itself (INFO), readably.",
      discussion: """
        Without a section: a summary of version, mode, role, uptime, memory and eviction \
        policy, fragmentation, clients, ops/s, hit ratio, keys per db and persistence. With \
        sections (server, memory, keyspace, all, …): their fields. --raw prints the server's \
        text unchanged; --json prints every section and field as one JSON object. On a Redis \
        Cluster: the cluster's state, slot coverage and nodes first, then each node's INFO.
        """
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Connection") var database: DatabaseOption

    @Argument(help: "INFO sections to show (default: the summary).")
    var sections: [String] = []

    @Flag(help: "Print the server's INFO text as it is.")
    var raw = false

    @Flag(help: "Print every section and field as JSON.")
    var json = false

    func validate() throws {
      if raw && json { throw ValidationError("--raw and --json cannot be used together") }
    }

    func run() throws {
      let client = try connection.connect(db: database.db)
      let command = Command([Array("INFO".utf8)] + sections.map { Array($0.utf8) })
      guard let cluster = try ClusterSummary.read(client) else {
        return show(try client.seed.sendForBytes(command))
      }
      let nodes = cluster.orderedNodes
      // Every node works on its INFO at once; one that does not answer is shown as such and
      // the others are still reported.
      var unreachable: [String] = []
      var failures: [Endpoint: RStateError] = [:]
      for node in nodes {
        do throws(RStateError) {
          try client.node(at: node.endpoint).sendWithoutWaiting(command)
        } catch {
          failures[node.endpoint] = error
        }
      }
      func read(_ node: ClusterNode) -> [UInt8]? {
        do throws(RStateError) {
          if let failure = failures[node.endpoint] { throw failure }
          return try client.node(at: node.endpoint).receiveBytes(for: command)
        } catch {
          unreachable.append("\(error)")
          return nil
        }
      }
      if json {
        var perNode: [(String, JSONValue)] = []
        for node in nodes {
          let info = read(node).map { bytes in
            InfoReport.json(ServerInfo(parsing: String(decoding: bytes, as: UTF8.self)))
          }
          perNode.append((node.endpoint.description, info ?? .null))
        }
        let document = JSONValue.object([
          ("cluster", InfoReport.clusterJSON(cluster)), ("nodes", .object(perNode)),
        ])
        Terminal.write(document.serialized() + "\n")
      } else {
        let style = TextStyle(color: Terminal.colorEnabled())
        if !raw { Terminal.write(InfoReport.cluster(cluster, style: style)) }
        for node in nodes {
          // "# Node" reads as one more INFO section comment to tools that parse the raw text.
          Terminal.write(
            (raw ? "" : "\n") + "# Node \(node.endpoint) (\(cluster.role(of: node)))\n")
          if let bytes = read(node) {
            show(bytes)
          } else {
            Terminal.write("unreachable: \(unreachable.last!)\n")
          }
        }
      }
      if let first = unreachable.first {
        throw RStateError.connectionLost(
          endpoint: "the cluster",
          reason: "\(unreachable.count) of \(nodes.count) nodes did not answer INFO (\(first))")
      }
    }

    private func show(_ bytes: [UInt8]) {
      if raw { return Terminal.write(bytes) }
      let info = ServerInfo(parsing: String(decoding: bytes, as: UTF8.self))
      if json { return Terminal.write(InfoReport.json(info).serialized() + "\n") }
      let style = TextStyle(color: Terminal.colorEnabled())
      if sections.isEmpty {
        Terminal.write(InfoReport.summary(info, now: unixTimeSeconds(), style: style))
      } else {
        Terminal.write(InfoReport.sections(info, style: style))
      }
    }
  }
}
