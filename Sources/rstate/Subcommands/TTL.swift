import ArgumentParser
import RStateCore

extension RState {
  struct TTL: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ttl",
      abstract: "Show, summarise or set the time to live of keys.",
      discussion: """
        rstate ttl KEY...: each key's remaining time (23h 59m 12s on a terminal, seconds when \
        piped, milliseconds with --json); keys without an expiry and missing keys are said in \
        words. Exits 1 when a named key is missing.

        rstate ttl --pattern GLOB --summary: matching keys counted by TTL bucket per key \
        prefix (the part up to the last ':'); prefixes whose keys never expire are flagged.

        --namespace NAME may stand in for --pattern GLOB: the keys of a namespace as \
        `rstate ns` names it.

        rstate ttl --pattern GLOB --set SECONDS [--only-missing]: sets an expiry on the \
        matching keys (only those without one, with --only-missing) — the fix for state that \
        leaks. Shows the count and a sample first, asks on a terminal, needs --yes otherwise.
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Connection") var database: DatabaseOption
    @OptionGroup(title: "Keys") var scan: ScanOptions
    @OptionGroup(title: "Safety") var safety: SafetyOptions

    @Argument(help: "Keys to show.")
    var keys: [String] = []

    @Flag(help: "With --pattern: count matching keys by TTL bucket and prefix.")
    var summary = false

    @Option(
      name: .customLong("set"), parsing: .unconditional,
      help: ArgumentHelp(
        "With --pattern: set this expiry on the matching keys (1 to 3153600000, 100 years).",
        valueName: "seconds"),
      transform: WholeNumber.parser(1...3_153_600_000))
    var setSeconds: Int?

    @Flag(help: "With --set: only keys that have no expiry.")
    var onlyMissing = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
      let modes = [!keys.isEmpty, summary, setSeconds != nil].filter { $0 }.count
      if modes != 1 {
        throw ValidationError("give keys, or --pattern with --summary or --set SECONDS")
      }
      if (summary || setSeconds != nil) && !scan.selectsKeys {
        throw ValidationError("--summary and --set need --pattern or --namespace")
      }
      if !keys.isEmpty && scan.selectsKeys {
        throw ValidationError("give keys or --pattern/--namespace, not both")
      }
      if onlyMissing && setSeconds == nil { throw ValidationError("--only-missing needs --set") }
    }

    func run() throws {
      let client = try connection.connect(db: database.db)
      if !keys.isEmpty { return try show(client) }
      if summary { return try summarize(client) }
      try setExpiry(client, seconds: setSeconds!)
    }

    private func show(_ client: RedisClient) throws {
      let names = keys.map { Array($0.utf8) }
      let replies = try client.pipeline(
        names.map { Command([Array("PTTL".utf8), $0], keyIndices: [1]) })
      var refusals = Refusals()
      refusals.note(replies)
      try refusals.check("PTTL", of: replies.count)
      let ttls = replies.map(TimeToLive.init(pttlReply:))
      var out: [UInt8] = []
      for (name, ttl) in zip(names, ttls) {
        if json {
          let (ms, state): (JSONValue, String) =
            switch ttl {
            case .expiresIn(let ms): (.integer(ms), "expires")
            case .persistent: (.null, "no_expiry")
            case .missing: (.null, "missing")
            }
          let line = JSONValue.object([
            ("key", .bytes(name)), ("ttl_ms", ms), ("state", .string(state)),
          ])
          out += Array((line.serialized() + "\n").utf8)
          continue
        }
        let value: String
        if Terminal.stdoutIsTTY {
          value = ttl.humanDescription
        } else if case .expiresIn(let ms) = ttl {
          value = String(ms / 1000 + (ms % 1000 > 0 ? 1 : 0))  // rounded up, without overflow
        } else {
          value = ttl.humanDescription
        }
        if names.count > 1 {
          if Terminal.stdoutIsTTY { ReplyFormat.appendQuoted(name, to: &out) } else { out += name }
          out += Array("\t".utf8)
        }
        out += Array((value + "\n").utf8)
      }
      Terminal.write(out)
      if ttls.contains(.missing) { throw ExitCode.failure }
    }

    private func summarize(_ client: RedisClient) throws {
      var summary = TTLSummary()
      var scanned = 0
      try scan.scope(connection).forEachBatch(client) { batch, server throws(RStateError) in
        let replies = try server.pipeline(
          batch.map { Command([Array("PTTL".utf8), $0], keyIndices: [1]) })
        var refusals = Refusals()
        refusals.note(replies)
        try refusals.check("PTTL", of: replies.count)
        for (key, reply) in zip(batch, replies) { summary.add(key, TimeToLive(pttlReply: reply)) }
        scanned += batch.count
        Terminal.progress("scanned \(scanned) keys")
        return true
      }
      Terminal.endProgress()
      if json { return Terminal.write(summary.json.serialized() + "\n") }
      Terminal.write(summary.table(style: TextStyle(color: Terminal.colorEnabled())))
    }

    private func setExpiry(_ client: RedisClient, seconds: Int) throws {
      let scope = try scan.scope(connection)
      // First pass: what would change, for the preview.
      var count = 0
      var sample: [[UInt8]] = []
      try forEachTarget(client, scope) { keys, _ throws(RStateError) in
        count += keys.count
        for key in keys where sample.count < 5 { sample.append(key) }
      }
      let which = onlyMissing ? "keys without an expiry" : "keys"
      var preview = "\(count) \(which) \(scope.label) on \(client.settings.redactedURL)"
      for key in sample { preview += "\n  " + ReplyFormat.quoted(key) }
      if count > sample.count { preview += "\n  …" }
      Terminal.diagnostic(preview)
      if safety.dryRun || count == 0 {
        Terminal.diagnostic(safety.dryRun ? "dry run: nothing changed" : "nothing to change")
        return
      }
      try safety.confirm(
        "Set an expiry of \(seconds)s on \(count) keys? Type yes to go on: ", accepting: ["yes"],
        action: "set expiries")
      var changed = 0
      var refusals = Refusals()
      var attempted = 0
      let started = monotonicSeconds()
      try forEachTarget(client, scope) { keys, server throws(RStateError) in
        let replies = try server.pipeline(
          keys.map {
            Command([Array("EXPIRE".utf8), $0, Array(String(seconds).utf8)], keyIndices: [1])
          })
        changed += replies.filter { $0 == .integer(1) }.count
        attempted += replies.count
        refusals.note(replies)
        Terminal.progress("set \(changed) of \(count)")
      }
      Terminal.endProgress()
      let elapsed = monotonicSeconds() - started
      if json {
        Terminal.write(
          JSONValue.object([
            ("set", .integer(Int64(changed))), ("matched", .integer(Int64(count))),
            ("unchanged", .integer(Int64(attempted - changed))), ("seconds", .double(elapsed)),
          ]).serialized() + "\n")
      } else {
        Terminal.write(
          "set an expiry of \(seconds)s on \(changed) keys in \(fixed(elapsed, places: 2))s\n")
      }
      // Keys deleted or expired since the preview are not failures; refusals are.
      try refusals.check("EXPIRE", of: attempted)
    }

    /// Each batch of matching keys that --set would change (with --only-missing, those with
    /// no expiry right now).
    private func forEachTarget(
      _ client: RedisClient, _ scope: KeyScope,
      _ body: ([[UInt8]], Connection) throws(RStateError) -> Void
    ) throws(RStateError) {
      try scope.forEachBatch(client) { batch, server throws(RStateError) in
        var keys = batch
        if onlyMissing {
          let replies = try server.pipeline(
            batch.map { Command([Array("PTTL".utf8), $0], keyIndices: [1]) })
          var refusals = Refusals()
          refusals.note(replies)
          try refusals.check("PTTL", of: replies.count)
          keys = zip(batch, replies).filter { $0.1 == .integer(-1) }.map(\.0)
        }
        if !keys.isEmpty { try body(keys, server) }
        return true
      }
    }
  }
}

/// Error replies to a batch of per-key commands: a count and the first reason, so that a
/// server refusing every key (ACL, a renamed command, an invalid expiry) is a failure said
/// once, not a quiet "0 keys".
struct Refusals {
  private(set) var count = 0
  private(set) var firstReason: String?

  mutating func note(_ replies: [RESPValue]) {
    for reply in replies {
      guard let error = reply.serverError else { continue }
      count += 1
      // A hostile server's reason may be megabytes long; a line is enough.
      if firstReason == nil {
        firstReason = error.message.count > 300 ? error.message.prefix(300) + "…" : error.message
      }
    }
  }

  /// Throws (exit 1) when the server refused any of the `total` keys.
  func check(_ command: String, of total: Int) throws(RStateError) {
    guard count > 0, let firstReason else { return }
    throw .server(
      command: command,
      message: "the server refused \(count) of \(total) keys: \(firstReason)")
  }
}
