import Foundation
import RStateCore
import Testing

/// Issue 14, the input side: settings files that are FIFOs, devices or nested without end;
/// refusals the server gives that must not be hidden; keys `-0` cannot print safely; shell
/// lines that do not parse; a `connect` that fails; escapes from a hostile server.
@Suite(.enabled(if: RedisServer.shouldRun))
struct InputHardeningTests {
  // MARK: settings files

  /// A directory with `rstate.toml` (or `.env`) as given, and a working directory two
  /// levels below it, where rstate looks upwards for the project file.
  func project(_ write: (URL) throws -> Void) throws -> URL {
    let root = try temporaryDirectory()
    try write(root)
    let working = root.appendingPathComponent("app/src")
    try FileManager.default.createDirectory(at: working, withIntermediateDirectories: true)
    return working
  }

  /// Each crashed with SIGSEGV (a stack overflow in the TOML reader) before.
  @Test func aDeeplyNestedProjectFileInAParentIsAUsageErrorEverywhere() throws {
    let server = try RedisServer()
    var path = ""
    let working = try project { root in
      path = root.appendingPathComponent("rstate.toml").path
      let deep = "[" + Array(repeating: "a", count: 20_000).joined(separator: ".") + "]\n"
      try Data(deep.utf8).write(to: URL(fileURLWithPath: path))
    }
    let message = "rstate: \(path):1:"
    for arguments in [
      ["ns", "-s", server.socketPath], ["keys", "-s", server.socketPath, "--namespace", "x"],
      ["-s", server.socketPath],
    ] {
      let result = try rstate(arguments, stdin: Data("PING\n".utf8), directory: working)
      #expect(result.status == 64, "\(arguments): \(result.err)")
      #expect(result.err.hasPrefix(message), "\(arguments)")
      #expect(result.err.contains("a key of more than 64 dotted parts"), "\(arguments)")
    }
  }

