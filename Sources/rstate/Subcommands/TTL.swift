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
        """
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
      name: .customLong("set"),
      help: ArgumentHelp(
        "With --pattern: set this expiry on the matching keys.", valueName: "seconds"))
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
      if let setSeconds, setSeconds < 1 { throw ValidationError("--set must be 1 or more seconds") }
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
          value = String((ms + 999) / 1000)
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
      let started = monotonicSeconds()
      try forEachTarget(client, scope) { keys, server throws(RStateError) in
        let replies = try server.pipeline(
          keys.map {
            Command([Array("EXPIRE".utf8), $0, Array(String(seconds).utf8)], keyIndices: [1])
          })
        changed += replies.filter { $0 == .integer(1) }.count
        Terminal.progress("set \(changed) of \(count)")
      }
      Terminal.endProgress()
      Terminal.write(
        "set an expiry of \(seconds)s on \(changed) keys in \(fixed(monotonicSeconds() - started, places: 2))s\n"
      )
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
          keys = zip(batch, replies).filter { $0.1 == .integer(-1) }.map(\.0)
        }
        if !keys.isEmpty { try body(keys, server) }
        return true
      }
    }
  }
}
