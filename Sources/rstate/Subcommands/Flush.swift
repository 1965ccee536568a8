import ArgumentParser
import RStateCore

extension RState {
  struct Flush: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "flush",
      abstract: "Delete keys safely: by pattern, the current database, or every database.",
      discussion: """
        Exactly one of --pattern GLOB or --namespace NAME (SCAN and pipelined UNLINK, or DEL where UNLINK is \
        refused), --db (FLUSHDB ASYNC on the database chosen with -n, default 0) or --all \
        (FLUSHALL ASYNC). Before deleting, rstate shows the count, a sample of the keys, the \
        server and the db; on a terminal you type the db number or yes to go on; otherwise \
        --yes is required, and without it nothing is deleted (exit 64). --dry-run shows the \
        same and deletes nothing. --backup FILE first writes every key that will be deleted \
        to FILE in rstate's record format and syncs it to disk; only then are keys deleted.
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions

    @Option(
      name: .customShort("n"), parsing: .unconditional, help: "Database number (default 0).")
    var databaseNumber: String?

    @OptionGroup(title: "Keys") var scan: ScanOptions
    @OptionGroup(title: "Safety") var safety: SafetyOptions

    @Flag(
      name: .customLong("db"), help: "Delete every key of the current database (FLUSHDB ASYNC).")
    var wholeDatabase = false

    @Flag(name: .customLong("all"), help: "Delete every key of every database (FLUSHALL ASYNC).")
    var everyDatabase = false

    @Option(
      help: ArgumentHelp("Write the keys to this record file before deleting.", valueName: "file"))
    var backup: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
      let modes = [scan.selectsKeys, wholeDatabase, everyDatabase].filter { $0 }.count
      if modes != 1 {
        throw ValidationError("give exactly one of --pattern GLOB, --namespace NAME, --db or --all")
      }
      if scan.type != nil && !scan.selectsKeys {
        throw ValidationError("--type needs --pattern or --namespace")
      }
    }

    func run() throws {
      let settings = try connection.resolve(db: databaseNumber)
      let client = RedisClient(settings: settings)
      try client.open()
      if scan.selectsKeys { try flushPattern(client) } else { try flushDatabases(client) }
    }

    private func flushPattern(_ client: RedisClient) throws {
      // Collect exactly the keys that are shown, backed up and deleted.
      var seen = KeySet()
      let servers = try client.primaries
      var byServer: [[[UInt8]]] = servers.map { _ in [] }
      let scope = try scan.scope(connection)
      try scope.forEachBatch(client, readAhead: true) {
        batch, server throws(RStateError) in
        let index = servers.firstIndex { $0 === server } ?? 0
        byServer[index] += batch.filter { seen.insert($0) }
        Terminal.progress("found \(counted(seen.count, "key"))")
        return true
      }
      Terminal.endProgress()
      let count = seen.count
      let sample = Array(byServer.joined().prefix(5))
      try preview(client, count: count, sample: sample, what: scope.label)
      if safety.dryRun || count == 0 { return finishWithoutChanges(count: count) }
      try confirm(client, count: count)
      let started = monotonicSeconds()
      if let backup {
        try writeBackup(to: backup, client: client) { writer throws(RStateError) in
          for (server, keys) in zip(servers, byServer) {
            try forEachChunk(keys) { chunk throws(RStateError) in
              try KeyReader.read(chunk, db: server.db, on: server) { record throws(RStateError) in
                try writer.append(record)
              }
            }
          }
        }
      }
      // A cluster refuses multi-key commands across slots: one UNLINK per slot there.
      var deletion = KeyDeletion(bySlot: try client.isCluster)
      var deleted = 0
      for (server, keys) in zip(servers, byServer) {
        try forEachChunk(keys) { chunk throws(RStateError) in
          deleted += try deletion.delete(chunk, on: server)
          if count > 5000 { Terminal.progress("deleted \(deleted) of \(count) keys") }
        }
      }
      Terminal.endProgress()
      report(deleted: deleted, seconds: monotonicSeconds() - started)
    }

    private func flushDatabases(_ client: RedisClient) throws {
      let servers = try client.primaries
      var count = 0
      var databases: [Int] = [client.settings.db]
      for server in servers {
        if everyDatabase {
          let info = try server.info("keyspace")
          databases = Array(Set(databases + info.keyspace.map(\.db))).sorted()
          for entry in info.keyspace { count = Self.adding(count, entry.keys) }
        } else {
          guard case .integer(let size) = try server.send(Command("DBSIZE")) else {
            throw RStateError.unexpectedReply(command: "DBSIZE", reply: "not an integer")
          }
          count = Self.adding(count, size)
        }
      }
      var sample: [[UInt8]] = []
      try KeyScan.forEachBatch(client, ScanFilter(count: 100)) { batch, _ throws(RStateError) in
        sample = Array(batch.prefix(5))
        return false
      }
      var what = everyDatabase ? "in every database" : "in db \(client.settings.db)"
      if servers.count > 1 {
        what +=
          " of the \(servers.count) cluster primaries ("
          + servers.map(\.endpoint.description).joined(separator: ", ") + ")"
      }
      try preview(client, count: count, sample: sample, what: what)
      if safety.dryRun || count == 0 { return finishWithoutChanges(count: count) }
      try confirm(client, count: count)
      let started = monotonicSeconds()
      if let backup {
        try writeBackup(to: backup, client: client) { writer throws(RStateError) in
          for db in databases {
            let nodes = servers.count > 1 ? servers : [client.connection(db: db)]
            for node in nodes {
              try KeyScan.forEachBatch(on: node, ScanFilter()) { batch, _ throws(RStateError) in
                try KeyReader.read(batch, db: db, on: node) { record throws(RStateError) in
                  try writer.append(record)
                }
                return true
              }
            }
          }
        }
      }
      let verb = everyDatabase ? "FLUSHALL" : "FLUSHDB"
      try client.forEachPrimary { node throws(RStateError) in
        let reply = try node.send(Command(verb, "ASYNC"))
        if let refusal = reply.serverError {
          throw RStateError.server(
            command: verb,
            message: "\(refusal.message) — the server refuses \(verb); use --pattern '*' instead, "
              + "which deletes with SCAN and UNLINK (or DEL)")
        }
      }
      report(deleted: count, seconds: monotonicSeconds() - started)
    }

    private func preview(_ client: RedisClient, count: Int, sample: [[UInt8]], what: String) throws
    {
      var text = "\(counted(count, "key")) \(what) on \(client.settings.redactedURL)"
      if count > 0 { text += ", for example:" }
      for key in sample { text += "\n  " + ReplyFormat.quoted(key) }
      if count > sample.count && !sample.isEmpty { text += "\n  …" }
      Terminal.diagnostic(text)
    }

    private func confirm(_ client: RedisClient, count: Int) throws {
      let db = client.settings.db
      if everyDatabase {
        try safety.confirm(
          "Delete \(counted(count, "key")) in every database? Type yes to go on: ",
          accepting: ["yes"],
          action: "delete keys")
      } else {
        try safety.confirm(
          "Delete \(counted(count, "key")) from db \(db)? Type the db number (\(db)) or yes to go on: ",
          accepting: ["yes", String(db)], action: "delete keys")
      }
    }

    private func writeBackup(
      to path: String, client: RedisClient,
      _ body: (RecordFileWriter) throws(RStateError) -> Void
    ) throws(RStateError) {
      let version = (try? client.seed.info("server"))?["redis_version"]
      let writer = try RecordFileWriter(
        path: path, source: client.settings.redactedURL, serverVersion: version)
      try body(writer)
      try writer.finish()
      Terminal.diagnostic("backed up \(writer.keyCount) keys to \(path)")
    }

    private func finishWithoutChanges(count: Int) {
      Terminal.diagnostic(safety.dryRun ? "dry run: nothing was deleted" : "nothing to delete")
      if json {
        Terminal.write("{\"deleted\":0,\"dry_run\":\(safety.dryRun),\"matched\":\(count)}\n")
      }
    }

    private func report(deleted: Int, seconds: Double) {
      if json {
        Terminal.write(
          JSONValue.object([
            ("deleted", .integer(Int64(deleted))), ("seconds", .double(seconds)),
            ("backup", backup.map { .string($0) } ?? .null),
          ]).serialized() + "\n")
      } else {
        Terminal.write("deleted \(counted(deleted, "key")) in \(fixed(seconds, places: 2))s\n")
      }
    }

    /// Counts from servers, added without trapping: they are the servers' word, only shown.
    private static func adding(_ count: Int, _ more: Int64) -> Int {
      let (sum, overflow) = count.addingReportingOverflow(Int(clamping: more))
      return overflow ? .max : sum
    }

    private func forEachChunk(
      _ keys: [[UInt8]], _ body: ([[UInt8]]) throws(RStateError) -> Void
    ) throws(RStateError) {
      var start = 0
      while start < keys.count {
        let end = min(start + 100_000, keys.count)
        try body(Array(keys[start..<end]))
        start = end
      }
    }
  }
}