  /// A FIFO would block the read until something writes to it; /dev/zero never ends.
  @Test func fifosAndDevicesAreNotRead() throws {
    let server = try RedisServer()
    var fifo = ""
    let working = try project { root in
      fifo = root.appendingPathComponent("rstate.toml").path
      #expect(mkfifo(fifo, 0o600) == 0)
    }
    let ns = try rstate(["ns", "-s", server.socketPath], directory: working)
    #expect(ns.status == 64)
    #expect(
      ns.err == "rstate: \(fifo) is not a regular file (it is a FIFO); give the path of a file\n")
    #expect(mkfifo(working.appendingPathComponent(".env").path, 0o600) == 0)
    let keys = try rstate(["keys", "-s", server.socketPath], directory: working)
    #expect(keys.status == 64)
    #expect(
      keys.err == "rstate: .env is not a regular file (it is a FIFO); give the path of a file\n")
    for arguments in [["--env-file", "/dev/zero"], ["--config", "/dev/zero", "--namespace", "x"]] {
      let result = try rstate(["keys", "-s", server.socketPath] + arguments)
      #expect(result.status == 64)
      #expect(
        result.err
          == "rstate: /dev/zero is not a regular file (it is a character device); give the path of a file\n"
      )
    }
  }

  // MARK: refusals

  /// Every EXPIRE refused was "set an expiry on 0 keys", exit 0.
  @Test func ttlSetFailsWhenTheServerRefuses() throws {
    let server = try RedisServer()
    try seed(server, keys: ["a", "b", "c"].map { Array($0.utf8) })
    _ = try server.connection().send(
      Command("ACL", "SETUSER", "limited", "on", ">pw", "~*", "+@all", "-expire"))
    let login = ["-s", server.socketPath, "--user", "limited", "-a", "pw", "--no-auth-warning"]
    let result = try rstate(["ttl"] + login + ["--pattern", "*", "--set", "60", "--yes"])
    #expect(result.status == 1)
    #expect(result.out.hasPrefix("set an expiry of 60s on 0 keys"))
    let reason =
      "rstate: EXPIRE failed: the server refused 3 of 3 keys: NOPERM this user has no "
      + "permissions to run the 'expire' command\n"
    #expect(result.err.hasSuffix(reason))
    #expect(result.err.components(separatedBy: "NOPERM").count == 2, "the reason is said once")
    // The --only-missing pass reads PTTL: a refusal there is no "nothing to change".
    _ = try server.connection().send(
      Command("ACL", "SETUSER", "limited", "+expire", "-pttl"))
    let pttl = try rstate(
      ["ttl"] + login + ["--pattern", "*", "--set", "60", "--only-missing", "--yes"])
    #expect(pttl.status == 1)
    #expect(pttl.err.contains("PTTL failed: the server refused 3 of 3 keys: NOPERM"))
    let names = try rstate(["ttl"] + login + ["a"])
    #expect(names.status == 1)
    #expect(names.err.contains("PTTL failed: the server refused 1 of 1 keys"))
  }

  // MARK: keys -0

  /// `keys -0 | xargs -0 rstate exec DEL` would have deleted `a` and `b` for the key "a\0b".
  @Test func keysWithNULAreLeftOutOfNULSeparatedOutput() throws {
    let server = try RedisServer()
    try seed(server, keys: [Array("a\0b".utf8), Array("c".utf8)])
    let result = try rstate(["keys", "-s", server.socketPath, "-0"])
    #expect(result.stdout == Data("c\0".utf8))
    #expect(result.status == 1)
    #expect(
      result.err
        == "rstate: left out 1 key holding a NUL byte, which -0 cannot separate from the next "
        + "key; --json lists every key (as base64 where not UTF-8)\n")
    let long = try rstate(["keys", "-s", server.socketPath, "-0", "--long"])
    #expect(!long.stdout.contains(Data("a\0b".utf8)))
    #expect(long.status == 1)
    let json = try rstate(["keys", "-s", server.socketPath, "--json"])
    #expect(json.status == 0)
    #expect(json.out.contains(#"{"key":"a\u0000b"}"#))
  }

  @Test func aMistypedTypeIsAUsageError() throws {
    let server = try RedisServer()
    let result = try rstate(["keys", "-s", server.socketPath, "--type", "hsh"])
    #expect(result.status == 64)
    #expect(result.err.contains("--type hsh is not a Redis type (did you mean hash?)"))
  }

  @Test func execHelpPrintsHelpWithoutConnecting() throws {
    let port = String(try RedisServer.freePort())
    for help in ["--help", "-?"] {
      let result = try rstate(["exec", "-p", port, help])
      #expect(result.status == 0)
      #expect(result.out.hasPrefix("OVERVIEW: Run one Redis command"))
      #expect(result.err.isEmpty)
    }
  }

  // MARK: the shell

  @Test func pipedLinesThatDoNotParseMakeTheExitStatusOne() throws {
    let server = try RedisServer()
    let result = try rstate(
      ["-s", server.socketPath], stdin: Data("set x \"unbalanced\nPING\n".utf8))
    #expect(result.out == "Invalid argument(s)\nPONG\n")
    #expect(result.status == 1)
  }

  /// `N command` went out as one list of N commands: `2147483648 PING` asked for 51 GB and
  /// aborted. It streams now, 1,000 at a time, in flat memory, and counts stay exact.
  @Test func aHugeRepeatCountStreamsInFlatMemory() throws {
    let server = try RedisServer()
    let counted = try rstate(
      ["-p", String(server.port)], stdin: Data("2500 INCR c\nGET c\n".utf8))
    #expect(counted.status == 0, "\(counted.err)")
    #expect(counted.out.split(separator: "\n").last == "2500")
    let huge = rstateBounded(
      ["-p", String(server.port)], stdin: Array("2147483648 PING\n".utf8), deadline: 3,
      captureLimit: 1 << 16)
    #expect(huge.signal == nil || huge.killedAtDeadline, "crashed: \(huge.err)")
    #expect(huge.out.hasPrefix("PONG\nPONG\n"))
    #expect(huge.maxRSSKiB < 64 << 10, "peak RSS \(huge.maxRSSKiB) KiB")
  }

  /// After a failed `connect` commands went on to the old server; redis-cli says
  /// `not connected` and tries the new one.
  @Test func aFailedConnectLeavesTheOldServer() throws {
    let old = try RedisServer()
    _ = try old.connection().send(Command("SET", "where", "old"))
    let unused = try RedisServer.freePort()
    for port in ["abc", String(unused), "0"] {
      let result = try rstate(
        ["-s", old.socketPath],
        stdin: Data("GET where\nconnect 127.0.0.1 \(port)\nGET where\n".utf8))
      #expect(result.out == "old\n", "port \(port): \(result.out)")
      #expect(result.err.contains("Could not connect to Redis at 127.0.0.1:\(port)"))
      #expect(result.status == 1)
    }
    let back = try rstate(
      ["-p", String(unused)],
      stdin: Data("connect 127.0.0.1 abc\nconnect 127.0.0.1 \(old.port)\nGET where\n".utf8))
    #expect(back.out == "old\n", "a successful connect ends it")
  }

  /// Escapes in a status or error reply reached the terminal raw (as in redis-cli); strings
  /// were already quoted.
  @Test func escapesFromTheServerAreEscapedOnATerminal() throws {
    let server = try RedisServer()
    let status = #"EVAL "return redis.status_reply('\x1b[31mred')" 0"#
    let error = #"EVAL "return redis.error_reply('\x1b]0;title\x07')" 0"#
    _ = try server.connection().send(Command("SET", "k", "\u{1B}[2J"))
    let shell = try rstate(
      ["-s", server.socketPath, "--no-raw"],
      stdin: Data("\(status)\n\(error)\nGET k\n".utf8))
    #expect(
      shell.out == #"\x1b[31mred"# + "\n" + #"(error) ERR \x1b]0;title\a"# + "\n" + #""\x1b[2J""#
        + "\n")
    let exec = try rstate(
      ["exec", "-s", server.socketPath, "EVAL", "return redis.status_reply('\u{1B}[31mred')", "0"],
      environment: ["RSTATE_FAKE_TTY": "1"])
    #expect(exec.out == #"\x1b[31mred"# + "\n")
    let raw = try rstate(
      ["exec", "-s", server.socketPath, "EVAL", "return redis.status_reply('\u{1B}[31mred')", "0"])
    #expect(raw.out == "\u{1B}[31mred\n", "piped output stays raw, as redis-cli's")
  }
}

@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct ShellHistoryHardeningTests {
  /// `AUTH "secret` does not split, so it was saved as typed, password included.
  @Test func aLineWithAStrayQuoteAndASecretStaysOutOfTheHistoryFile() throws {
    let server = try RedisServer()
    let history = try temporaryDirectory().appendingPathComponent("history").path
    let typed = [#"AUTH \"not-in-history"#, #"3 auth 'not-in-history"#, #"GET \"kept"#, "quit"]
      .map { "sleep 0.3; printf '%s\\n' \"\($0)\"" }.joined(separator: "; ")
    let result = try run(
      "/bin/sh",
      [
        "-c",
        "(sleep 1; \(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(server.port)\" /dev/null",
      ],
      environment: ["RSTATE_HISTFILE": history, "RSTATE_RCFILE": noHints, "TERM": "dumb"],
      stdin: nil, directory: nil)
    #expect(result.out.contains("Invalid argument(s)"))
    let saved = try String(contentsOfFile: history, encoding: .utf8)
    #expect(saved == "GET \"kept\nquit\n")
  }
}
