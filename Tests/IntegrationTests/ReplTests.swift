import Foundation
import RStateCore
import Testing

/// Lines piped into `rstate` and into `redis-cli` against two identical servers print the
/// same bytes, raw and `--no-raw`.
@Suite(.enabled(if: RedisServer.shouldRun), .serialized)
struct ReplDifferentialTests {
  /// A word written so redis-cli's tokenizer reads it back as the same bytes.
  static func quoted(_ word: String) -> String {
    var out = "\""
    for byte in word.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out += "\\\""
      case UInt8(ascii: "\\"): out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x09: out += "\\t"
      case 0x20...0x7E: out += String(UnicodeScalar(byte))
      default: out += String(format: "\\x%02x", byte)
      }
    }
    return out + "\""
  }

  static let extraLines = [
    #"set w a"b c""#, "get w", "set k6 a'b c'", "get k6", #"echo "\x4a\x4A""#, #"echo "\x4""#,
    #"echo "a\nb\tc""#, #"echo 'it\'s'"#, #"echo 'a\nb'"#, #"set x "unbalanced"#, "set y 'abc",
    #"set z "ab"cd"#, #"set k1 '\\'"#, "", "   ", "3 ping", "2 echo x", "0 ping", "-1 ping", "5",
    "MULTI", "SET tx 1", "INCR tx", "EXEC", "MULTI", "SET tx 2", "DISCARD", "GET tx", "MULTI",
    "NOSUCH", "EXEC", "SELECT 2", "SET indb2 yes", "GET indb2", "SELECT 0", "GET indb2",
    "ping extra args", "LRANGE nolist 0 -1", "EVAL \"return {1,{2,{3,{4}}},'x'}\" 0",
    #"SET "\x00\xff" binary"#, #"GET "\x00\xff""#, "RPUSH rl 1 2 3 4 5 6 7 8 9 10 11 12",
    "LRANGE rl 0 -1", "3 INCR counter3", "HSET hh a 1 b 2", "HGETALL hh", "TYPE hh",
    "ZADD zz 1 a 2 b", "ZRANGE zz 0 -1 WITHSCORES", "SADD ss x y z", "SCARD ss", "SISMEMBER ss x",
    "EVAL \"local t = {} for i = 1, 15 do t[i] = {i, tostring(i)} end return t\" 0",
    "EVAL \"return redis.error_reply('CUSTOM failure')\" 0", "SETEX ex 100 v", "TTL ex",
    "PERSIST ex", "TTL ex", "APPEND app 'one two'", "APPEND app \" three\"", "GET app",
    "STRLEN app", "GETRANGE app 0 2", "MSET m1 a m2 b", "MGET m1 m2 m3", "DEL m1 m2 m3",
    "EXISTS m1", "INCRBYFLOAT fl 0.1", "INCRBYFLOAT fl 0.2", "GET fl", "OBJECT ENCODING rl",
    "   PING   ", "ping\t", "'ping'", "\"ping\" \"hi there\"",
    "help get", "help client list", "help @hyperloglog", "help client", "help nosuch", "HELP SET",
    "? xadd", "help migrate", "help @geo", "2 help ttl",
  ]

  static var lines: [String] {
    ExecDifferentialTests.plainCommands.map { $0.map(quoted).joined(separator: " ") }
      + extraLines
  }

  @Test func atLeastAHundredAndFiftyLines() {
    #expect(Self.lines.count >= 150)
  }

  @Test(arguments: [["--no-raw"], [] as [String]])
  func pipedLinesMatchRedisCLIByteForByte(mode: [String]) throws {
    let ours = try RedisServer()
    let theirs = try RedisServer()
    let input = Data((Self.lines.joined(separator: "\n") + "\n").utf8)
    let mine = try rstate(["-s", ours.socketPath] + mode, stdin: input)
    let reference = try redisCLI(["-s", theirs.socketPath] + mode, stdin: input)
    let mineLines = mine.out.split(separator: "\n", omittingEmptySubsequences: false)
    let referenceLines = reference.out.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, pair) in zip(mineLines, referenceLines).enumerated() where pair.0 != pair.1 {
      Issue.record(
        "line \(index + 1) differs: rstate \(pair.0.debugDescription), redis-cli \(pair.1.debugDescription)"
      )
      break
    }
    #expect(mine.stdout == reference.stdout)
    #expect(mine.status == 1, "error replies make the piped exit status 1")
  }

  @Test func helpWorksWithTheServerDown() throws {
    let port = String(try RedisServer.freePort())
    let result = try rstate(["-p", port], stdin: Data("help get\n".utf8))
    #expect(result.out.contains("\u{1B}[33msummary:\u{1B}[0m Get the value of a key\r\n"))
    #expect(result.err.contains("Could not connect to Redis at 127.0.0.1:\(port)"))
  }

  @Test func slowCommandsPrintTheirTimeOnATerminalLikeRedisCLI() throws {
    let server = try RedisServer()
    let input = Data("BLPOP nothing 0.6\nPING\n".utf8)
    let mine = try rstate(["-s", server.socketPath, "--no-raw"], stdin: input)
    let lines = mine.out.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[0] == "(nil)")
    #expect(lines[1].hasPrefix("(0.") && lines[1].hasSuffix("s)"), "\(lines)")
    #expect(lines[2] == "PONG")
    let raw = try rstate(["-s", server.socketPath], stdin: input)
    #expect(raw.out == "\nPONG\n", "no timing line in raw output")
  }

  @Test func connectSwitchesServers() throws {
    let first = try RedisServer()
    let second = try RedisServer()
    _ = try second.connection().send(Command("SET", "where", "second"))
    let input = Data("GET where\nconnect 127.0.0.1 \(second.port)\nGET where\n".utf8)
    let result = try rstate(["-s", first.socketPath], stdin: input)
    #expect(result.out == "\nsecond\n")
  }

  @Test func quitStopsReading() throws {
    let server = try RedisServer()
    let result = try rstate(["-s", server.socketPath], stdin: Data("PING\nquit\nPING\n".utf8))
    #expect(result.out == "PONG\n")
    #expect(result.status == 0)
  }
}

