import Foundation
import Glibc
import Synchronization
import Testing

/// Every subcommand and the piped shell against fake servers that misbehave in every way
/// issue 14 found: each run must end by itself within its timeouts, with the documented
/// status, one `rstate: …` line (no crash, no trace), and ping, health and info within
/// 64 MiB. The matrix of figures is printed for the README.
@Suite struct HostileServerTests {
  /// One subcommand as the matrix runs it; `stated` is the longest the run may take by its
  /// timeouts (connect and handshake 1 s, then each reply 1 s).
  struct Subject: Sendable {
    var name: String
    var arguments: [String]
    var stdin: [UInt8]? = nil
    var stated: Double = 2
  }

  static func subjects(port: Int, directory: String, behaviour: HostileBehaviour) -> [Subject] {
    let timeouts = ["-p", String(port), "-t", "1", "--socket-timeout", "1"]
    return [
      Subject(name: "ping", arguments: ["ping"] + timeouts),
      Subject(
        name: "health",
        arguments: ["health", "-p", String(port), "--timeout", "2", "--format", "nagios"]),
      Subject(name: "info", arguments: ["info"] + timeouts),
      Subject(name: "exec", arguments: ["exec"] + timeouts + ["GET", "x"]),
      Subject(name: "keys", arguments: ["keys"] + timeouts),
      Subject(name: "ttl", arguments: ["ttl", "--pattern", "*", "--summary"] + timeouts),
      Subject(name: "ns", arguments: ["ns"] + timeouts),
      Subject(name: "flush", arguments: ["flush", "--pattern", "x*", "--dry-run"] + timeouts),
      Subject(
        name: "migrate",
        arguments: [
          "migrate", "--from", "redis://127.0.0.1:\(port)", "--to",
          "\(directory)/\(behaviour.rawValue).jsonl", "-t", "1", "--socket-timeout", "1",
        ]),
      Subject(name: "shell", arguments: timeouts, stdin: Array("PING\n".utf8)),
    ]
  }

  /// The statuses a run may end with. Hostile replies are failures: ping 1, health
  /// CRITICAL (unreachable, timed out, not RESP) or UNKNOWN (RESP, but not what Redis
  /// sends), everything else 1. A reply followed by garbage, or text with escapes, may
  /// still be a success for commands that read only that reply.
  static func allowed(_ behaviour: HostileBehaviour, _ command: String) -> Set<Int32> {
    switch (behaviour, command) {
    case (.garbageAfterReply, "health"): return [0, 1, 2, 3]
    case (.garbageAfterReply, _), (.escapes, _):
      return command == "health" ? [0, 1, 2] : [0, 1]
    case (.pongToEverything, "health"): return [3]
    // PONG is the right answer to PING, and a fine value for GET.
    case (.pongToEverything, "ping"), (.pongToEverything, "exec"), (.pongToEverything, "shell"):
      return [0]
    case (_, "health"): return [2, 3]
    default: return [1]
    }
  }

  static let margin = 5.0

  struct Row: Sendable {
    var behaviour: HostileBehaviour
    var subject: Subject
    var result: BoundedResult
  }

  @Test func everySubcommandEndsCleanlyAgainstEveryHostileServer() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var servers: [FakeRedis] = []
    defer { servers.forEach { $0.stop() } }
    var jobs: [(HostileBehaviour, Subject)] = []
    for behaviour in HostileBehaviour.matrix {
      let server = try FakeRedis(behaviour)
      servers.append(server)
      for subject in Self.subjects(
        port: server.port, directory: directory.path, behaviour: behaviour)
      {
        jobs.append((behaviour, subject))
      }
    }
    let rows = runConcurrently(jobs, threads: 8) { behaviour, subject in
      Row(
        behaviour: behaviour, subject: subject,
        result: rstateBounded(
          subject.arguments, stdin: subject.stdin, deadline: subject.stated + Self.margin))
    }
    print(Self.matrix(rows))

