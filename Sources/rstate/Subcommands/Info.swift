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
        text unchanged (control characters escaped on a terminal); --json prints every \
        section and field as one JSON object. On a Redis Cluster: the cluster's state, slot \
        coverage and nodes first, then each node's INFO. A reply that is not INFO text is an \
        error (exit 1).
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
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
        let bytes = try client.seed.sendForBytes(command)
        return show(bytes, try validated(bytes))
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
      func read(_ node: ClusterNode) -> ([UInt8], ServerInfo)? {
        do throws(RStateError) {
          if let failure = failures[node.endpoint] { throw failure }
          let bytes = try client.node(at: node.endpoint).receiveBytes(for: command)
          return (bytes, try validated(bytes))
        } catch {
          unreachable.append("\(error)")
          return nil
        }
      }
      if json {
        var perNode: [(String, JSONValue)] = []
        for node in nodes {
          let info = read(node).map { InfoReport.json($0.1) }
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
          if let (bytes, info) = read(node) {
            show(bytes, info)
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

    /// The INFO reply parsed; an empty one for named sections means no such section (the
    /// server answers an unknown section with nothing), which is the user's to correct.
    private func validated(_ bytes: [UInt8]) throws(RStateError) -> ServerInfo {
      if !sections.isEmpty, bytes.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) {
        let named = sections.map { "'\(ServerText.printable($0))'" }.joined(separator: ", ")
        throw .usage(
          "the server has no INFO section \(named); try server, clients, memory, persistence, "
            + "stats, replication, cpu, keyspace, all or everything")
      }
      return try ServerInfo(validating: bytes)
    }

    private func show(_ bytes: [UInt8], _ parsed: ServerInfo) {
      if raw {
        // On a terminal a server's escape sequences must not reach it; piped, the bytes are
        // the server's.
        guard Terminal.stdoutIsTTY else { return Terminal.write(bytes) }
        return Terminal.write(ServerText.printableLines(bytes))
      }
      if json { return Terminal.write(InfoReport.json(parsed).serialized() + "\n") }
      let info = parsed.printable
      let style = TextStyle(color: Terminal.colorEnabled())
      if sections.isEmpty {
        Terminal.write(InfoReport.summary(info, now: unixTimeSeconds(), style: style))
      } else {
        Terminal.write(InfoReport.sections(info, style: style))
      }
    }
  }
}