/// The interactive shell on a pseudo-terminal (`script` gives it one): readline, the prompt,
/// and the history file.
@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct ReplTerminalTests {
  @Test func promptFollowsDatabaseAndTransactionAndHistoryKeepsNoSecrets() throws {
    let server = try RedisServer()
    let directory = try temporaryDirectory()
    let history = directory.appendingPathComponent("history").path
    let typed = ["SELECT 2", "AUTH not-in-history", "MULTI", "DISCARD", "quit"]
      .map { "sleep 0.3; printf '\($0)\\n'" }.joined(separator: "; ")
    let result = try run(
      "/bin/sh",
      [
        "-c",
        "(sleep 1; \(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(server.port)\" /dev/null",
      ],
      environment: ["RSTATE_HISTFILE": history, "RSTATE_RCFILE": noHints, "TERM": "dumb"],
      stdin: nil, directory: nil)
    #expect(result.out.contains("127.0.0.1:\(server.port)> SELECT 2"))
    #expect(result.out.contains("127.0.0.1:\(server.port)[2]> AUTH not-in-history"))
    #expect(result.out.contains("127.0.0.1:\(server.port)[2](TX)> DISCARD"))
    let saved = try String(contentsOfFile: history, encoding: .utf8)
    #expect(saved == "SELECT 2\nMULTI\nDISCARD\nquit\n")
    let attributes = try FileManager.default.attributesOfItem(atPath: history)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
  }
}

@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct ReplReconnectTests {
  /// After a restart the first command reports the closed connection; the next reconnects
  /// and is back on db 3 (redis-cli 8.0's behaviour).
  @Test func restartIsReportedThenDatabaseIsRestored() throws {
    let first = try RedisServer()
    let port = first.port
    let typed =
      "sleep 1; printf 'SELECT 3\\n'; sleep 4; printf 'PING\\n'; sleep 1; "
      + "printf 'CLIENT INFO\\n'; sleep 1; printf 'quit\\n'"
    let box = ReplResultBox()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      box.result = try? run(
        "/bin/sh",
        ["-c", "(\(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(port)\" /dev/null"],
        environment: ["RSTATE_HISTFILE": "/dev/null", "RSTATE_RCFILE": noHints, "TERM": "dumb"],
        stdin: nil, directory: nil)
    }
    Thread.sleep(forTimeInterval: 2.5)
    first.stop()
    let second = try RedisServer(port: port)
    group.wait()
    _ = second
    let output = try #require(box.result).out
    #expect(output.contains("Error: Server closed the connection"), "\(output)")
    #expect(output.contains("not connected> CLIENT INFO"))
    #expect(output.contains(" db=3 "), "the reconnect selected db 3 again")
  }
}

private final class ReplResultBox: @unchecked Sendable {
  var result: RunResult?
}

@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct ReplStreamingTests {
  /// SUBSCRIBE streams messages until Ctrl-C, which returns to the prompt; so does Ctrl-C
  /// during a blocking BLPOP.
  @Test func controlCLeavesSubscribeAndBlockingCommands() throws {
    let server = try RedisServer()
    let typed = [
      "sleep 1", "printf 'SUBSCRIBE news\\n'", "sleep 3", "printf '\\003'", "sleep 0.5",
      "printf 'PING\\n'", "sleep 0.5", "printf 'BLPOP nothing 0\\n'", "sleep 1", "printf '\\003'",
      "sleep 0.5", "printf 'ECHO back\\n'", "sleep 0.5", "printf 'quit\\n'",
    ].joined(separator: "; ")
    let box = ReplResultBox()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      box.result = try? run(
        "/bin/sh",
        [
          "-c", "(\(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(server.port)\" /dev/null",
        ],
        environment: ["RSTATE_HISTFILE": "/dev/null", "RSTATE_RCFILE": noHints, "TERM": "dumb"],
        stdin: nil, directory: nil)
    }
    Thread.sleep(forTimeInterval: 2.5)
    _ = try server.connection().send(Command("PUBLISH", "news", "hello world"))
    group.wait()
    let output = try #require(box.result).out
    #expect(
      output.contains("Reading messages... (press Ctrl-C to quit or any key to type command)"),
      "\(output)")
    #expect(output.contains("1) \"message\"\r\n2) \"news\"\r\n3) \"hello world\""))
    #expect(output.contains("> PING\r\nPONG"))
    #expect(output.contains("> ECHO back\r\n\"back\""))
  }
}

