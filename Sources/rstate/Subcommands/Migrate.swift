import ArgumentParser
import Glibc
import RStateCore

extension RState {
  struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "migrate",
      abstract: "Copy app state into, between and out of Redis: resumable, verified, lossless.",
      discussion: """
        --from is a Redis URL (redis://, rediss://, unix://), a record file (as written by \
        --to FILE or flush --backup), a JSON snapshot of an in-memory store ({id: state, …} \
        or an array of objects with --id-field), or a directory (one key per file). --to is a \
        Redis URL or a new record file; without it the connection options name the target. \
        Expiry is carried as absolute time; keys whose expiry passes during the run are \
        counted as expired. Existing target keys are never overwritten unless \
        --on-conflict replace. A checkpoint lets --resume continue an interrupted run; keys \
        that fail or conflict are written to a failed-keys record file. Exit status 1 when \
        any key failed or conflicted, the run stopped early, or --verify found a difference.
        """
    )

    @OptionGroup(title: "Target connection (when --to is not given)")
    var connection: ConnectionOptions
    @OptionGroup(title: "Target connection (when --to is not given)")
    var database: DatabaseOption

    @Option(
      help: ArgumentHelp(
        "Source: Redis URL, record file, JSON snapshot or directory.", valueName: "source"))
    var from: String

    @Option(
      help: ArgumentHelp(
        "Target: Redis URL or a record file to create (default: the connection options).",
        valueName: "target"))
    var to: String?

    @OptionGroup(title: "Keys (Redis source)") var scan: ScanOptions

    @Option(help: ArgumentHelp("Source db of a Redis source (default: its URL's).", valueName: "n"))
    var fromDb: Int?

    @Option(help: ArgumentHelp("Write every key into this target db.", valueName: "n"))
    var toDb: Int?

    @Option(
      help: ArgumentHelp(
        "Key name for each id of a snapshot or directory, e.g. 'document_workflow:{id}'.",
        valueName: "template"))
    var keyTemplate: String?

    @Option(
      help: ArgumentHelp("Id member of a snapshot's objects.", valueName: "name"))
    var idField = "id"

    @Option(
      name: .customLong("as"),
      help: ArgumentHelp(
        "Store each snapshot state as JSON text (string) or as a hash of its fields.",
        valueName: "string|hash"))
    var storage: String = "string"

    @Flag(help: "Drop the file extension from a directory's file names to form ids.")
    var stripExt = false

    @Option(
      help: ArgumentHelp(
        "Expire keys that have no expiry after this many seconds.", valueName: "seconds"))
    var ttl: Int?

    @Option(
      help: ArgumentHelp(
        "When a key exists on the target: fail (report, exit 1), skip, or replace.",
        valueName: "fail|skip|replace"))
    var onConflict: String = "fail"

    @Option(
      help: ArgumentHelp(
        "Rewrite a key prefix: 'old_prefix:=new_prefix:' (repeatable).", valueName: "old=new"))
    var rename: [String] = []

    @Option(help: ArgumentHelp("Keys per pipelined batch.", valueName: "n"))
    var pipeline = 1000

    @Option(help: ArgumentHelp("At most this many keys per second.", valueName: "keys"))
    var rate: Int?

    @Option(
      help: ArgumentHelp(
        "State file for --resume (default: next to a file source, else ./rstate-migrate-ID.checkpoint).",
        valueName: "file"))
    var checkpoint: String?

    @Flag(help: "Continue an interrupted run from its checkpoint.")
    var resume = false

    @Option(
      help: ArgumentHelp(
        "Record file for keys that failed or conflicted (default rstate-failed-TIME.jsonl).",
        valueName: "file"))
    var failedKeys: String?

    @Option(help: ArgumentHelp("Go on past this many failed keys.", valueName: "n"))
    var maxErrors = 0

    @Flag(help: "After the copy, compare every key: type, content (SHA-256) and expiry.")
    var verify = false

    @Flag(help: "Only compare source and target; copy nothing.")
    var verifyOnly = false

    @Flag(help: "With --verify: also report keys found only on the target.")
    var bothWays = false

    @Option(
      help: ArgumentHelp(
        "Expiry difference allowed by --verify, in milliseconds.",
        valueName: "ms"))
    var ttlTolerance: Int64 = 1000

    @Flag(
      help: "Delete each source key once its copy on the target is verified (Redis sources).")
    var move = false

    @OptionGroup(title: "Safety") var safety: SafetyOptions
    private var dryRun: Bool { safety.dryRun }

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
      if pipeline < 1 { throw ValidationError("--pipeline must be 1 or more") }
      if let rate, rate < 1 { throw ValidationError("--rate must be 1 or more") }
      if maxErrors < 0 { throw ValidationError("--max-errors must be 0 or more") }
      if let ttl, ttl < 1 { throw ValidationError("--ttl must be 1 or more seconds") }
      if ConflictPolicy(rawValue: onConflict) == nil {
        throw ValidationError("--on-conflict must be fail, skip or replace")
      }
      if SnapshotSource.Storage(rawValue: storage) == nil {
        throw ValidationError("--as must be string or hash")
      }
      if scan.namespace != nil && keyTemplate != nil {
        throw ValidationError("give --namespace or --key-template, not both")
      }
      if move && !from.contains("://") {
        throw ValidationError(
          "--move deletes keys from a Redis source; a file or directory source is left as it "
            + "is (check the copy with --verify, then remove it yourself)")
      }
      if move && to.map({ !$0.contains("://") }) == true {
        throw ValidationError("--move needs a Redis target, where each copy can be verified")
      }
      for rule in rename where !rule.contains("=") {
        throw ValidationError("--rename '\(rule)' must be OLD=NEW, e.g. 'cache:=cache_v2:'")
      }
    }

    func run() throws {
      let sourceKind = try sourceKind()
      let source = try makeSource(sourceKind)
      if verifyOnly {
        let target = try makeTarget(source: source, forVerification: true)
        let report = try verification(source, sourceKind, target)
        printVerification(report, json: nil)
        if !report.isClean { throw ExitCode.failure }
        return
      }
      let target = try makeTarget(source: source)
      let checkpointPath = checkpoint ?? defaultCheckpointPath(target: target.description)
      let saved = try Checkpoint.load(from: checkpointPath)
      if resume {
        guard let saved else {
          throw RStateError.usage("nothing to resume: no checkpoint at \(checkpointPath)")
        }
        guard saved.source == source.description, saved.target == target.description else {
          throw RStateError.usage(
            "the checkpoint at \(checkpointPath) is for \(saved.source) → \(saved.target); "
              + "give the same --from and --to, or delete it to start over")
        }
      } else if saved != nil && !dryRun {
        throw RStateError.usage(
          "an interrupted run left a checkpoint at \(checkpointPath): add --resume to "
            + "continue it, or delete the file to start over")
      }
      if case .fileSource(let path) = sourceKind, !dryRun,
        try RecordFileReader.trailerKeyCount(path: path) == nil
      {
        _ = try RecordFileReader(path: path).validateToEnd()
      }
      if ConflictPolicy(rawValue: onConflict) == .replace && !dryRun {
        try confirmReplace(target)
      }
      if move && !dryRun {
        try safety.confirm(
          "Each key copied from \(source.description) will be deleted there once its copy is "
            + "verified. Type yes to go on: ",
          accepting: ["yes"], action: "delete keys from \(source.description)")
      }
      var options = MigrationOptions(
        checkpointPath: checkpointPath,
        failedKeysPath: failedKeys ?? "rstate-failed-\(unixTimeMilliseconds()).jsonl")
      options.pipeline = pipeline
      options.keysPerSecond = rate
      options.maxErrors = maxErrors
      options.transform = try transform(sourceKind, target: target)
      options.resume = resume
      options.dryRun = dryRun
      let total = source.estimatedKeyCount
      Interrupts.install()
      let showProgress = Terminal.stderrIsTTY && !json
      let engine = MigrationEngine(
        source: source, target: target, options: options,
        progress: { counts, seconds in
          if showProgress { Terminal.progress(progressLine(counts, seconds, total: total)) }
        },
        interrupted: { Interrupts.take() })
      var mover: SourceMover?
      if move && !dryRun, let redisSource = source as? RedisSource,
        let redisTarget = target as? RedisTarget
      {
        let made = SourceMover(
          source: redisSource, target: redisTarget, transform: options.transform)
        engine.onCopied = { records throws(RStateError) in try made.move(records) }
        mover = made
      }
      let result = try engine.run(resumingFrom: resume ? saved : nil)
      Terminal.endProgress()
      var checked: VerificationReport?
      if verify && result.complete && !dryRun {
        checked = try verification(source, sourceKind, target)
      }
      report(
        result, source: source, target: target, checkpointPath: checkpointPath,
        verified: checked, mover: mover)
      if !result.complete || result.counts.failed > 0 || result.counts.conflicts > 0
        || checked?.isClean == false || (mover?.keptCount ?? 0) > 0
      {
        throw ExitCode.failure
      }
    }

    private enum SourceKind { case redis, fileSource(String), snapshot, directory }
    private func sourceKind() throws -> SourceKind {
      if from.contains("://") { return .redis }
      var status = stat()
      guard stat(from, &status) == 0 else {
        throw RStateError.io(path: from, reason: "no such file, directory or Redis URL")
      }
      if (status.st_mode & S_IFMT) == S_IFDIR { return .directory }
      return RecordFileReader.looksLikeRecordFile(path: from) ? .fileSource(from) : .snapshot
    }

    /// Next to a file source; for a server, in the working directory, named after the
    /// source and target so that two runs from one directory keep apart.
    private func defaultCheckpointPath(target: String) -> String {
      if !from.contains("://") { return from + ".rstate-checkpoint" }
      let pair = SHA256.hex(Array("\(from)\n\(target)".utf8)).prefix(12)
      return "rstate-migrate-\(pair).checkpoint"
    }

    private func template() throws -> KeyTemplate {
      if let keyTemplate { return try KeyTemplate(keyTemplate) }
      if let namespace = scan.namespace {
        // A namespace rstate knows with one placeholder (from rstate.toml, say) names the keys
        // its way; any other name gives NAME:{id}.
        let catalog = try NamespaceCatalog(project: try connection.project())
        let rules = catalog.rules.filter { $0.name == namespace }
        if let rule = rules.first, rules.count == 1, rule.template.fieldNames.count == 1 {
          return try KeyTemplate(rule.template.description)
        }
        return try KeyTemplate(namespace + ":{id}")
      }
      throw RStateError.usage(
        "name the keys: --namespace NAME (keys NAME:{id}) or --key-template 'prefix:{id}'")
    }

    private func makeSource(_ kind: SourceKind) throws -> any MigrationSource {
      switch kind {
      case .redis:
        let settings = try connection.resolve(url: from, db: fromDb)
        let client = RedisClient(settings: settings)
        try client.open()
        var filter = scan.filter
        var selection: NamespaceSelection?
        if let namespace = scan.namespace {
          // A namespace rstate knows selects its keys; any other name selects NAME:*.
          let catalog = try NamespaceCatalog(project: try connection.project())
          if catalog.names.contains(namespace) {
            selection = try NamespaceSelection(catalog: catalog, name: namespace)
            filter.pattern = selection!.glob
          } else {
            filter.pattern = Array((namespace + ":*").utf8)
          }
        }
        let source = RedisSource(
          client: client, filter: filter, useDump: true, largestDumpBytes: 8 << 20)
        source.selection = selection
        return source
      case .fileSource(let path):
        return RecordFileSource(path: path)
      case .snapshot:
        return try SnapshotSource(
          path: from, idField: idField, template: try template(),
          storage: SnapshotSource.Storage(rawValue: storage)!, db: toDb ?? 0)
      case .directory:
        return try DirectorySource(
          path: from, template: try template(), stripExtension: stripExt, db: toDb ?? 0)
      }
    }

    private func makeTarget(source: any MigrationSource, forVerification: Bool = false) throws
      -> any MigrationTarget
    {
      if let to, !to.contains("://") {
        if forVerification { return RecordFileTarget(dryRunPath: to) }
        if dryRun { return RecordFileTarget(dryRunPath: to) }
        // Files get typed values: portable to any Redis version, and readable.
        (source as? RedisSource)?.useDump = false
        let saved =
          resume ? try Checkpoint.load(from: checkpoint ?? defaultCheckpointPath(target: to)) : nil
        let offset = saved?.targetOffset
        let version = (source as? RedisSource).flatMap {
          try? $0.client.primaries[0].info("server")["redis_version"]
        }
        return try RecordFileTarget(
          path: to, source: source.description, serverVersion: version, resumeAt: offset)
      }
      let settings =
        try to.map { url throws in try connection.resolve(url: url, db: nil) }
        ?? connection.resolve(db: database.db)
      let client = RedisClient(settings: settings)
      try client.open()
      let target = try RedisTarget(
        client: client, policy: ConflictPolicy(rawValue: onConflict)!, dryRun: dryRun)
      if let redisSource = source as? RedisSource {
        // An older target cannot read a newer DUMP payload: read typed values instead.
        let sourceVersion = try ServerCapabilities.probe(redisSource.client.primaries[0])
        redisSource.useDump = sourceVersion.rdbVersion <= target.capabilities.rdbVersion
        redisSource.largestDumpBytes = min(8 << 20, target.capabilities.maximumArgumentBytes / 2)
      }
      return target
    }

    /// Compares the source with the target. A record file written from Redis is compared
    /// with the server it came from; one written from files only has its checksum checked.
    private func verification(
      _ source: any MigrationSource, _ kind: SourceKind, _ target: any MigrationTarget
    ) throws -> VerificationReport {
      (source as? RedisSource)?.useDump = false
      let show = Terminal.stderrIsTTY && !json
      let progress: (VerificationReport) -> Void = { report in
        if show {
          Terminal.progress(
            "verified \(report.verified) keys, \(report.missing + report.different) differences")
        }
      }
      defer { Terminal.endProgress() }
      var transform = try transform(kind, target: target)
      if let redis = target as? RedisTarget {
        let verifier = Verifier(
          server: redis.client, transform: transform, ttlTolerance: ttlTolerance)
        let pattern = renameFreePattern(source)
        return try verifier.verify(
          source, bothWays: bothWays, extraPattern: pattern, progress: progress)
      }
      let file = RecordFileSource(path: target.description)
      guard let redisSource = source as? RedisSource else {
        let reader = try RecordFileReader(path: file.path)
        try reader.validateToEnd()
        var report = VerificationReport()
        report.verified = reader.trailer?.keys ?? 0
        return report
      }
      transform.renames = transform.renames.map { ($0.to, $0.from) }
      transform.targetDB = redisSource.db
      transform.defaultTTLMilliseconds = nil
      let verifier = Verifier(
        server: redisSource.client, transform: transform, ttlTolerance: ttlTolerance)
      return try verifier.verify(
        file, bothWays: bothWays, extraPattern: redisSource.filter.pattern, progress: progress)
    }

    /// The source's pattern, which also selects the target's keys when no prefix is renamed.
    private func renameFreePattern(_ source: any MigrationSource) -> [UInt8]? {
      guard rename.isEmpty, let redis = source as? RedisSource else { return nil }
      return redis.filter.pattern
    }

    private func printVerification(_ report: VerificationReport, json summaryJSON: JSONValue?) {
      for (key, reason) in report.samples {
        Terminal.diagnostic("difference: \(ReplyFormat.quoted(key)): \(reason)")
      }
      if json {
        if summaryJSON == nil { Terminal.write(report.json.serialized() + "\n") }
        return
      }
      var line =
        "verified \(report.verified) keys: \(report.missing) missing, \(report.different) different"
      if bothWays { line += ", \(report.extra) only on the target" }
      if report.expired > 0 { line += ", \(report.expired) expired at the source" }
      Terminal.write(line + "\n")
    }

    private func transform(_ kind: SourceKind, target: any MigrationTarget) throws
      -> RecordTransform
    {
      var transform = RecordTransform()
      transform.renames = rename.map { rule in
        let split = rule.firstIndex(of: "=")!
        return (Array(rule[..<split].utf8), Array(rule[rule.index(after: split)...].utf8))
      }
      // A Redis source is one db: it lands in the target's db. A record file's keys keep
      // their own dbs unless --to-db or a target db other than 0 says where they go.
      let targetDB = (target as? RedisTarget)?.client.settings.db
      switch kind {
      case .redis: transform.targetDB = toDb ?? targetDB
      case .fileSource: transform.targetDB = toDb ?? (targetDB == 0 ? nil : targetDB)
      case .snapshot, .directory: transform.targetDB = toDb ?? targetDB
      }
      transform.defaultTTLMilliseconds = ttl.map { Int64($0) * 1000 }
      return transform
    }

    private func confirmReplace(_ target: any MigrationTarget) throws {
      try safety.confirm(
        "Keys that exist on \(target.description) will be overwritten. Type yes to go on: ",
        accepting: ["yes"], action: "overwrite keys on \(target.description)")
    }

    private func progressLine(_ counts: MigrationCounts, _ seconds: Double, total: Int?) -> String {
      let rate = seconds > 0 ? Double(counts.keys) / seconds : 0
      var line = "\(counts.keys) keys, \(humanBytes(counts.bytes)), \(Int(rate)) keys/s"
      if let total, total > counts.keys, rate > 0 {
        line += ", ETA \(humanDuration(seconds: Int64(Double(total - counts.keys) / rate)))"
      }
      if counts.failed + counts.conflicts > 0 {
        line += ", \(counts.failed) failed, \(counts.conflicts) conflicts"
      }
      return line
    }

    private func report(
      _ result: MigrationResult, source: any MigrationSource, target: any MigrationTarget,
      checkpointPath: String, verified: VerificationReport?, mover: SourceMover?
    ) {
      let counts = result.counts
      defer { if let verified { printVerification(verified, json: .null) } }
      if json {
        var members: [(String, JSONValue)] = [
          ("source", .string(source.description)), ("target", .string(target.description)),
          ("dry_run", .bool(dryRun)), ("complete", .bool(result.complete)),
        ]
        if case .object(let countMembers) = counts.json { members += countMembers }
        members += [
          ("seconds", .double(result.seconds)),
          ("failed_keys_file", result.failedKeysFile.map { .string($0) } ?? .null),
          ("checkpoint", result.complete ? .null : .string(checkpointPath)),
          ("stop_reason", result.stopReason.map { .string($0) } ?? .null),
          ("verification", verified?.json ?? .null),
          ("moved", mover.map { .integer(Int64($0.moved)) } ?? .null),
          ("kept_on_source", mover.map { .integer(Int64($0.keptCount)) } ?? .null),
        ]
        Terminal.write(JSONValue.object(members).serialized() + "\n")
        return
      }
      let rate = result.seconds > 0 ? Int(Double(counts.keys) / result.seconds) : 0
      var text =
        (dryRun ? "dry run (nothing written): " : "")
        + "\(source.description) → \(target.description): \(counted(counts.keys, "key")) "
        + "in \(fixed(result.seconds, places: 2))s (\(rate) keys/s, \(humanBytes(counts.bytes)))\n"
      let rows: [(String, Int)] = [
        (dryRun ? "would write" : "written", counts.written), ("unchanged", counts.unchanged),
        ("skipped", counts.skipped), ("conflicts", counts.conflicts), ("expired", counts.expired),
        ("failed", counts.failed),
      ]
      for (name, value) in rows where value > 0 || name == "written" || name == "would write" {
        text += "  " + name + String(repeating: " ", count: max(1, 12 - name.count)) + "\(value)\n"
      }
      if let mover {
        text += "  moved       \(mover.moved) (deleted from the source after verifying)\n"
        if mover.keptCount > 0 { text += "  kept        \(mover.keptCount) on the source\n" }
      }
      Terminal.write(text)
      for (key, reason) in mover?.kept ?? [] {
        Terminal.diagnostic("kept on the source: \(ReplyFormat.quoted(key)): \(reason)")
      }
      for key in result.conflictSample {
        Terminal.diagnostic("conflict: \(ReplyFormat.quoted(key)) exists on the target")
      }
      if let file = result.failedKeysFile {
        Terminal.diagnostic("failed and conflicting keys, with the reasons, are in \(file)")
      }
      if let reason = result.stopReason {
        Terminal.diagnostic(
          "rstate: \(reason); the checkpoint is in \(checkpointPath): rerun with --resume")
      }
    }
  }
}
