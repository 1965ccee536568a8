import ArgumentParser
import RStateCore

extension RState {
  struct Ping: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ping",
      abstract: "Check that the server answers: prints PONG and exits 0, or exits 1.",
      discussion: """
        For scripts and container health checks, e.g. docker compose \
        `healthcheck: test: ["CMD", "rstate", "ping"]`. Any failure exits 1, bad arguments \
        included; a server that cannot be reached or used is one line on stderr. Connecting and logging in take at most the \
        connect timeout (-t, default 5 s) and each reply at most the socket timeout (the \
        connect timeout unless --socket-timeout is given), whatever the server sends. With \
        --wait, rstate tries again until that many seconds have passed and gives up then, \
        whatever the timeouts (with --count, --wait bounds the first PONG only).
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Connection") var database: DatabaseOption

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Keep trying until the server answers or this many seconds (0 to 86400) pass.",
        valueName: "seconds"))
    var wait: Double?

    @Option(
      parsing: .unconditional,
      help: "Send this many pings (1 to 1000000) and print each latency and min/avg/p50/p99/max.")
    var count: Int?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Seconds between pings with --count, 0 to 3600.", valueName: "seconds"))
    var interval: Double = 0.1

    @Flag(name: .shortAndLong, help: "Print nothing; only the exit status tells.")
    var quiet = false

    @Flag(help: "With --count, print the latencies as one JSON document.")
    var json = false

    @Flag(
      help: "Ping every node of a Redis Cluster, primaries and replicas; exit 1 unless all answer.")
    var allNodes = false

    func validate() throws {
      if json && count == nil { throw ValidationError("--json needs --count") }
      if allNodes && (count != nil || wait != nil) {
        throw ValidationError("--all-nodes cannot be used with --count or --wait")
      }
    }

    /// Every number in a range, so none can trap a conversion (`inf`, `1e300`); ping's
    /// usage errors exit 1 like any failure.
    private func checkRanges() throws(RStateError) {
      if let wait, !(wait >= 0 && wait <= 86400) {
        throw .usage("--wait must be from 0 to 86400 seconds, not \(wait)")
      }
      if let count, !(1...1_000_000).contains(count) {
        throw .usage("--count must be from 1 to 1000000, not \(count)")
      }
      if !(interval >= 0 && interval <= 3600) {
        throw .usage("--interval must be from 0 to 3600 seconds, not \(interval)")
      }
    }

    func run() throws {
      try checkRanges()
      var settings = try connection.resolve(db: database.db)
      // A health check must never hang on a server that accepts but does not answer.
      if settings.socketTimeout == nil { settings.socketTimeout = settings.connectTimeout }
      // --wait is a deadline for the first PONG: no connect or reply outlasts it.
      if let wait, wait > 0, count == nil { settings.runDeadline = monotonicSeconds() + wait }
      let client = RedisClient(settings: settings)
      if allNodes { return try pingEveryNode(client) }
      let server = client.connection(for: Command("PING"))
      let first = try PingProbe.waitForPong(server, seconds: wait ?? 0)
      guard let count else {
        if !quiet { Terminal.write("PONG\n") }
        return
      }
      var samples = [first]
      if !quiet && !json { Terminal.write(line(sequence: 1, milliseconds: first)) }
      for sequence in stride(from: 2, through: count, by: 1) {
        sleep(seconds: interval)
        let sample = try PingProbe.ping(server)
        samples.append(sample)
        if !quiet && !json { Terminal.write(line(sequence: sequence, milliseconds: sample)) }
      }
      guard !quiet, let summary = LatencySummary(milliseconds: samples) else { return }
      if json {
        Terminal.write(jsonReport(summary, samples: samples).serialized() + "\n")
      } else {
        let figures = [summary.min, summary.average, summary.p50, summary.p99, summary.max]
          .map { fixed($0, places: 3) }.joined(separator: "/")
        Terminal.write(
          "\(summary.count) pings to \(server.endpoint): "
            + "min/avg/p50/p99/max = \(figures) ms\n")
      }
    }

    /// One line per node (address, role, PONG and the latency, or the error); exit 1 unless
    /// every node answered. A standalone server is the one node.
    private func pingEveryNode(_ client: RedisClient) throws {
      let cluster = try ClusterSummary.read(client)
      let nodes: [(Endpoint, String)] =
        cluster.map { summary in summary.orderedNodes.map { ($0.endpoint, summary.role(of: $0)) } }
        ?? [(client.seed.endpoint, "standalone")]
      let width = nodes.map(\.0.description.count).max() ?? 0
      var failed = 0
      for (endpoint, role) in nodes {
        let name =
          endpoint.description + String(repeating: " ", count: width - endpoint.description.count)
        do {
          let milliseconds = try PingProbe.ping(client.node(at: endpoint))
          if !quiet {
            Terminal.write("\(name)  PONG  \(fixed(milliseconds, places: 3)) ms  \(role)\n")
          }
        } catch {
          failed += 1
          if !quiet { Terminal.write("\(name)  DOWN  \(error)  \(role)\n") }
        }
      }
      if failed > 0 {
        throw RStateError.connectionLost(
          endpoint: "the cluster", reason: "\(failed) of \(nodes.count) nodes did not answer PING")
      }
    }

    private func line(sequence: Int, milliseconds: Double) -> String {
      "PONG seq=\(sequence) time=\(fixed(milliseconds, places: 3)) ms\n"
    }

    private func jsonReport(_ summary: LatencySummary, samples: [Double]) -> JSONValue {
      .object([
        ("count", .integer(Int64(summary.count))),
        ("unit", .string("ms")),
        ("min", .double(summary.min)), ("avg", .double(summary.average)),
        ("p50", .double(summary.p50)), ("p99", .double(summary.p99)),
        ("max", .double(summary.max)),
        ("samples", .array(samples.map { .double($0) })),
      ])
    }
  }
}
