import Foundation
import RStateCore
import Testing

private func send(_ server: RedisServer, _ words: [String], db: Int = 0, password: String? = nil)
  throws -> RESPValue
{
  try server.connection(password: password, db: db).send(Command(words.map { Array($0.utf8) }))
}

private func keyCount(_ server: RedisServer, db: Int, password: String? = nil) throws -> Int64 {
  guard case .integer(let count) = try send(server, ["DBSIZE"], db: db, password: password) else {
    throw TestFailure("DBSIZE did not answer a number")
  }
  return count
}

private func files(in directory: URL) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

/// Runs rstate through `sh` with a file size limit (in the shell's blocks: 512 bytes for
/// dash), the way a full disk refuses writes, for any user and without mounting anything.
private func rstateWithFileSizeLimit(_ blocks: Int, _ arguments: [String]) throws -> RunResult {
  try run(
    "/bin/sh", ["-c", "ulimit -f \(blocks); exec \"$0\" \"$@\"", rstateBinary] + arguments,
    environment: [:], stdin: nil, directory: try temporaryDirectory())
}

/// Source and target that overlap (issue 14, item 1), URL-looking file names (item 3),
/// numeric ranges (item 4), damaged headers, default file names and full disks (item 12).
@Suite(.enabled(if: RedisServer.shouldRun))
struct MigrateSafetyTests {
  static let password = "s3cret-Pw-14"

  @Test func oneServerAndDbUnderAnotherNameIsRefusedBeforeAnythingIsRead() throws {
    let server = try RedisServer(config: ["requirepass \(Self.password)"])
    for index in 0..<5 {
      _ = try send(server, ["SET", "key:\(index)", "v"], db: 3, password: Self.password)
    }
    let port = String(server.port)
    let pw = Self.password
    let directory = try temporaryDirectory()
    let attempts: [[String]] = [
      [
        "--from", "redis://:\(pw)@127.0.0.1:\(port)/3", "--to",
        "redis://:\(pw)@localhost:\(port)/3",
      ],
      ["--from", "redis://:\(pw)@127.0.0.1:\(port)/3", "-p", port, "-n", "3"],
      [
        "--from", "unix://:\(pw)@\(server.socketPath)?db=3", "--to",
        "redis://:\(pw)@localhost:\(port)",
      ]
        + ["--to-db", "3"],
      ["--from", "redis://:\(pw)@localhost:\(port)/0", "--from-db", "3", "-p", port, "-n", "3"],
    ]
    for attempt in attempts {
      for extra in [["--move", "--yes"], [], ["--verify-only"]] {
        let refused = try rstate(
          ["migrate"] + attempt + extra, environment: ["REDISCLI_AUTH": pw], directory: directory)
        #expect(refused.status == 64, "\(attempt + extra): \(refused.err)")
        #expect(refused.err.contains("are the same server and db (db 3)"), "\(refused.err)")
        let lines = refused.err.split(separator: "\n").filter { !$0.hasPrefix("Warning: ") }
        #expect(lines.count == 1 && lines[0].hasPrefix("rstate: the source "), "\(refused.err)")
        #expect(!refused.err.contains(pw) && !refused.out.contains(pw))
        #expect(try keyCount(server, db: 3, password: pw) == 5, "nothing deleted")
      }
    }
    #expect(try files(in: directory).isEmpty, "no checkpoint, no failed-keys file")
    // Another db of the same server is another place.
    let copied = try rstate(
      ["migrate", "--from", "redis://:\(pw)@127.0.0.1:\(port)/3", "-p", port, "-n", "4"],
      environment: ["REDISCLI_AUTH": pw], directory: directory)
    #expect(copied.status == 0, "\(copied.err)")
    #expect(try keyCount(server, db: 4, password: pw) == 5)
  }

