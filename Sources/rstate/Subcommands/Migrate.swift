import ArgumentParser
import Glibc
import RStateCore

extension RState {
  struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "migrate",
      abstract: "Copy app state into, between and out of Redis: resumable, verified, lossless.",
      discussion: """
        --from is a Redis URL (redis://, rediss://, unix://), @NAME (a connection of \
        rstate.toml), a record file (as written by --to FILE or flush --backup), a JSON \
        snapshot of an in-memory store ({id: state, …} or an array of objects with \
        --id-field), or a directory (one key per file). --to is a Redis URL, @NAME or a new \
        record file; without it the connection options name the target. \
        Expiry is carried as absolute time; keys whose expiry passes during the run are \
        counted as expired. Existing target keys are never overwritten unless \
        --on-conflict replace. A checkpoint lets --resume continue an interrupted run; keys \
        that fail or conflict are written to a failed-keys record file beside it. Exit status \
        0 when every key was written, found unchanged, expired, or skipped as --on-conflict \
        skip asked (counted in the summary; --verify counts them apart, not as \
        differences); 1 when any key failed or conflicted under --on-conflict fail, the run \
        stopped early, --verify found a difference, or --move kept a key on the source. A \
        --dry-run exits as the run would. A run stopped by an error (a full disk, a lost \
        server) still prints what it did.

        Source and target must differ. The same server and db under another name (localhost \
        for 127.0.0.1, its unix socket, a node of the same cluster, a replica) is refused \
        before anything is read, exit status 64, unless --rename copies keys under new names \
        within it: then only the renamed keys are copied, never over an existing key, and \
        not with --move or --on-conflict replace. One file in two roles (--from, --to, \
        --checkpoint, --failed-keys; through links too) is refused. Text that looks like a \
        URL (redis:pw@host, host:port, user@host) is never taken as a file name: write ./NAME for \
        such a file. New files are created only in directories that exist.

        Passwords for a --from or --to server, highest first: in its URL (on the command \
        line: avoid), typed at --from-askpass or --to-askpass, the variable a connection's \
        password-env names (@NAME), then RSTATE_FROM_PASSWORD or RSTATE_TO_PASSWORD. The \
        connection options, REDIS_* variables and .env apply only to a target named by the \
        connection options.
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    @OptionGroup(title: "Target connection (when --to is not given)")
    var connection: ConnectionOptions
    @OptionGroup(title: "Target connection (when --to is not given)")
    var database: DatabaseOption

    @Option(
      help: ArgumentHelp(
        "Source: Redis URL, @NAME (a connection of rstate.toml), record file, JSON snapshot "
          + "or directory.", valueName: "source"))
    var from: String

    @Option(
      help: ArgumentHelp(
        "Target: Redis URL, @NAME or a record file to create (default: the connection options).",
        valueName: "target"))
    var to: String?

    @Flag(
      help: "Prompt for the --from server's password, without echo (or RSTATE_FROM_PASSWORD).")
    var fromAskpass = false

    @Flag(help: "Prompt for the --to server's password, without echo (or RSTATE_TO_PASSWORD).")
    var toAskpass = false

    @OptionGroup(title: "Keys (Redis source)") var scan: ScanOptions

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Source db of a Redis source (default: its URL's).", valueName: "n"))
    var fromDb: Int?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Write every key into this target db.", valueName: "n"))
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
      parsing: .unconditional,
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

    @Option(
      parsing: .unconditional, help: ArgumentHelp("Keys per pipelined batch.", valueName: "n"))
    var pipeline = 1000

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("At most this many keys per second.", valueName: "keys"))
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
        "Record file for keys that failed or conflicted (default: rstate-failed-TIME.jsonl beside the checkpoint).",
        valueName: "file"))
    var failedKeys: String?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Go on past this many failed keys.", valueName: "n"))
    var maxErrors = 0

    @Flag(help: "After the copy, compare every key: type, content (SHA-256) and expiry.")
    var verify = false

    @Flag(help: "Only compare source and target; copy nothing.")
    var verifyOnly = false

    @Flag(help: "With --verify: also report keys found only on the target.")
    var bothWays = false

    @Option(
      parsing: .unconditional,
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

    /// 100 years: far beyond any expiry an app sets, far within every conversion.
    static let longestTTLSeconds = 3_155_760_000
    static let largestPipeline = 100_000
    static let largestCount = 1_000_000_000
    static let largestDB = Int(Int32.max)

    func validate() throws {
      if !(1...Self.largestPipeline).contains(pipeline) {
        throw ValidationError("--pipeline must be 1 to \(Self.largestPipeline) keys")
      }
      if let rate, !(1...Self.largestCount).contains(rate) {
        throw ValidationError("--rate must be 1 to \(Self.largestCount) keys per second")
      }
      if !(0...Self.largestCount).contains(maxErrors) {
        throw ValidationError("--max-errors must be 0 to \(Self.largestCount)")
      }
      if let ttl, !(1...Self.longestTTLSeconds).contains(ttl) {
        throw ValidationError(
          "--ttl must be 1 to \(Self.longestTTLSeconds) seconds (100 years)")
      }
      if !(0...Int64(Self.longestTTLSeconds) * 1000).contains(ttlTolerance) {
        throw ValidationError(
          "--ttl-tolerance must be 0 to \(Int64(Self.longestTTLSeconds) * 1000) milliseconds")
      }
      for (name, db) in [("--from-db", fromDb), ("--to-db", toDb)] {
        if let db, !(0...Self.largestDB).contains(db) {
          throw ValidationError("\(name) must be 0 to \(Self.largestDB)")
        }
      }
      if ConflictPolicy(rawValue: onConflict) == nil {
        throw ValidationError("--on-conflict must be fail, skip or replace")
      }
      if SnapshotSource.Storage(rawValue: storage) == nil {
        throw ValidationError("--as must be string or hash")
      }
      if scan.namespace != nil && keyTemplate != nil {
        throw ValidationError("give --namespace or --key-template, not both")
      }
      if fromAskpass && !MigrationEnd.namesServer(from) {
        throw ValidationError("--from-askpass is for a Redis source (a URL or @NAME)")
      }
      if toAskpass && to.map(MigrationEnd.namesServer) != true {
        throw ValidationError(
          to == nil
            ? "--to-askpass is for a --to server; the target of the connection options takes "
              + "--askpass"
            : "--to-askpass is for a Redis target (a URL or @NAME)")
      }
      if connection.askpass && to != nil {
        throw ValidationError(
          "--askpass is for the target of the connection options, which --to replaces "
            + "(for a --to server: --to-askpass)")
      }
      if move && !MigrationEnd.namesServer(from) {
        throw ValidationError(
          "--move deletes keys from a Redis source; a file or directory source is left as it "
            + "is (check the copy with --verify, then remove it yourself)")
      }
      if move && to.map({ !MigrationEnd.namesServer($0) }) == true {
        throw ValidationError("--move needs a Redis target, where each copy can be verified")
      }
      for rule in rename where !rule.contains("=") {
        throw ValidationError("--rename '\(rule)' must be OLD=NEW, e.g. 'cache:=cache_v2:'")
      }
      for (old, new) in renameRules where old == new {
        throw ValidationError(
          "--rename '\(text(old))=\(text(new))' renames nothing: give a new prefix")
      }
    }

    /// The --rename rules as byte prefixes (validated to hold a '=').
    private var renameRules: [(from: [UInt8], to: [UInt8])] {
      rename.compactMap { rule in
        guard let split = rule.firstIndex(of: "=") else { return nil }
        return (Array(rule[..<split].utf8), Array(rule[rule.index(after: split)...].utf8))
      }
    }

    func run() throws {
      // A file size limit (ulimit -f) is then a write error, reported with the summary,
      // rather than a kill that loses it.
      signal(SIGXFSZ, SIG_IGN)
      let sourceKind = try sourceKind()
      // Settings first, connections later: the ends' descriptions (passwords hidden) name
      // the default checkpoint, and every file is checked before anything is opened.
      let sourceSettings =
        sourceKind == .redis
        ? try endSettings(.source, from, db: fromDb, askpass: fromAskpass) : nil
      let targetFile = try targetFilePath()
      let targetSettings =
        targetFile != nil
        ? nil
        : try to.map { text throws in try endSettings(.target, text, db: nil, askpass: toAskpass) }
          ?? connection.resolve(db: database.db)
      let ends = (
        source: sourceSettings?.redactedURL ?? from,
        target: targetSettings?.redactedURL ?? targetFile ?? ""
      )
      let checkpointPath =
        checkpoint ?? defaultCheckpointPath(source: ends.source, target: ends.target)
      let failedKeysPath =
        failedKeys
        ?? besideCheckpoint(checkpointPath, "rstate-failed-\(unixTimeMilliseconds()).jsonl")
      try checkFiles(
        sourceKind, targetFile: targetFile,
        written: verifyOnly
          ? []
          : [
            (checkpoint == nil ? "the checkpoint" : "--checkpoint", checkpointPath),
            (failedKeys == nil ? "the failed-keys file" : "--failed-keys", failedKeysPath),
          ])

      let source = try makeSource(sourceKind, settings: sourceSettings)
      let target = try makeTarget(
        source: source, file: targetFile, settings: targetSettings, checkpointPath: checkpointPath,
        forVerification: verifyOnly)
      let withinOneDB = try checkOverlap(source, target)
      if verifyOnly {
        let report = try verification(source, sourceKind, target, withinOneDB: withinOneDB)
        printVerification(report, json: nil)
        if !report.isClean { throw ExitCode.failure }
        return
      }
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
      var options = MigrationOptions(checkpointPath: checkpointPath, failedKeysPath: failedKeysPath)
      options.pipeline = pipeline
      options.keysPerSecond = rate
      options.maxErrors = maxErrors
      options.transform = try transform(sourceKind, target: target, withinOneDB: withinOneDB)
      options.resume = resume
      options.dryRun = dryRun
      options.remembersSkippedKeys = verify && ConflictPolicy(rawValue: onConflict) == .skip
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
      let result: MigrationResult
      do {
        result = try engine.run(resumingFrom: resume ? saved : nil)
      } catch {
        Terminal.endProgress()
        // Say what was done before the failure (a full disk, a lost server), then why.
        guard let partial = engine.partialResult, partial.counts.keys > 0 || resume else {
          throw error
        }
        report(
          partial, source: source, target: target, checkpointPath: checkpointPath,
          verified: nil, mover: mover, failure: "\(error)")
        throw ExitCode(ExitStatus.code(for: error, in: Self.self))
      }
      Terminal.endProgress()
      var checked: VerificationReport?
      if verify && result.complete && !dryRun {
        checked = try verification(
          source, sourceKind, target, withinOneDB: withinOneDB, skipped: result.skippedKeys)
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

    /// Settings for a --from or --to server: its URL (or @NAME's) and its password from
    /// wherever it was given for that end; the connection options' environment and .env
    /// describe another server.
    private func endSettings(
      _ role: MigrationEnd.Role, _ text: String, db: Int?, askpass: Bool
    ) throws -> ConnectionSettings {
      let end = try MigrationEnd(role, text) { () throws(RStateError) in try connection.project() }
      // Warns about a password in the URL, as for -u; certificates apply to every TLS end.
      var settings = try connection.resolve(url: end.url, db: db)
      let password = try end.password(
        askpass: askpass, environment: Terminal.processEnvironment(),
        prompt: { Terminal.askPassword(prompt: $0) })
      if let password { settings.password = password.secret }
      if connection.verbose {
        Terminal.diagnostic("rstate: \(role.noun) \(settings.redactedURL)")
        if let named = end.connection {
          Terminal.diagnostic(
            "  url       \(SettingOrigin.projectConnection(path: named.path, name: named.name))")
        }
        if settings.password != nil {
          Terminal.diagnostic("  password  ***  (\(password?.origin.description ?? "the URL"))")
        }
      }
      return settings
    }

    /// Opens a --from or --to server; a refused password names its end, and when the server
    /// wants a password none was given for, says how to give one for that end.
    private func open(_ client: RedisClient, as role: MigrationEnd.Role?) throws {
      do {
        try client.open()
      } catch {
        guard let role, case .authenticationFailed(let user, let endpoint, let message) = error
        else { throw error }
        // A refused password: say which end it was for.
        guard client.settings.password == nil else {
          throw RStateError.authenticationFailed(
            user: user, endpoint: "\(endpoint) (the \(role.noun))", serverMessage: message)
        }
        throw RStateError.authenticationFailed(
          user: user, endpoint: endpoint, serverMessage: role.passwordAdvice)
      }
    }

    private enum SourceKind: Equatable { case redis, fileSource(String), snapshot, directory }
    private func sourceKind() throws -> SourceKind {
      if MigrationEnd.namesServer(from) { return .redis }
      if LocationText.looksLikeURL(from) { throw RStateError.usage(urlMistake("--from", from)) }
      var status = stat()
      guard stat(from, &status) == 0 else {
        throw RStateError.io(
          path: from,
          reason:
            "no such file or directory (a Redis URL starts with redis://, rediss:// or unix://)")
      }
      if (status.st_mode & S_IFMT) == S_IFDIR { return .directory }
      guard (status.st_mode & S_IFMT) == S_IFREG else {
        throw RStateError.io(path: from, reason: "not a regular file or a directory")
      }
      return RecordFileReader.claimsRecordFormat(path: from) ? .fileSource(from) : .snapshot
    }

    /// The record file --to names, or nil for a Redis target. Text that looks like a URL is
    /// never a file name: a mistyped URL must not become a file named after its password.
    private func targetFilePath() throws -> String? {
      guard let to, !MigrationEnd.namesServer(to) else { return nil }
      if LocationText.looksLikeURL(to) { throw RStateError.usage(urlMistake("--to", to)) }
      return to
    }

    private func urlMistake(_ option: String, _ text: String) -> String {
      "\(option) '\(LocationText.masked(text))' looks like a Redis URL, not a file: write "
        + "redis://[user:password@]host:port[/db] (rediss:// for TLS, unix:///path for a "
        + "socket), or ./NAME for a file of that name"
    }

    /// One file in two roles (the source written to, a checkpoint over the export) would be
    /// destroyed: refused, through symlinks and hard links too, before anything is opened.
    /// New files go only into directories that exist.
    private func checkFiles(
      _ kind: SourceKind, targetFile: String?, written: [(role: String, path: String)]
    ) throws {
      var roles: [(role: String, path: String)] = []
      if kind != .redis { roles.append(("--from", from)) }
      if let targetFile { roles.append(("--to", targetFile)) }
      roles += written
      var seen: [FileIdentity: String] = [:]
      for (role, path) in roles {
        guard let identity = FileIdentity(path: path) else { continue }
        if let other = seen[identity] {
          throw RStateError.usage(
            "\(other) and \(role) are the same file (\(path)): give \(role) a path of its own")
        }
        seen[identity] = role
      }
      for (role, path) in roles.dropFirst(kind == .redis ? 0 : 1) {
        if let directory = FileIdentity.missingDirectory(forNewFile: path) {
          throw RStateError.usage(
            "\(role) \(path): the directory \(directory) does not exist; create it or give "
              + "another path")
        }
      }
    }

    /// Refuses a Redis source and target that hold the same keys (one server under two
    /// names, a cluster node and its cluster, a primary and its replica) in the same db:
    /// each key would be found "unchanged" on itself, and --move would then delete it. Within
    /// one db only --rename copies, of the renamed keys, never overwriting: returns true then.
    private func checkOverlap(_ source: any MigrationSource, _ target: any MigrationTarget) throws
      -> Bool
    {
      guard let source = source as? RedisSource, let target = target as? RedisTarget else {
        return false
      }
      let targetDB = toDb ?? target.client.settings.db
      let overlap = try ServerIdentity.of(source.client, db: source.db).overlap(
        with: try ServerIdentity.of(target.client, db: targetDB))
      guard let overlap else { return false }
      let ends =
        "the source \(source.description) and the target \(target.description)"
        + (overlap == .sameServer
          ? " are the same server and db (db \(targetDB))"
          : " hold the same data (one replicates the other, db \(targetDB))")
      if rename.isEmpty {
        throw RStateError.usage(
          "\(ends): give another target or --to-db N; to copy keys under new names within it, "
            + "add --rename OLD=NEW")
      }
      if move {
        throw RStateError.usage(
          "\(ends): --move would delete keys in the db it copies into; copy with --rename "
            + "alone, check the copies, then delete the old keys yourself")
      }
      if ConflictPolicy(rawValue: onConflict) == .replace {
        throw RStateError.usage(
          "\(ends): --on-conflict replace could overwrite the source's own keys; use fail or skip")
      }
      let rules = renameRules
      // A copy whose name begins with a renamed prefix would be met by the scan and copied
      // again, and again.
      for rule in rules {
        if let nested = rules.first(where: { rule.to.starts(with: $0.from) }) {
          throw RStateError.usage(
            "\(ends): --rename '\(text(rule.from))=\(text(rule.to))' makes names that begin "
              + "with '\(text(nested.from))', which is renamed too, so the copies would be copied "
              + "again; use prefixes that do not nest")
        }
      }
      if bothWays && rules.count > 1 {
        throw RStateError.usage(
          "\(ends): --both-ways within one db takes one --rename (the target's keys under "
            + "its new prefix are compared)")
      }
      return true
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Next to a file source; for a server, in the working directory, named after the
    /// source and target (as printed, passwords hidden) so two runs from one directory keep
    /// apart.
    private func defaultCheckpointPath(source: String, target: String) -> String {
      if !MigrationEnd.namesServer(from) { return from + ".rstate-checkpoint" }
      let pair = SHA256.hex(Array("\(source)\n\(target)".utf8)).prefix(12)
      return "rstate-migrate-\(pair).checkpoint"
    }

    /// A file in the checkpoint's directory.
    private func besideCheckpoint(_ checkpointPath: String, _ name: String) -> String {
      guard checkpointPath.contains("/") else { return name }
      let directory = FileIdentity.split(checkpointPath).directory
      return directory == "/" ? "/" + name : directory + "/" + name
    }

    private func template() throws(RStateError) -> KeyTemplate {
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

    private func makeSource(_ kind: SourceKind, settings: ConnectionSettings?) throws
      -> any MigrationSource
    {
      switch kind {
      case .redis:
        let client = RedisClient(settings: settings!)
        try open(client, as: .source)
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
          path: from, idField: idField, template: { () throws(RStateError) in try template() },
          storage: SnapshotSource.Storage(rawValue: storage)!, db: toDb ?? 0)
      case .directory:
        return try DirectorySource(
          path: from, template: try template(), stripExtension: stripExt, db: toDb ?? 0)
      }
    }

    private func makeTarget(
      source: any MigrationSource, file: String?, settings: ConnectionSettings?,
      checkpointPath: String, forVerification: Bool
    ) throws -> any MigrationTarget {
      if let to = file {
        if forVerification { return RecordFileTarget(dryRunPath: to) }
        if dryRun { return RecordFileTarget(dryRunPath: to) }
        // Files get typed values: portable to any Redis version, and readable.
        (source as? RedisSource)?.useDump = false
        let saved = resume ? try Checkpoint.load(from: checkpointPath) : nil
        let offset = saved?.targetOffset
        let version = (source as? RedisSource).flatMap {
          try? $0.client.primaries[0].info("server")["redis_version"]
        }
        return try RecordFileTarget(
          path: to, source: source.description, serverVersion: version, resumeAt: offset)
      }
      var settings = settings!
      // Every key goes into --to-db: the target is that db, in summaries and checkpoints too.
      if let toDb { settings.db = toDb }
      let client = RedisClient(settings: settings)
      try open(client, as: to == nil ? nil : .target)
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
      _ source: any MigrationSource, _ kind: SourceKind, _ target: any MigrationTarget,
      withinOneDB: Bool, skipped: [Int: Set<[UInt8]>] = [:]
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
      var transform = try transform(kind, target: target, withinOneDB: withinOneDB)
      if let redis = target as? RedisTarget {
        let verifier = Verifier(
          server: redis.client, transform: transform, ttlTolerance: ttlTolerance)
        verifier.skippedKeys = skipped
        // Within one db the source's other keys are on the "target" too: only the keys under
        // the new prefix count as the target's.
        let pattern =
          withinOneDB
          ? NamespaceTemplate.escapedGlob(renameRules[0].to) + Array("*".utf8)
          : renameFreePattern(source)
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
      if report.skipped > 0 {
        line += ", \(report.skipped) skipped (the target's own values, --on-conflict skip)"
      }
      Terminal.write(line + "\n")
    }

    private func transform(_ kind: SourceKind, target: any MigrationTarget, withinOneDB: Bool)
      throws -> RecordTransform
    {
      var transform = RecordTransform()
      transform.renames = renameRules
      transform.renamedKeysOnly = withinOneDB
      // A Redis source is one db: it lands in the target's db. A record file's keys keep
      // their own dbs unless --to-db or a target db other than 0 says where they go.
      let targetDB = (target as? RedisTarget)?.client.settings.db
      switch kind {
      case .redis: transform.targetDB = toDb ?? targetDB
      case .fileSource: transform.targetDB = toDb ?? (targetDB == 0 ? nil : targetDB)
      case .snapshot, .directory: transform.targetDB = toDb ?? targetDB
      }
      // Bounded by validate(): no overflow.
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
      var line = "\(counts.keys) keys, \(humanBytes(counts.bytes)), \(whole(rate)) keys/s"
      if let total, total > counts.keys, rate > 0 {
        line += ", ETA \(humanDuration(seconds: Int64(whole(Double(total - counts.keys) / rate))))"
      }
      if counts.failed + counts.conflicts > 0 {
        line += ", \(counts.failed) failed, \(counts.conflicts) conflicts"
      }
      return line
    }

    private func report(
      _ result: MigrationResult, source: any MigrationSource, target: any MigrationTarget,
      checkpointPath: String, verified: VerificationReport?, mover: SourceMover?,
      failure: String? = nil
    ) {
      let counts = result.counts
      var status = stat()
      let checkpointSaved = !result.complete && stat(checkpointPath, &status) == 0
      // The last word on a run that stopped: why, and how to go on.
      var closing: String?
      if let reason = failure ?? result.stopReason {
        closing =
          checkpointSaved
          ? "rstate: \(reason); the checkpoint is in \(checkpointPath): rerun with --resume"
          : "rstate: \(reason); no checkpoint could be saved: run again to copy the rest "
            + "(keys already copied are found unchanged)"
      }
      defer {
        if let verified { printVerification(verified, json: .null) }
        if let closing, failure != nil || !json { Terminal.diagnostic(closing) }
      }
      if json {
        var members: [(String, JSONValue)] = [
          ("source", .string(source.description)), ("target", .string(target.description)),
          ("dry_run", .bool(dryRun)), ("complete", .bool(result.complete)),
        ]
        if case .object(let countMembers) = counts.json { members += countMembers }
        members += [
          ("seconds", .double(result.seconds)),
          ("failed_keys_file", result.failedKeysFile.map { .string($0) } ?? .null),
          ("checkpoint", checkpointSaved ? .string(checkpointPath) : .null),
          ("stop_reason", (failure ?? result.stopReason).map { .string($0) } ?? .null),
          ("verification", verified?.json ?? .null),
          ("moved", mover.map { .integer(Int64($0.moved)) } ?? .null),
          ("kept_on_source", mover.map { .integer(Int64($0.keptCount)) } ?? .null),
        ]
        Terminal.write(JSONValue.object(members).serialized() + "\n")
        return
      }
      let rate = result.seconds > 0 ? whole(Double(counts.keys) / result.seconds) : 0
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
    }

    /// A rate or duration as a whole number, never trapping on one too large to hold.
    private func whole(_ value: Double) -> Int {
      value.isFinite ? Int(max(0, min(value, 1e15))) : 0
    }
  }
}