@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct ReplCompletionTests {
  /// Tab completes a command name (in upper case, as redis-cli does), a subcommand, and key
  /// names from the live keyspace, quoting a key with a space.
  @Test func tabCompletesCommandsAndKeys() throws {
    let server = try RedisServer()
    try seed(server, keys: [Array("document_workflow:abc".utf8), Array("with space:1".utf8)])
    let typed = [
      "sleep 1", "printf 'hgeta\\t x\\n'", "sleep 0.4", "printf 'GET docu\\t\\n'", "sleep 0.4",
      "printf 'help @hyp\\t\\n'", "sleep 0.4",
      "printf 'OBJECT ENC\\t docu\\t\\n'", "sleep 0.4", "printf 'GET with\\t\\n'", "sleep 0.4",
      "printf 'quit\\n'",
    ].joined(separator: "; ")
    let result = try run(
      "/bin/sh",
      ["-c", "(\(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(server.port)\" /dev/null"],
      environment: ["RSTATE_HISTFILE": "/dev/null", "RSTATE_RCFILE": noHints, "TERM": "dumb"],
      stdin: nil, directory: nil)
    #expect(result.out.contains("HGETALL  x"), "\(result.out)")
    #expect(result.out.contains("> GET document_workflow:abc \r\n\"v\""))
    #expect(result.out.contains("> OBJECT ENCODING  document_workflow:abc \r\n\"embstr\""))
    #expect(result.out.contains("\"with space:1\" \r\n\"v\""))
    #expect(
      result.out.contains("\u{1B}[1mPFADD\u{1B}[0m"), "help @hyp<Tab> completed to @hyperloglog")
  }
}

@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct ReplHintTests {
  /// A grey hint follows what was typed; `:set nohints` in ~/.rstaterc turns hints off.
  @Test func hintsAppearAndTheRcFileTurnsThemOff() throws {
    let server = try RedisServer()
    let typed =
      "sleep 1; printf 'set k v EX '; sleep 0.5; printf '10\\n'; sleep 0.5; printf 'quit\\n'"
    func session(rcFile: String) throws -> String {
      try run(
        "/bin/sh",
        [
          "-c", "(\(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(server.port)\" /dev/null",
        ],
        environment: ["RSTATE_HISTFILE": "/dev/null", "RSTATE_RCFILE": rcFile, "TERM": "xterm"],
        stdin: nil, directory: nil
      ).out
    }
    let hinted = try session(rcFile: "/dev/null")
    #expect(
      hinted.contains("\u{1B}[0;90;49mseconds [NX|XX] [GET]\u{1B}[0m"), "\(hinted.debugDescription)"
    )
    let directory = try temporaryDirectory()
    let rc = directory.appendingPathComponent("rstaterc")
    try ":set nohints\n:set sparkles\n".write(to: rc, atomically: true, encoding: .utf8)
    let quiet = try session(rcFile: rc.path)
    #expect(!quiet.contains("seconds [NX|XX] [GET]"))
    #expect(quiet.contains("rstate: \(rc.path) line 2: unknown rstate preference 'sparkles'"))
  }
}

/// An rc file that turns hints off, for terminal tests that look at what was typed.
let noHints: String = {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent(
    "rstate-nohints-\(getpid())"
  ).path
  try? ":set nohints\n".write(toFile: path, atomically: true, encoding: .utf8)
  return path
}()

@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct ReplSubscribedModeTests {
  /// Any key while messages stream gives the prompt back, still subscribed (redis-cli 7.2+).
  @Test func aKeyPressGivesASubscribedPrompt() throws {
    let server = try RedisServer()
    let typed = [
      "sleep 1", "printf 'SUBSCRIBE ch\\n'", "sleep 1", "printf 'x'", "sleep 0.5", "printf '\\b'",
      "printf 'PING\\n'", "sleep 1", "printf '\\003'", "sleep 0.5", "printf 'quit\\n'",
    ].joined(separator: "; ")
    let output = try run(
      "/bin/sh",
      ["-c", "(\(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(server.port)\" /dev/null"],
      environment: ["RSTATE_HISTFILE": "/dev/null", "RSTATE_RCFILE": noHints, "TERM": "dumb"],
      stdin: nil, directory: nil
    ).out
    #expect(output.contains("127.0.0.1:\(server.port)(subscribed mode)> "), "\(output)")
    #expect(output.contains("1) \"pong\"\r\n2) \"\""))
  }
}
