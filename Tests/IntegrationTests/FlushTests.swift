import Foundation
import RStateCore
import Testing

@Suite(.enabled(if: RedisServer.shouldRun))
struct FlushTests {
  @Test func patternDeletesOnlyMatchingKeysAfterYes() throws {
    let server = try RedisServer()
    try seed(server, keys: (1...6000).map { Array("cache:\($0)".utf8) } + [Array("keep:me".utf8)])
    let refused = try rstate(["flush", "-s", server.socketPath, "--pattern", "cache:*"])
    #expect(refused.status == 64)
    #expect(refused.err.contains("6000 keys matching 'cache:*' on unix://"))
    #expect(try server.connection().send(Command("DBSIZE")) == .integer(6001), "nothing deleted")
    let done = try rstate(["flush", "-s", server.socketPath, "--pattern", "cache:*", "--yes"])
    #expect(done.status == 0, "\(done.err)")
    #expect(done.out.hasPrefix("deleted 6000 keys in "))
    #expect(
      try server.connection().send(Command("KEYS", "*")) == .array([.bulk(Array("keep:me".utf8))]))
  }

  @Test func awkwardKeysAreDeletedExactly() throws {
    let server = try RedisServer()
    try seed(server, keys: awkwardKeys)
    let done = try rstate(["flush", "-s", server.socketPath, "--pattern", "*", "--yes", "--json"])
    let summary = try #require(
      try JSONSerialization.jsonObject(with: done.stdout) as? [String: Any])
    #expect(summary["deleted"] as? Int == awkwardKeys.count)
    #expect(try server.connection().send(Command("DBSIZE")) == .integer(0))
  }

  @Test func dryRunDeletesNothing() throws {
    let server = try RedisServer()
    try seed(server, keys: [Array("a".utf8), Array("b".utf8)])
    let result = try rstate(["flush", "-s", server.socketPath, "--db", "--dry-run"])
    #expect(result.status == 0)
    #expect(result.err.contains("2 keys in db 0"))
    #expect(result.err.contains("dry run: nothing was deleted"))
    #expect(try server.connection().send(Command("DBSIZE")) == .integer(2))
  }

  @Test func dbFlushesOnlyTheChosenDatabase() throws {
    let server = try RedisServer()
    _ = try server.connection(db: 3).send(Command("SET", "in", "three"))
    _ = try server.connection().send(Command("SET", "in", "zero"))
    let result = try rstate(["flush", "-s", server.socketPath, "-n", "3", "--db", "--yes"])
    #expect(result.status == 0, "\(result.err)")
    #expect(try server.connection(db: 3).send(Command("DBSIZE")) == .integer(0))
    #expect(try server.connection().send(Command("DBSIZE")) == .integer(1))
  }

  @Test func allFlushesEveryDatabase() throws {
    let server = try RedisServer()
    _ = try server.connection(db: 5).send(Command("SET", "x", "1"))
    _ = try server.connection().send(Command("SET", "y", "1"))
    let result = try rstate(["flush", "-s", server.socketPath, "--all", "--yes"])
    #expect(result.status == 0)
    #expect(result.err.contains("2 keys in every database"))
    #expect(try server.connection(db: 5).send(Command("DBSIZE")) == .integer(0))
  }

  @Test func exactlyOneModeIsRequired() throws {
    let none = try rstate(["flush", "--yes"])
    #expect(none.status == 64)
    #expect(
      none.err.contains("give exactly one of --pattern GLOB, --namespace NAME, --db or --all"))
    #expect(try rstate(["flush", "--db", "--all", "--yes"]).status == 64)
  }

  @Test func refusedFlushdbNamesTheAlternative() throws {
    let server = try RedisServer(config: [
      "rename-command FLUSHDB \"\"", "rename-command FLUSHALL \"\"",
    ])
    try seed(server, keys: [Array("a".utf8)])
    let result = try rstate(["flush", "-s", server.socketPath, "--db", "--yes"])
    #expect(result.status == 1)
    #expect(result.err.contains("FLUSHDB failed: ERR unknown command"))
    #expect(result.err.contains("use --pattern '*' instead"))
    #expect(result.err.split(separator: "\n").last?.hasPrefix("rstate: ") == true)
    let pattern = try rstate(["flush", "-s", server.socketPath, "--pattern", "*", "--yes"])
    #expect(pattern.status == 0)
    #expect(try server.connection().send(Command("DBSIZE")) == .integer(0))
  }

  @Test func refusedUnlinkFallsBackToDel() throws {
    let server = try RedisServer(config: ["rename-command UNLINK \"\""])
    try seed(server, keys: (1...50).map { Array("k\($0)".utf8) })
    let result = try rstate(["flush", "-s", server.socketPath, "--pattern", "k*", "--yes"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.hasPrefix("deleted 50 keys"))
    #expect(try server.connection().send(Command("DBSIZE")) == .integer(0))
  }

  @Test func backupHoldsExactlyWhatWasDeleted() throws {
    let server = try RedisServer()
    let connection = server.connection()
    _ = try connection.send(
      Command([
        Array("SET".utf8), Array("bin:1".utf8), [0, 0xFF, 0x80, 0x0A], Array("PX".utf8),
        Array("90000".utf8),
      ]))
    _ = try connection.send(Command("HSET", "bin:hash", "f1", "v1", "f2", ""))
    _ = try connection.send(Command("ZADD", "bin:z", "-inf", "low", "2.5", "mid", "+inf", "high"))
    _ = try connection.send(Command("SADD", "bin:set", "a", "b"))
    _ = try connection.send(Command("XADD", "bin:stream", "1-1", "f", "v"))
    _ = try connection.send(
      Command(
        ["RPUSH", "bin:list"].map { Array($0.utf8) } + (1...2500).map { Array(String($0).utf8) }))
    _ = try connection.send(Command("SET", "other", "stays"))
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("backup.jsonl").path
    let started = Int64(Date().timeIntervalSince1970 * 1000)
    let result = try rstate([
      "flush", "-s", server.socketPath, "--pattern", "bin:*", "--yes", "--backup", file,
    ])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.err.contains("backed up 6 keys to \(file)"))
    #expect(try connection.send(Command("DBSIZE")) == .integer(1))

    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
    let header = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(header["format"] as? String == "rstate-records")
    let trailer = try #require(
      try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])
    #expect(trailer["keys"] as? Int == 6)
    #expect(trailer["records"] as? Int == lines.count - 2)
    let records = try lines.dropFirst().dropLast().map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    let byKey = Dictionary(grouping: records) { $0["key"] as? String ?? "" }
    let binary = try #require(records.first { ($0["key"] as? String) == "bin:1" })
    let value = try #require(binary["value"] as? [String: String])
    #expect(Data(base64Encoded: value["base64"] ?? "") == Data([0, 0xFF, 0x80, 0x0A]))
    let expireAt = try #require(binary["expire_at_ms"] as? Int64)
    #expect(expireAt >= started + 80_000 && expireAt <= started + 100_000)
    #expect(byKey["bin:hash"]?.first?["value"] as? [[String]] == [["f1", "v1"], ["f2", ""]])
    let zset = try #require(byKey["bin:z"]?.first?["value"] as? [[String]])
    #expect(Set(zset.map { $0.joined(separator: "=") }) == ["low=-inf", "mid=2.5", "high=inf"])
    let listParts = try #require(byKey["bin:list"])
    #expect(listParts.map { $0["part"] as? Int } == [0, 1, 2])
    #expect(listParts.last?["last"] as? Bool == true)
    #expect(listParts.flatMap { $0["value"] as? [String] ?? [] } == (1...2500).map(String.init))
    #expect(byKey["bin:stream"]?.first?["type"] as? String == "stream")
  }

  @Test func existingBackupFileIsNeverOverwrittenAndNothingIsDeleted() throws {
    let server = try RedisServer()
    try seed(server, keys: [Array("a".utf8)])
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("taken.jsonl")
    try "precious".write(to: file, atomically: true, encoding: .utf8)
    let result = try rstate([
      "flush", "-s", server.socketPath, "--pattern", "*", "--yes", "--backup", file.path,
    ])
    #expect(result.status == 1)
    #expect(result.err.contains("already exists; rstate never overwrites a record file"))
    #expect(try String(contentsOf: file, encoding: .utf8) == "precious")
    #expect(try server.connection().send(Command("DBSIZE")) == .integer(1))
  }
}