    for row in rows {
      let result = row.result
      let label = "\(row.subject.name) against \(row.behaviour.rawValue)"
      #expect(!result.killedAtDeadline, "\(label) did not end by itself: \(result.err)")
      #expect(result.signal == nil, "\(label) ended by signal \(result.signal ?? 0)")
      #expect(
        result.seconds <= row.subject.stated + Self.margin,
        "\(label) took \(result.seconds) s")
      if let status = result.status {
        #expect(
          Self.allowed(row.behaviour, row.subject.name).contains(status),
          "\(label) exited \(status): \(result.err)")
      }
      for text in [result.out, result.err] {
        #expect(!text.contains("Fatal error") && !text.contains("Stack dump"), "\(label): \(text)")
      }
      let lines = result.err.split(separator: "\n", omittingEmptySubsequences: true)
      switch row.subject.name {
      case "health":
        #expect(lines.isEmpty, "\(label) wrote to stderr: \(result.err)")
        #expect(
          !result.out.contains("did not finish within its --timeout"),
          "\(label) was ended by its watchdog, not its deadlines")
      case "shell":
        #expect(lines.count <= 2, "\(label): \(result.err)")
      default:
        if result.status != 0 {
          #expect(
            lines.count == 1 && lines[0].hasPrefix("rstate: "),
            "\(label) stderr: \(result.err)")
        }
      }
      if ["ping", "health", "info"].contains(row.subject.name) {
        #expect(result.maxRSSKiB < 64 << 10, "\(label) peaked at \(result.maxRSSKiB) KiB")
        #expect(
          !result.stdout.contains(0x1B) && !result.stderr.contains(0x1B),
          "\(label) printed a terminal escape: \(result.out) \(result.err)")
      }
    }
  }

  /// Status, seconds and peak RSS (MiB) of every run, a behaviour per row and the maximum
  /// per command at the foot.
  static func matrix(_ rows: [Row]) -> String {
    let commands = rows.map(\.subject.name).reduce(into: [String]()) {
      if !$0.contains($1) { $0.append($1) }
    }
    func cell(_ result: BoundedResult) -> String {
      let status =
        result.killedAtDeadline
        ? "KILL" : result.signal.map { "SIG\($0)" } ?? String(result.status ?? -1)
      return
        "\(status) \(String(format: "%.1fs %.0fM", result.seconds, Double(result.maxRSSKiB) / 1024))"
    }
    func padded(_ text: String, _ width: Int) -> String {
      text + String(repeating: " ", count: max(0, width - text.count))
    }
    var out = "hostile-server matrix (status, wall time, peak RSS):\n"
    out += padded("", 18) + commands.map { padded($0, 15) }.joined() + "\n"
    for behaviour in HostileBehaviour.matrix {
      let cells = commands.map { command in
        rows.first { $0.behaviour == behaviour && $0.subject.name == command }.map {
          cell($0.result)
        }
      }
      guard cells.contains(where: { $0 != nil }) else { continue }
      out += padded(behaviour.rawValue, 18) + cells.map { padded($0 ?? "-", 15) }.joined() + "\n"
    }
    out += padded("max", 18)
    for command in commands {
      let results = rows.filter { $0.subject.name == command }.map(\.result)
      let seconds = results.map(\.seconds).max() ?? 0
      let rss = Double(results.map(\.maxRSSKiB).max() ?? 0) / 1024
      out += padded(String(format: "%.1fs %.0fM", seconds, rss), 15)
    }
    return out + "\n"
  }

  /// A 50 MB error line is read in one pass; hiredis alone rescanned it on every read
  /// (28 s in a debug build, 19 s in a release build).
  @Test func aFiftyMegabyteErrorLineIsReadInLinearTime() throws {
    let server = try FakeRedis(.longErrorLine)
    defer { server.stop() }
    let result = rstateBounded(
      ["exec", "-p", String(server.port), "--socket-timeout", "20", "GET", "x"], deadline: 30)
    #expect(!result.killedAtDeadline)
    #expect(result.status == 1)
    let printed = result.out.hasPrefix("ERR xxxx") && result.stdout.count == 1 << 20
    #expect(printed, "the error line is printed: \(result.out.prefix(40))")
    #expect(result.seconds < 10, "took \(result.seconds) s")
  }

  /// A server that answers everything with +PONG is not healthy: health says UNKNOWN and
  /// why, info fails.
  @Test func infoThatIsNotInfoTextIsUnknownNotHealthy() throws {
    let server = try FakeRedis(.pongToEverything)
    defer { server.stop() }
    let health = rstateBounded(
      ["health", "-p", String(server.port), "--sample", "0"], deadline: 10)
    #expect(health.status == 3)
    #expect(health.out.contains("UNKNOWN"))
    #expect(health.out.contains("unexpected reply to INFO"))
    #expect(!health.out.contains("[OK]"))
    let info = rstateBounded(["info", "-p", String(server.port)], deadline: 10)
    #expect(info.status == 1)
    #expect(info.err.hasPrefix("rstate: unexpected reply to INFO:"))
  }

  /// A server that drips its reply a byte every half second cannot hold ping past its
  /// timeouts, with or without flags (the default is the connect timeout, 5 s).
  @Test func aDrippingServerCannotHoldPing() throws {
    let server = try FakeRedis(.drip)
    defer { server.stop() }
    let bounded = rstateBounded(["ping", "-p", String(server.port), "-t", "1"], deadline: 8)
    #expect(bounded.status == 1)
    #expect(bounded.err == "rstate: timed out waiting for a reply from 127.0.0.1:\(server.port)\n")
    let defaults = rstateBounded(["ping", "-p", String(server.port)], deadline: 15)
    #expect(defaults.status == 1)
    #expect(!defaults.killedAtDeadline && defaults.seconds < 5 + Self.margin)
  }

  /// `ping --wait` is a deadline whatever -t says (found by an attacker: `--wait 2 -t 10`
  /// took 10 s, `--wait 1 -t 0` never ended), and a login reply waits no longer than a
  /// shorter `--socket-timeout`.
  @Test(arguments: [HostileBehaviour.neverAnswer, .drip])
  func waitAndSocketTimeoutsAreDeadlines(_ behaviour: HostileBehaviour) throws {
    let server = try FakeRedis(behaviour)
    defer { server.stop() }
    for timeout in ["10", "0"] {
      let ping = rstateBounded(
        ["ping", "-p", String(server.port), "--wait", "2", "-t", timeout], deadline: 15)
      #expect(ping.status == 1 && !ping.killedAtDeadline, "\(ping.err)")
      #expect(ping.seconds < 2 + Self.margin, "ping --wait 2 -t \(timeout): \(ping.seconds) s")
    }
    let info = rstateBounded(
      [
        "info", "-p", String(server.port), "-a", "pw", "--no-auth-warning", "--socket-timeout", "1",
        "-t", "30",
      ],
      deadline: 40)
    #expect(info.status == 1 && !info.killedAtDeadline, "\(info.err)")
    #expect(info.seconds < 1 + Self.margin, "info --socket-timeout 1 -t 30: \(info.seconds) s")
  }

  /// A TLS handshake the server never answers, or drips, ends with the connect timeout.
  @Test(arguments: [HostileBehaviour.neverAnswer, .drip])
  func aTLSHandshakeIsBoundedByTheConnectTimeout(_ behaviour: HostileBehaviour) throws {
    let server = try FakeRedis(behaviour)
    defer { server.stop() }
    let result = rstateBounded(
      ["ping", "--tls", "--insecure", "-p", String(server.port), "-t", "1"], deadline: 8)
    #expect(result.status == 1 && !result.killedAtDeadline)
    #expect(result.err.hasPrefix("rstate: TLS connection to 127.0.0.1:\(server.port) failed"))
    #expect(result.seconds < 1 + Self.margin)
  }

  /// A server with absurd INFO figures (negative, beyond Int64, inf, nan) cannot make health
  /// or info trap on arithmetic or loop over a claimed replica count.
  @Test func absurdInfoFiguresDoNotCrash() throws {
    let server = try FakeRedis(.absurdInfo)
    defer { server.stop() }
    let health = rstateBounded(
      ["health", "-p", String(server.port), "--sample", "0"], deadline: 10)
    #expect(health.signal == nil && !health.killedAtDeadline, "\(health.err)")
    #expect((0...3).contains(health.status ?? -1), "\(health.err)")
    let json = rstateBounded(
      ["health", "-p", String(server.port), "--sample", "0", "--format", "json"], deadline: 10)
    #expect(json.signal == nil && (0...3).contains(json.status ?? -1), "\(json.err)")
    let info = rstateBounded(["info", "-p", String(server.port)], deadline: 10)
    #expect(info.status == 0, "\(info.err)")
    #expect(info.signal == nil)
  }

  /// INFO as large as rstate accepts (nearly 4 MiB, 19,000 fields) keeps health and info
  /// within 64 MiB, and health within its --timeout by its own deadlines.
  @Test func theLargestAcceptedInfoStaysWithinBounds() throws {
    let server = try FakeRedis(.bloatedInfo)
    defer { server.stop() }
    let runs = [
      ["health", "-p", String(server.port), "--timeout", "5"],
      ["info", "-p", String(server.port)], ["info", "everything", "-p", String(server.port)],
      ["info", "--json", "-p", String(server.port)],
    ].map { rstateBounded($0, deadline: 15) }
    for run in runs {
      #expect(run.signal == nil && !run.killedAtDeadline, "\(run.err)")
      #expect(run.maxRSSKiB < 64 << 10, "peaked at \(run.maxRSSKiB) KiB")
    }
    #expect(runs[0].status != 3 && !runs[0].out.contains("did not finish"), "\(runs[0].out)")
    #expect(runs[1...].allSatisfy { $0.status == 0 })
    print(
      "largest accepted INFO: "
        + runs.map { String(format: "%.1fs %.0fM", $0.seconds, Double($0.maxRSSKiB) / 1024) }
        .joined(separator: ", ") + " (health, info, info everything, info --json)")
  }

  /// Numeric flags that used to trap on Double → Int: a one-line error, ping's status 1,
  /// health's 3 (UNKNOWN).
  @Test(arguments: [
    (["ping", "--interval", "inf"], Int32(1), "--interval"),
    (["ping", "--interval", "1e300", "--count", "2"], 1, "--interval"),
    (["ping", "--wait", "nan"], 1, "--wait"),
    (["ping", "--count", "0"], 1, "--count"),
    (["health", "--timeout", "1e19"], 3, "--timeout"),
    (["health", "--timeout", "inf"], 3, "--timeout"),
    (["health", "--watch", "inf"], 3, "--watch"),
    (["health", "--sample", "1e300"], 3, "--sample"),
  ])
  func numericFlagsHaveRanges(arguments: [String], status: Int32, flag: String) {
    let result = rstateBounded(arguments + ["-p", "1"], deadline: 10)
    #expect(result.status == status, "\(result.err)")
    #expect(result.err.hasPrefix("rstate: \(flag) must be "), "\(result.err)")
    #expect(result.err.filter { $0 == "\n" }.count == 1)
  }
}

/// Runs `body` for every job on `threads` threads (blocking work: spawned processes), in the
/// jobs' order.
func runConcurrently<Job: Sendable, Output: Sendable>(
  _ jobs: [Job], threads: Int, _ body: @escaping @Sendable (Job) -> Output
) -> [Output] where Job: Sendable {
  let next = Mutex(0)
  let outputs = Mutex([Output?](repeating: nil, count: jobs.count))
  let done = DispatchSemaphore(value: 0)
  for _ in 0..<threads {
    Thread.detachNewThread {
      while true {
        let index = next.withLock { value -> Int in
          defer { value += 1 }
          return value
        }
        guard index < jobs.count else { break }
        let output = body(jobs[index])
        outputs.withLock { $0[index] = output }
      }
      done.signal()
    }
  }
  for _ in 0..<threads { done.wait() }
  return outputs.withLock { $0.map { $0! } }
}
