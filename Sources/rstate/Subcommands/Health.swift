import ArgumentParser
import Glibc
import RStateCore

extension RState {
  struct Health: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "health",
      abstract: "Check the server against the production checklist, with Nagios exit codes.",
      discussion: """
        Checks: reachable, ping, loading, memory, eviction_policy, evictions, oom_errors, \
        hit_ratio, fragmentation, clients, rejected_connections, persistence_errors, \
        durability, replica_link, replicas, security, latency, slowlog. Counters are judged \
        over two INFO samples --sample seconds apart. Commands the server refuses (CONFIG, \
        ACL, LATENCY, SLOWLOG, COMMAND) make only the checks that need them SKIPPED. No secret \
        is ever read or printed.

        Exit status: the worst check, 0 OK, 1 WARNING, 2 CRITICAL (unreachable, timed out \
        and refused logins included), 3 UNKNOWN (bad arguments, or replies no Redis server \
        sends, such as INFO that is not INFO text). --exit binary maps OK and WARNING to 0, \
        CRITICAL and UNKNOWN to 1, for container health checks. The report comes within \
        --timeout, whatever the server does.

        Thresholds (--warn ID=N, --crit ID=N): ping (ms), memory (% of maxmemory), evictions \
        and oom_errors (count in the sample), hit_ratio (%, lower is worse), fragmentation \
        (ratio), clients (% of maxclients), rejected_connections (count), save_age (hours), \
        replica_io (seconds), replica_lag (seconds), latency (ms), slowlog (entries over \
        100 ms in 5 minutes).
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case text, nagios, json, prometheus
    }

    enum WorkloadKind: String, ExpressibleByArgument, CaseIterable {
      case cache, queue, store
      var workload: Workload { Workload(rawValue: rawValue)! }
    }

    enum ExitStyle: String, ExpressibleByArgument, CaseIterable {
      case nagios, binary
    }

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Connection") var database: DatabaseOption

    @Option(help: "Output: text, nagios (with perfdata), json or prometheus.")
    var format: Format = .text

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Seconds between the two INFO samples, 0 to 3600 (at most half of --timeout); 0 takes one.",
        valueName: "seconds"))
    var sample: Double = 1

    @Option(
      help: ArgumentHelp("Warning threshold, as in memory=85 (repeatable).", valueName: "id=n"))
    var warn: [String] = []

    @Option(
      help: ArgumentHelp("Critical threshold, as in memory=95 (repeatable).", valueName: "id=n"))
    var crit: [String] = []

    @Option(help: "What the server is for: cache, queue or store (default store).")
    var workload: WorkloadKind = .store

    @Option(
      parsing: .unconditional,
      help: "Fail (CRITICAL) when a primary has fewer replicas (0 to 1000).")
    var expectReplicas: Int?

    @Option(help: ArgumentHelp("CONFIG's name on servers that rename it.", valueName: "name"))
    var configCommand: String = "CONFIG"

    @Option(help: "Exit codes: nagios (0-3) or binary (0 healthy, 1 not).")
    var exit: ExitStyle = .nagios

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Seconds the whole run may take, more than 0 and at most 86400; the report comes "
          + "within it, whatever the server does.", valueName: "seconds"))
    var timeout: Double = 5

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Repeat every this many seconds (more than 0, at most 86400) until Ctrl-C.",
        valueName: "seconds"))
    var watch: Double?

    func validate() throws {
      do {
        _ = try thresholds()
      } catch let error as RStateError {
        throw ValidationError(error.description)
      }
    }

    /// Every number in a range, so none can trap a conversion (`inf`, `1e19`); a usage
    /// error, which health reports as UNKNOWN (3).
    private func checkRanges() throws(RStateError) {
      func check(_ flag: String, _ value: Double, _ range: String, _ valid: Bool)
        throws(RStateError)
      {
        guard valid else { throw .usage("\(flag) must be \(range) seconds, not \(value)") }
      }
      try check(
        "--timeout", timeout, "more than 0 and at most 86400", timeout > 0 && timeout <= 86400)
      try check("--sample", sample, "from 0 to 3600", sample >= 0 && sample <= 3600)
      if let watch {
        try check("--watch", watch, "more than 0 and at most 86400", watch > 0 && watch <= 86400)
      }
      if let expectReplicas, !(0...1000).contains(expectReplicas) {
        throw .usage("--expect-replicas must be from 0 to 1000, not \(expectReplicas)")
      }
    }

    func run() throws {
      try checkRanges()
      var settings = try connection.resolve(db: database.db)
      settings.connectTimeout = min(settings.connectTimeout ?? timeout, timeout)
      settings.socketTimeout = timeout
      let evaluator = HealthEvaluator(thresholds: try thresholds(), workload: workload.workload)
      let options = HealthProbe.Options(
        sampleSeconds: min(sample, timeout / 2), expectedReplicas: expectReplicas,
        configCommand: configCommand)
      repeat {
        Watchdog.arm(seconds: timeout, exitCode: exitCode(.critical))
        // Every wait ends a little before the watchdog, leaving time to write the report.
        settings.runDeadline = monotonicSeconds() + timeout - min(0.25, timeout / 10)
        let report = check(settings: settings, evaluator: evaluator, options: options)
        Watchdog.disarm()
        let code = exitCode(report.status)
        if watch != nil && Terminal.stdoutIsTTY { Terminal.write("\u{1B}[H\u{1B}[2J") }
        Terminal.write(render(report, code: code))
        guard let watch else { throw ExitCode(code) }
        sleep(seconds: watch)
      } while true
    }

    private func check(
      settings: ConnectionSettings, evaluator: HealthEvaluator, options: HealthProbe.Options
    ) -> HealthReport {
      do {
        let client = RedisClient(settings: settings)
        let server = client.seed
        try server.open()
        if let cluster = try ClusterSummary.read(client) {
          return try checkCluster(cluster, client: client, evaluator: evaluator, options: options)
        }
        return HealthReport(
          snapshot: try HealthProbe.collect(server, options: options), evaluator: evaluator)
      } catch {
        return HealthReport(checks: [HealthEvaluator.failed(error)])
      }
    }

    /// A cluster: its own checks, then every node's, each labelled with the node.
    private func checkCluster(
      _ cluster: ClusterSummary, client: RedisClient, evaluator: HealthEvaluator,
      options: HealthProbe.Options
    ) throws(RStateError) -> HealthReport {
      var nodeChecks: [HealthCheck] = []
      var unreachable: [(ClusterNode, String)] = []
      var version: String?
      let nodes = cluster.orderedNodes
      let snapshots = HealthProbe.collect(
        nodes.map { client.node(at: $0.endpoint) }, options: options)
      for (node, snapshot) in zip(nodes, snapshots) {
        var checks: [HealthCheck]
        switch snapshot {
        case .success(let snapshot):
          version = version ?? snapshot.info["redis_version"]
          checks = evaluator.evaluate(snapshot)
        case .failure(let error):
          unreachable.append((node, error.description))
          checks = [HealthEvaluator.failed(error)]
          // A replica that is down weakens the cluster; a primary that is down breaks it.
          if !(node.isPrimary && !node.slots.isEmpty) { checks[0].status = .warning }
        }
        nodeChecks += checks.map { check in
          var labelled = check
          labelled.node = node.endpoint.description
          return labelled
        }
      }
      return HealthReport(
        checks: HealthEvaluator.cluster(cluster, unreachable: unreachable) + nodeChecks,
        version: version, role: "\(cluster.layout.primaries.count) primaries", mode: "cluster")
    }

    private func render(_ report: HealthReport, code: Int32) -> String {
      switch format {
      case .text: return report.text(style: TextStyle(color: Terminal.colorEnabled()))
      case .nagios: return report.nagios
      case .json: return report.json(exitCode: code).serialized() + "\n"
      case .prometheus: return report.prometheus
      }
    }

    private func exitCode(_ status: HealthStatus) -> Int32 {
      ExitStatus.health(status, binary: exit == .binary)
    }

    private func thresholds() throws -> HealthThresholds {
      var thresholds = HealthThresholds()
      for assignment in warn { try thresholds.set(assignment, critical: false) }
      for assignment in crit { try thresholds.set(assignment, critical: true) }
      return thresholds
    }
  }
}

/// Ends a health run that outlives --timeout, however it is stuck (a server that accepts
/// connections but never answers), with one CRITICAL line.
enum Watchdog {
  private nonisolated(unsafe) static var exitCode: Int32 = 2

  static func arm(seconds: Double, exitCode: Int32) {
    Self.exitCode = exitCode
    signal(SIGALRM) { _ in
      let line = "REDIS CRITICAL - rstate health did not finish within its --timeout\n"
      _ = line.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
      _exit(Watchdog.exitCode)
    }
    // --timeout is at most a day (checked); clamped anyway, so no value can trap.
    let bounded = seconds > 0 ? min(seconds, 86400) : 0.001
    var timer = itimerval()
    timer.it_value = timeval(
      tv_sec: Int(bounded), tv_usec: Int((bounded - bounded.rounded(.down)) * 1e6))
    setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &timer, nil)
  }

  static func disarm() {
    var timer = itimerval()
    setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &timer, nil)
  }
}
