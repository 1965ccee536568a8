import Foundation
import RStateCore
import Testing

/// Every key of a db as type, value digest and absolute expiry, read straight from the server.
private func state(of server: RedisServer, db: Int = 0) throws -> [[UInt8]: String] {
  var settings = ConnectionSettings(endpoint: .unix(path: server.socketPath))
  settings.db = db
  let client = RedisClient(settings: settings)
  var result: [[UInt8]: String] = [:]
  try KeyScan.forEachBatch(client, ScanFilter()) { keys, node throws(RStateError) in
    for (key, shape) in try KeyShape.read(keys, db: db, on: node) {
      // Expiry to the second: both sides are read a few milliseconds apart.
      let expiry = shape.expireAtMilliseconds.map { String(($0 + 500) / 1000) } ?? "none"
      result[key] = "\(shape.type) \(shape.digest.bytes) \(expiry)"
    }
    return true
  }
  return result
}

/// Waits until the server holds at least `count` keys.
private func waitForKeys(_ server: RedisServer, atLeast count: Int64) throws {
  while case .integer(let size) = try send(server, [b("DBSIZE")]), size < count { usleep(20000) }
}

private func send(_ server: RedisServer, _ words: [[UInt8]], db: Int = 0) throws -> RESPValue {
  try server.connection(db: db).send(Command(words))
}