  @Test func renameWithinOneDbCopiesOnlyRenamedKeysAndNeverOverwrites() throws {
    let server = try RedisServer()
    _ = try send(server, ["SET", "old:1", "a"])
    _ = try send(server, ["SET", "old:2", "b"])
    _ = try send(server, ["SET", "new:2", "kept"])
    _ = try send(server, ["SET", "other", "c"])
    let from = "redis://127.0.0.1:\(server.port)/0"
    let to = "unix://\(server.socketPath)"
    let directory = try temporaryDirectory()
    for refusedFlags in [
      ["--move", "--yes"], ["--on-conflict", "replace", "--yes"], ["--rename", "new:=old:x:"],
    ] {
      let refused = try rstate(
        ["migrate", "--from", from, "--to", to, "--rename", "old:=new:"] + refusedFlags,
        directory: directory)
      #expect(refused.status == 64, "\(refusedFlags): \(refused.err)")
      #expect(refused.err.contains("are the same server and db"), "\(refused.err)")
    }
    let nested = try rstate(
      ["migrate", "--from", from, "--to", to, "--rename", "old:=old:v2:"], directory: directory)
    #expect(nested.status == 64)
    #expect(nested.err.contains("so the copies would be copied again"), "\(nested.err)")
    #expect(try keyCount(server, db: 0) == 4, "nothing written by a refused run")

    let copied = try rstate(
      [
        "migrate", "--from", from, "--to", to, "--rename", "old:=new:", "--on-conflict", "skip",
        "--verify", "--both-ways", "--json",
      ], directory: directory)
    // Verified: the renamed keys only; the one skip left alone is counted apart, as asked.
    #expect(copied.status == 0, "\(copied.err)")
    #expect(copied.err.isEmpty, "\(copied.err)")
    let summary = try #require(
      try JSONSerialization.jsonObject(with: copied.stdout) as? [String: Any])
    #expect(summary["written"] as? Int == 1)
    #expect(summary["skipped"] as? Int == 1, "new:2 exists: left alone")
    #expect(summary["unchanged"] as? Int == 0, "keys outside old: are not copied onto themselves")
    let verification = try #require(summary["verification"] as? [String: Any])
    #expect(verification["verified"] as? Int == 1)
    #expect(verification["different"] as? Int == 0)
    #expect(verification["skipped"] as? Int == 1)
    #expect(verification["extra"] as? Int == 0)
    #expect(try send(server, ["GET", "new:1"]) == .bulk(Array("a".utf8)))
    #expect(try send(server, ["GET", "new:2"]) == .bulk(Array("kept".utf8)))
    #expect(try send(server, ["GET", "old:1"]) == .bulk(Array("a".utf8)))
    #expect(try keyCount(server, db: 0) == 5)
  }

  @Test func aClusterNodeAndItsClusterAreOneServer() throws {
    let cluster = try RedisCluster(primaries: 3, replicasPerPrimary: 0)
    let client = cluster.client()
    for index in 0..<20 { _ = try client.send(Command("SET", "key:\(index)", "v")) }
    let refused = try rstate([
      "migrate", "--from", "redis://127.0.0.1:\(cluster.ports[0])",
      "--to", "redis://localhost:\(cluster.ports[2])", "--move", "--yes",
    ])
    #expect(refused.status == 64, "\(refused.err)")
    #expect(refused.err.contains("are the same server and db (db 0)"), "\(refused.err)")
    var total: Int64 = 0
    for node in cluster.nodes { total += try keyCount(node, db: 0) }
    #expect(total == 20)
  }

  @Test func aPrimaryAndItsWritableReplicaHoldOneDataset() throws {
    let primary = try RedisServer()
    let replica = try RedisServer(config: [
      "replicaof 127.0.0.1 \(primary.port)", "replica-read-only no",
    ])
    _ = try send(primary, ["SET", "k", "v"])
    let deadline = Date().addingTimeInterval(20)
    while try send(replica, ["GET", "k"]) != .bulk(Array("v".utf8)) {
      guard Date() < deadline else { throw TestFailure("the replica did not sync") }
      usleep(20000)
    }
    let refused = try rstate([
      "migrate", "--from", "unix://\(primary.socketPath)", "--to",
      "redis://127.0.0.1:\(replica.port)", "--move", "--yes",
    ])
    #expect(refused.status == 64, "\(refused.err)")
    #expect(refused.err.contains("one replicates the other"), "\(refused.err)")
    #expect(try send(primary, ["GET", "k"]) == .bulk(Array("v".utf8)))
  }

  @Test func aFileIsNeverReadAndWrittenAtOnce() throws {
    let server = try RedisServer()
    for index in 0..<10 { _ = try send(server, ["SET", "key:\(index)", "v"]) }
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("all.jsonl")
    let export = try rstate([
      "migrate", "--from", "unix://\(server.socketPath)", "--to", file.path,
    ])
    #expect(export.status == 0, "\(export.err)")
    let original = try Data(contentsOf: file)
    let symlink = directory.appendingPathComponent("link.jsonl")
    try FileManager.default.createSymbolicLink(at: symlink, withDestinationURL: file)
    let hardlink = directory.appendingPathComponent("hard.jsonl")
    try FileManager.default.linkItem(at: file, to: hardlink)
    let to = "unix://\(server.socketPath)"
    let attempts: [([String], String)] = [
      (["--from", file.path, "--to", symlink.path, "--resume"], "--from and --to"),
      (["--from", file.path, "--to", hardlink.path], "--from and --to"),
      (
        ["--from", file.path, "--to", to, "--checkpoint", hardlink.path], "--from and --checkpoint"
      ),
      (
        ["--from", file.path, "--to", to, "--failed-keys", symlink.path], "--from and --failed-keys"
      ),
      (
        ["--from", to, "--to", directory.appendingPathComponent("new.jsonl").path, "--checkpoint"]
          + ["\(directory.path)/./new.jsonl"], "--to and --checkpoint"
      ),
      (["--from", file.path, "--to", file.path, "--verify-only"], "--from and --to"),
    ]
    for (arguments, roles) in attempts {
      let refused = try rstate(["migrate"] + arguments)
      #expect(refused.status == 64, "\(arguments): \(refused.err)")
      #expect(refused.err.contains("rstate: \(roles) are the same file"), "\(refused.err)")
    }
    #expect(try Data(contentsOf: file) == original)
    #expect(
      try files(in: directory) == ["all.jsonl", "hard.jsonl", "link.jsonl"],
      "no checkpoint or export written")
  }

  @Test func textThatLooksLikeAURLIsNeverAFileName() throws {
    let server = try RedisServer()
    _ = try send(server, ["SET", "k", "v"])
    let directory = try temporaryDirectory()
    let from = "unix://\(server.socketPath)"
    for target in [
      "redis:\(Self.password)@cache.internal:6390", "redis//:\(Self.password)@h:6390",
      "app:\(Self.password)@cache.internal", "localhost:6390", "deploy@cache.internal",
      "[::1]:6380",
    ] {
      let refused = try rstate(["migrate", "--from", from, "--to", target], directory: directory)
      #expect(refused.status == 64, "\(target): \(refused.err)")
      #expect(refused.err.contains("looks like a Redis URL, not a file"), "\(refused.err)")
      #expect(refused.err.contains("./NAME"), "\(refused.err)")
      #expect(!refused.err.contains(Self.password), "\(refused.err)")
    }
    for source in ["redis:\(Self.password)@cache.internal:6379", "user:\(Self.password)@h"] {
      let refused = try rstate(["migrate", "--from", source, "-p", "1"], directory: directory)
      #expect(refused.status == 64, "\(source): \(refused.err)")
      #expect(!refused.err.contains(Self.password), "\(refused.err)")
    }
    #expect(try files(in: directory).isEmpty, "no file created")
    // A file of such a name is written when the path says so.
    let explicit = try rstate(
      ["migrate", "--from", from, "--to", "./localhost:6379"], directory: directory)
    #expect(explicit.status == 0, "\(explicit.err)")
    #expect(try files(in: directory) == ["localhost:6379"])
    // A new file only where its directory exists.
    let missing = try rstate(
      ["migrate", "--from", from, "--to", "exports/today.jsonl"], directory: directory)
    #expect(missing.status == 64)
    #expect(
      missing.err.contains("--to exports/today.jsonl: the directory exports does not exist"),
      "\(missing.err)")
    let failedKeys = try rstate(
      ["migrate", "--from", from, "-p", "1", "--failed-keys", "/nonexistent-dir/f.jsonl"],
      directory: directory)
    #expect(failedKeys.status == 64)
    #expect(failedKeys.err.contains("the directory /nonexistent-dir does not exist"))
  }

  @Test(arguments: [
    (["--ttl", "9300000000000000"], "--ttl must be 1 to 3155760000 seconds"),
    (["--ttl", "0"], "--ttl must be 1 to"),
    (["--pipeline", "0"], "--pipeline must be 1 to 100000"),
    (["--pipeline", "4000000000"], "--pipeline must be 1 to 100000"),
    (["--rate", "0"], "--rate must be 1 to"),
    (["--max-errors=-1"], "--max-errors must be 0 to"),
    (["--ttl-tolerance", "9000000000000000000"], "--ttl-tolerance must be 0 to"),
    (["--ttl-tolerance=-1"], "--ttl-tolerance must be 0 to"),
    (["--to-db", "99999999999"], "--to-db must be 0 to 2147483647"),
    (["--from-db=-2"], "--from-db must be 0 to"),
    (["--rename", "a:=a:"], "renames nothing"),
  ])
  func numericFlagsHaveRanges(arguments: [String], message: String) throws {
    let result = try rstate(["migrate", "--from", "redis://127.0.0.1:1"] + arguments)
    #expect(result.status == 64, "\(arguments): \(result.err)")
    #expect(result.err.contains(message), "\(result.err)")
  }

  @Test func aLongTTLIsWrittenNotTrapped() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    _ = try send(source, ["SET", "k", "v"])
    let result = try rstate([
      "migrate", "--from", "unix://\(source.socketPath)", "--to", "unix://\(target.socketPath)",
      "--ttl", "3155760000",
    ])
    #expect(result.status == 0, "\(result.err)")
    guard case .integer(let ttl) = try send(target, ["TTL", "k"]) else {
      Issue.record("no TTL")
      return
    }
    #expect(ttl > 3_155_000_000)
  }

  @Test func aDamagedHeaderIsDamageNotAUsageHint() throws {
    let server = try RedisServer()
    for index in 0..<3 { _ = try send(server, ["SET", "key:\(index)", "v"]) }
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("all.jsonl")
    #expect(
      try rstate(["migrate", "--from", "unix://\(server.socketPath)", "--to", file.path]).status
        == 0)
    var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(
      String.init)
    let header = lines[0]
    for damaged in [
      String(header.prefix(30)), header.replacingOccurrences(of: "rstate-records", with: "x"),
      "\u{0}\u{0}\u{0}garbage",
    ] {
      lines[0] = damaged
      let broken = directory.appendingPathComponent("broken.jsonl")
      try? FileManager.default.removeItem(at: broken)
      try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: broken)
      let result = try rstate([
        "migrate", "--from", broken.path, "--to", "unix://\(server.socketPath)", "--to-db", "1",
      ])
      #expect(result.status == 1, "\(damaged): \(result.err)")
      #expect(result.err.contains("broken.jsonl:1: "), "\(result.err)")
      #expect(!result.err.contains("--namespace"), "\(result.err)")
      #expect(try keyCount(server, db: 1) == 0)
    }
  }

  @Test func defaultFilesAreNamedWithoutThePasswordAndKeptTogether() throws {
    let source = try RedisServer(config: ["requirepass \(Self.password)"])
    // A second password for the same user: the default checkpoint must not change with it.
    _ = try send(source, ["ACL", "SETUSER", "default", ">other-Pw-99"], password: Self.password)
    let target = try RedisServer()
    _ = try send(source, ["SET", "shared", "from source"], password: Self.password)
    _ = try send(target, ["SET", "shared", "on target"])
    let directory = try temporaryDirectory()
    let to = "unix://\(target.socketPath)"
    var named: [String] = []
    for password in [Self.password, "other-Pw-99"] {
      let resumed = try rstate(
        [
          "migrate", "--from", "redis://:\(password)@127.0.0.1:\(source.port)", "--to", to,
          "--resume",
        ], directory: directory)
      #expect(resumed.status == 64)
      #expect(resumed.err.contains("nothing to resume: no checkpoint at rstate-migrate-"))
      #expect(!resumed.err.contains(password), "\(resumed.err)")
      named.append(resumed.err)
    }
    #expect(named[0] == named[1], "the same source and target, the same checkpoint")

    // The failed-keys file goes beside the checkpoint, and the summary names it.
    let state = directory.appendingPathComponent("state")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let conflict = try rstate(
      [
        "migrate", "--from", "redis://:\(Self.password)@127.0.0.1:\(source.port)", "--to", to,
        "--checkpoint", "state/run.checkpoint",
      ], directory: directory)
    #expect(conflict.status == 1)
    let written = try files(in: state)
    #expect(written.count == 1 && written[0].hasPrefix("rstate-failed-"), "\(written)")
    #expect(conflict.err.contains("are in state/\(written[0])"), "\(conflict.err)")
    #expect(try files(in: directory) == ["state"], "nothing in the working directory")
  }

  @Test func aFullDiskStillReportsWhatWasCopied() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    let commands = (0..<3000).map { Command("SET", "key:\($0)", "value") }
    _ = try source.connection().pipeline(commands)
    // The checkpoint cannot be written at all.
    let noCheckpoint = try rstateWithFileSizeLimit(
      0,
      [
        "migrate", "--from", "unix://\(source.socketPath)", "--to", "unix://\(target.socketPath)",
        "--pipeline", "500",
      ])
    #expect(noCheckpoint.status == 1)
    #expect(noCheckpoint.out.contains("written     "), "\(noCheckpoint.out)")
    #expect(noCheckpoint.err.contains("file too large; no checkpoint could be saved"))
    #expect(noCheckpoint.err.split(separator: "\n").count == 1, "\(noCheckpoint.err)")

    // The failed-keys file fills up: the summary still comes, and the checkpoint.
    let conflicting = try RedisServer()
    for index in 0..<3 {
      let value = (0..<3000).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
      _ = try send(conflicting, ["SET", "big:\(index)", value])
      _ = try send(target, ["SET", "big:\(index)", "different"])
    }
    let directory = try temporaryDirectory()
    let checkpoint = directory.appendingPathComponent("run.checkpoint").path
    let fullReport = try rstateWithFileSizeLimit(
      2,
      [
        "migrate", "--from", "unix://\(conflicting.socketPath)", "--to",
        "unix://\(target.socketPath)", "--checkpoint", checkpoint, "--json",
      ])
    #expect(fullReport.status == 1)
    let summary = try #require(
      try JSONSerialization.jsonObject(with: fullReport.stdout) as? [String: Any],
      "\(fullReport.out) \(fullReport.err)")
    #expect(summary["conflicts"] as? Int == 3)
    #expect(summary["complete"] as? Bool == false)
    #expect(summary["checkpoint"] as? String == checkpoint)
    #expect(fullReport.err.contains("file too large; the checkpoint is in \(checkpoint)"))
  }
}