/// The typed confirmation on a real terminal: `script` gives rstate a pseudo-terminal and
/// passes our answer through it.
@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct ConfirmationTests {
  func flushOnTerminal(_ server: RedisServer, answer: String) throws -> RunResult {
    let command = "\(rstateBinary) flush -s \(server.socketPath) --pattern 'a*'"
    return try run(
      "/bin/sh",
      ["-c", "(sleep 1; printf '\(answer)\\n') | /usr/bin/script -qec \"\(command)\" /dev/null"],
      environment: [:], stdin: nil, directory: nil)
  }

  @Test func typingTheDatabaseNumberGoesAhead() throws {
    let server = try RedisServer()
    try seed(server, keys: [Array("a1".utf8), Array("a2".utf8)])
    let result = try flushOnTerminal(server, answer: "0")
    #expect(result.out.contains("Type the db number (0) or yes to go on:"))
    #expect(result.out.contains("deleted 2 keys"))
    #expect(try server.connection().send(Command("DBSIZE")) == .integer(0))
  }

  @Test func anyOtherAnswerChangesNothing() throws {
    let server = try RedisServer()
    try seed(server, keys: [Array("a1".utf8)])
    let result = try flushOnTerminal(server, answer: "no")
    #expect(result.out.contains("not confirmed; nothing was changed"))
    #expect(result.status == 1)
    #expect(try server.connection().send(Command("DBSIZE")) == .integer(1))
  }
}

@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct AskpassTests {
  @Test func passwordTypedAtThePromptIsUsedAndNeverEchoed() throws {
    let server = try RedisServer(config: ["requirepass typed-secret-77"])
    let command = "\(rstateBinary) ping -p \(server.port) --askpass"
    let result = try run(
      "/bin/sh",
      [
        "-c",
        "(sleep 1; printf 'typed-secret-77\\n') | /usr/bin/script -qec \"\(command)\" /dev/null",
      ],
      environment: [:], stdin: nil, directory: nil)
    #expect(result.out.contains("Please input password: "))
    #expect(result.out.contains("PONG"))
    #expect(!result.out.contains("typed-secret-77"), "echo is off while typing")
    #expect(!result.out.contains("Warning: Using a password"))
  }
}