private func b(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A db holding every type, binary keys and values, infinities, expiries and a hash big
/// enough to be read and written in several windows.
private func seedEveryType(_ server: RedisServer) throws {
  let connection = server.connection()
  var commands: [Command] = [
    Command([b("SET"), b("plain"), b("value")]),
    Command([b("SET"), b("empty"), []]),
    Command([b("SET"), [0x00, 0xFF, 0x0A, 0x20], [0x80, 0x04, 0x95, 0x00, 0xFF]]),
    Command([b("SET"), b("expiring"), b("soon"), b("PX"), b("3600000")]),
    Command([b("RPUSH"), b("list"), b("a"), b("b"), b("a"), [0xFE]]),
    Command([b("SADD"), b("set"), b("x"), b("y"), [0x00]]),
    Command([b("HSET"), b("hash"), b("f"), b("v"), [0xFF], []]),
    Command([b("ZADD"), b("zset"), b("-inf"), b("low"), b("1.5"), b("mid"), b("+inf"), b("high")]),
    Command([b("XADD"), b("stream"), b("1-1"), b("f"), b("v")]),
    Command([b("XADD"), b("stream"), b("2-0"), b("g"), [0xFF]]),
    Command([b("EXPIRE"), b("hash"), b("86400")]),
  ]
  var big: [[UInt8]] = [b("HSET"), b("big:hash")]
  for index in 0..<5000 { big += [b("field:\(index)"), Array(repeating: 0x61, count: 300)] }
  commands.append(Command(big))
  var longList: [[UInt8]] = [b("RPUSH"), b("big:list")]
  for index in 0..<2500 { longList.append(b("item \(index)")) }
  commands.append(Command(longList))
  for reply in try connection.pipeline(commands) { #expect(!reply.isError, "\(reply)") }
}

@Suite(.enabled(if: RedisServer.shouldRun))
struct MigrateTests {
  @Test func redisToFileToRedisReproducesEveryKey() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    try seedEveryType(source)
    let file = try temporaryDirectory().appendingPathComponent("backup.jsonl").path
    let export = try rstate(["migrate", "--from", "unix://\(source.socketPath)", "--to", file])
    #expect(export.status == 0, "\(export.err)")
    #expect(export.out.contains("written     11"))
    let load = try rstate([
      "migrate", "--from", file, "--to", "unix://\(target.socketPath)", "--json",
    ])
    #expect(load.status == 0, "\(load.err)")
    let summary = try #require(
      try JSONSerialization.jsonObject(with: load.stdout) as? [String: Any])
    #expect(summary["written"] as? Int == 11)
    #expect(try state(of: target) == (try state(of: source)))
    #expect(
      try send(target, [b("PTTL"), b("plain")]) == .integer(-1), "persistent stays persistent")
  }

  @Test func redisToRedisUsesDumpAndFallsBackToWindowsForBigKeys() throws {
    let source = try RedisServer()
    // The smallest proto-max-bulk-len: the 1.5 MB hash must go in windows, not one RESTORE.
    let target = try RedisServer(config: ["proto-max-bulk-len 1mb"])
    try seedEveryType(source)
    let copy = try rstate([
      "migrate", "--from", "unix://\(source.socketPath)", "--to", "unix://\(target.socketPath)",
    ])
    #expect(copy.status == 0, "\(copy.err)")
    #expect(try state(of: target) == (try state(of: source)))
    // A second run finds everything already there and identical: nothing conflicts.
    let again = try rstate([
      "migrate", "--from", "unix://\(source.socketPath)", "--to", "unix://\(target.socketPath)",
      "--json",
    ])
    #expect(again.status == 0, "\(again.err)")
    let summary = try #require(
      try JSONSerialization.jsonObject(with: again.stdout) as? [String: Any])
    #expect(summary["unchanged"] as? Int == 11)
    #expect(summary["conflicts"] as? Int == 0)
  }

  @Test func conflictsFollowThePolicy() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    _ = try send(source, [b("SET"), b("shared"), b("from source")])
    _ = try send(source, [b("HSET"), b("new"), b("f"), b("v")])
    _ = try send(target, [b("SET"), b("shared"), b("on target")])
    let from = "unix://\(source.socketPath)"
    let to = "unix://\(target.socketPath)"
    let dryRun = try rstate(["migrate", "--from", from, "--to", to, "--dry-run"])
    #expect(dryRun.status == 1)
    #expect(try send(target, [b("EXISTS"), b("new")]) == .integer(0), "dry run writes nothing")

    let report = try temporaryDirectory().appendingPathComponent("failed.jsonl").path
    let failed = try rstate(["migrate", "--from", from, "--to", to, "--failed-keys", report])
    #expect(failed.status == 1)
    #expect(failed.out.contains("conflicts   1"))
    #expect(failed.err.contains("conflict: \"shared\" exists on the target"))
    #expect(try send(target, [b("GET"), b("shared")]) == .bulk(b("on target")))
    #expect(try send(target, [b("HGET"), b("new"), b("f")]) == .bulk(b("v")))

    let skipped = try rstate(["migrate", "--from", from, "--to", to, "--on-conflict", "skip"])
    #expect(skipped.status == 0, "\(skipped.err)")
    #expect(skipped.out.contains("skipped     1"))
    #expect(try send(target, [b("GET"), b("shared")]) == .bulk(b("on target")))

    let refused = try rstate(["migrate", "--from", from, "--to", to, "--on-conflict", "replace"])
    #expect(refused.status == 64)
    let replaced = try rstate([
      "migrate", "--from", from, "--to", to, "--on-conflict", "replace", "--yes",
    ])
    #expect(replaced.status == 0, "\(replaced.err)")
    #expect(try send(target, [b("GET"), b("shared")]) == .bulk(b("from source")))
  }

  @Test func renameAndDbRemapRewriteTheTarget() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    _ = try send(source, [b("SET"), b("old:1"), b("a")], db: 4)
    _ = try send(source, [b("SET"), b("other"), b("b")], db: 4)
    let result = try rstate([
      "migrate", "--from", "unix://\(source.socketPath)?db=4", "--to",
      "unix://\(target.socketPath)", "--to-db", "2", "--rename", "old:=new:",
    ])
    #expect(result.status == 0, "\(result.err)")
    #expect(try send(target, [b("GET"), b("new:1")], db: 2) == .bulk(b("a")))
    #expect(try send(target, [b("GET"), b("other")], db: 2) == .bulk(b("b")))
    #expect(try send(target, [b("DBSIZE")]) == .integer(0))
  }

  @Test func jsonSnapshotBecomesKeys() throws {
    let target = try RedisServer()
    let directory = try temporaryDirectory()
    let object = directory.appendingPathComponent("store.json")
    try Data(#"{"t1": {"step": "review", "n": 2}, "t2": {"step": "done", "tags": ["x"]}}"#.utf8)
      .write(to: object)
    let asString = try rstate([
      "migrate", "--from", object.path, "--to", "unix://\(target.socketPath)",
      "--namespace", "document_workflow", "--ttl", "3600",
    ])
    #expect(asString.status == 0, "\(asString.err)")
    #expect(
      try send(target, [b("GET"), b("document_workflow:t1")])
        == .bulk(b(#"{"step":"review","n":2}"#)))
    guard case .integer(let ttl) = try send(target, [b("TTL"), b("document_workflow:t2")]) else {
      Issue.record("no TTL")
      return
    }
    #expect(ttl > 3500 && ttl <= 3600)

    let array = directory.appendingPathComponent("list.json")
    try Data(
      #"[{"thread_id": "a", "step": "draft", "n": 1}, {"thread_id": 7, "step": "sent"}]"#.utf8
    )
    .write(to: array)
    let asHash = try rstate([
      "migrate", "--from", array.path, "--to", "unix://\(target.socketPath)", "--id-field",
      "thread_id", "--key-template", "wf:{thread_id}:state", "--as", "hash",
    ])
    #expect(asHash.status == 0, "\(asHash.err)")
    #expect(try send(target, [b("HGET"), b("wf:a:state"), b("step")]) == .bulk(b("draft")))
    #expect(try send(target, [b("HGET"), b("wf:a:state"), b("n")]) == .bulk(b("1")))
    #expect(try send(target, [b("HGET"), b("wf:7:state"), b("step")]) == .bulk(b("sent")))

    let broken = directory.appendingPathComponent("broken.json")
    try Data("{\"a\": 1,\n \"b\": }".utf8).write(to: broken)
    let rejected = try rstate([
      "migrate", "--from", broken.path, "--to", "unix://\(target.socketPath)", "--namespace", "x",
    ])
    #expect(rejected.status == 1)
    #expect(rejected.err.contains("broken.json:2:7: unexpected character"), "\(rejected.err)")
  }

  @Test func directoryFilesBecomeKeysByteForByte() throws {
    let target = try RedisServer()
    let directory = try temporaryDirectory().appendingPathComponent("sessions")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let payload = Data([0x80, 0x04, 0x95, 0x00, 0xFF, 0x0A])
    try payload.write(to: directory.appendingPathComponent("abc123.pkl"))
    try Data("{}".utf8).write(to: directory.appendingPathComponent("def456.pkl"))
    let result = try rstate([
      "migrate", "--from", directory.path, "--to", "unix://\(target.socketPath)",
      "--key-template", "session:{id}", "--strip-ext",
    ])
    #expect(result.status == 0, "\(result.err)")
    #expect(try send(target, [b("GET"), b("session:abc123")]) == .bulk(Array(payload)))
    #expect(try send(target, [b("DBSIZE")]) == .integer(2))
  }

  @Test func truncatedOrAlteredRecordFilesAreRejectedBeforeAnyWrite() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    try seedEveryType(source)
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("full.jsonl")
    #expect(
      try rstate(["migrate", "--from", "unix://\(source.socketPath)", "--to", file.path]).status
        == 0)
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")

    let truncated = directory.appendingPathComponent("truncated.jsonl")
    try Data((lines.dropLast(3).joined(separator: "\n") + "\n").utf8).write(to: truncated)
    let cut = try rstate([
      "migrate", "--from", truncated.path, "--to", "unix://\(target.socketPath)",
    ])
    #expect(cut.status == 1)
    #expect(
      cut.err.contains("truncated.jsonl:\(lines.count - 3): the file ends without its trailer"),
      "\(cut.err)")
    #expect(try send(target, [b("DBSIZE")]) == .integer(0), "nothing written")

    var edited = lines.map(String.init)
    edited[2] = edited[2].replacingOccurrences(of: "\"db\":0", with: "\"db\":1")
    let altered = directory.appendingPathComponent("altered.jsonl")
    try Data((edited.joined(separator: "\n") + "\n").utf8).write(to: altered)
    let checked = try rstate([
      "migrate", "--from", altered.path, "--to", "unix://\(target.socketPath)", "--dry-run",
    ])
    #expect(checked.status == 1)
    #expect(checked.err.contains("SHA-256 does not match"), "\(checked.err)")

    var garbled = lines.map(String.init)
    garbled[3] = "{\"key\": oops}"
    let corrupt = directory.appendingPathComponent("corrupt.jsonl")
    try Data((garbled.joined(separator: "\n") + "\n").utf8).write(to: corrupt)
    let bad = try rstate([
      "migrate", "--from", corrupt.path, "--to", "unix://\(target.socketPath)", "--dry-run",
    ])
    #expect(bad.status == 1)
    #expect(bad.err.contains("corrupt.jsonl:4:"), "\(bad.err)")
  }

  @Test func aFailingKeyIsReportedCountedAndNeverExitsZero() throws {
    let target = try RedisServer()
    let directory = try temporaryDirectory()
    // A record file whose second key carries a corrupt DUMP payload.
    let good = KeyRecord(
      key: b("good"), db: 0, type: "string", value: .string(b("ok")), expireAtMilliseconds: nil)
    let bad = KeyRecord(
      key: b("bad"), db: 0, type: "hash",
      value: .dumpOnly([0x01, 0x02, 0x03, 0x0A, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]),
      expireAtMilliseconds: nil)
    let after = KeyRecord(
      key: b("after"), db: 0, type: "string", value: .string(b("ok")), expireAtMilliseconds: nil)
    let file = directory.appendingPathComponent("input.jsonl").path
    let writer = try RecordFileWriter(path: file, source: "test", serverVersion: nil)
    for record in [good, bad, after] { try writer.append(record) }
    try writer.finish()
    let report = directory.appendingPathComponent("failed.jsonl").path
    let stopped = try rstate([
      "migrate", "--from", file, "--to", "unix://\(target.socketPath)", "--failed-keys", report,
      "--pipeline", "1", "--checkpoint", directory.appendingPathComponent("cp").path,
    ])
    #expect(stopped.status == 1)
    #expect(stopped.err.contains("stopped at the first failure"), "\(stopped.err)")
    let failures = try String(contentsOfFile: report, encoding: .utf8)
    #expect(failures.contains("\"key\":\"bad\""))
    #expect(failures.contains("\"error\":"))

    let tolerated = try rstate([
      "migrate", "--from", file, "--to", "unix://\(target.socketPath)", "--max-errors", "5",
      "--failed-keys", directory.appendingPathComponent("failed2.jsonl").path, "--json",
      "--checkpoint", directory.appendingPathComponent("cp2").path,
    ])
    #expect(tolerated.status == 1, "a failure never exits 0")
    let summary = try #require(
      try JSONSerialization.jsonObject(with: tolerated.stdout) as? [String: Any])
    #expect(summary["failed"] as? Int == 1)
    #expect(try send(target, [b("GET"), b("after")]) == .bulk(b("ok")))
  }

  @Test func killedTargetThenResumeGivesACompleteCopy() throws {
    let source = try RedisServer()
    let durable = ["appendonly yes", "appendfsync always"]
    var target = try RedisServer(config: durable)
    let connection = source.connection()
    for batch in 0..<50 {
      let commands = (0..<2000).map { index in
        Command([b("SET"), b("key:\(batch):\(index)"), b("value \(index)")])
      }
      _ = try connection.pipeline(commands)
    }
    let directory = try temporaryDirectory()
    let checkpoint = directory.appendingPathComponent("run.checkpoint").path
    let arguments = [
      "migrate", "--from", "unix://\(source.socketPath)", "--to",
      "redis://127.0.0.1:\(target.port)",
      "--checkpoint", checkpoint, "--rate", "20000", "--failed-keys",
      directory.appendingPathComponent("failed.jsonl").path,
    ]
    let process = try startRState(arguments)
    try waitForKeys(target, atLeast: 20000)
    target.stop()
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(FileManager.default.fileExists(atPath: checkpoint))
    target = try RedisServer(config: durable, port: target.port, reusing: target.directory)
    let resumed = try rstate(
      Array(arguments.prefix(7)) + [
        "--resume", "--failed-keys", directory.appendingPathComponent("failed2.jsonl").path,
      ])
    #expect(resumed.status == 0, "\(resumed.err)")
    #expect(try send(target, [b("DBSIZE")]) == .integer(100_000))
    #expect(try state(of: target) == (try state(of: source)))
    #expect(!FileManager.default.fileExists(atPath: checkpoint), "a finished run removes it")
  }

  @Test func verifyFindsMissingDifferentAndExtraKeys() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    try seedEveryType(source)
    let from = "unix://\(source.socketPath)"
    let to = "unix://\(target.socketPath)"
    let copy = try rstate(["migrate", "--from", from, "--to", to, "--verify"])
    #expect(copy.status == 0, "\(copy.err)")
    #expect(copy.out.contains("verified 11 keys: 0 missing, 0 different"))
    _ = try send(target, [b("HSET"), b("big:hash"), b("field:7"), b("changed")])
    _ = try send(target, [b("DEL"), b("plain")])
    _ = try send(target, [b("SET"), b("extra"), b("1")])
    _ = try send(target, [b("EXPIRE"), b("list"), b("100")])
    let checked = try rstate([
      "migrate", "--from", from, "--to", to, "--verify-only", "--both-ways",
    ])
    #expect(checked.status == 1)
    #expect(checked.out.contains("verified 8 keys: 1 missing, 2 different, 1 only on the target"))
    #expect(checked.err.contains("difference: \"big:hash\": the value differs"))
    #expect(checked.err.contains("difference: \"list\": expiry in "))

    // An export is verified against the server it came from.
    let file = try temporaryDirectory().appendingPathComponent("export.jsonl").path
    let export = try rstate([
      "migrate", "--from", from, "--to", file, "--verify", "--rename", "big:=huge:",
    ])
    #expect(export.status == 0, "\(export.err)")
    #expect(export.out.contains("verified 11 keys: 0 missing, 0 different"))
  }

  @Test func moveDeletesOnlyVerifiedCopiesFromTheSource() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    try seedEveryType(source)
    _ = try send(target, [b("SET"), b("plain"), b("already here")])
    let from = "unix://\(source.socketPath)"
    let to = "unix://\(target.socketPath)"
    let refused = try rstate(["migrate", "--from", from, "--to", to, "--move"])
    #expect(refused.status == 64)
    #expect(try send(source, [b("DBSIZE")]) == .integer(11))
    let report = try temporaryDirectory().appendingPathComponent("failed.jsonl").path
    let moved = try rstate([
      "migrate", "--from", from, "--to", to, "--move", "--yes", "--failed-keys", report,
    ])
    #expect(moved.status == 1, "the conflict is reported")
    #expect(moved.out.contains("moved       10"), "\(moved.out)")
    #expect(try send(source, [b("KEYS"), b("*")]) == .array([.bulk(b("plain"))]))
    #expect(try send(target, [b("GET"), b("plain")]) == .bulk(b("already here")))
    #expect(try send(target, [b("DBSIZE")]) == .integer(11))
    let fromFile = try rstate(["migrate", "--from", report, "--to", to, "--move"])
    #expect(fromFile.status == 64)
    #expect(fromFile.err.contains("--move deletes keys from a Redis source"))
  }

  @Test func killedRunFromARecordFileResumesWithExactCounts() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    let commands = (0..<30000).map { Command([b("SET"), b("key:\($0)"), b("value")]) }
    _ = try source.connection().pipeline(commands)
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("all.jsonl").path
    #expect(
      try rstate(["migrate", "--from", "unix://\(source.socketPath)", "--to", file]).status == 0)
    let to = "unix://\(target.socketPath)"
    let process = try startRState(["migrate", "--from", file, "--to", to, "--rate", "10000"])
    try waitForKeys(target, atLeast: 8000)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    // Ctrl-C on the resumed run stops it cleanly, with the checkpoint saved.
    let errors = Pipe()
    let interrupted = try startRState(
      ["migrate", "--from", file, "--to", to, "--rate", "10000", "--resume"], errors: errors)
    try waitForKeys(target, atLeast: 16000)
    kill(interrupted.processIdentifier, SIGINT)
    interrupted.waitUntilExit()
    let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(interrupted.terminationStatus == 1)
    #expect(said.contains("rstate: interrupted; the checkpoint is in"), "\(said)")
    let resumed = try rstate([
      "migrate", "--from", file, "--to", to, "--resume", "--verify", "--json",
    ])
    #expect(resumed.status == 0, "\(resumed.err)")
    let summary = try #require(
      try JSONSerialization.jsonObject(with: resumed.stdout) as? [String: Any])
    let written = try #require(summary["written"] as? Int)
    let unchanged = try #require(summary["unchanged"] as? Int)
    #expect(written + unchanged == 30000, "every key counted once")
    #expect(unchanged <= 4000, "only the batches in flight are sent again")
    #expect(try send(target, [b("DBSIZE")]) == .integer(30000))
  }
}
