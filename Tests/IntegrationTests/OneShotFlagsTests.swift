import Foundation
import Testing

/// redis-cli's one-shot flags (-r, -i, -e, -x, -X, --quoted-input, -d, -D, --csv, --json,
/// --quoted-json): rstate and Debian's redis-cli 7.0 run the same command lines against two
/// identical servers and must print the same bytes, piped and on a terminal (each tool's
/// fake-terminal switch), except where the README says rstate differs.
@Suite(.enabled(if: RedisServer.shouldRun), .serialized)
struct OneShotFlagsTests {
  /// NUL, 0xff, newline, quote, backslash, BEL, BS, CR, tab, ESC, DEL, UTF-8, form feed.
  static let awkward = Data([
    0x61, 0, 0xFF, 0x0A, 0x22, 0x5C, 0x07, 0x08, 0x0D, 0x09, 0x1B, 0x7F, 0xC3, 0xA9, 0x0C, 0x7A,
  ])

  /// Commands over every RESP2 shape: strings (NUL, quotes, UTF-8, 0xff), integers, nil,
  /// arrays, nested and empty arrays, errors, and a text redis-cli prints as it is.
  static let commands: [[String]] = [
    ["SET", "s", "héllo \"wörld\" ✓\tend"], ["GET", "s"], ["GET", "missing"], ["INCR", "n"],
    ["PING"], ["RPUSH", "l", "a", "b c", "d\"e", "f\\g"], ["LRANGE", "l", "0", "-1"],
    ["LRANGE", "none", "0", "-1"], ["HSET", "h", "f1", "v1", "f2", "2"], ["HGETALL", "h"],
    ["MGET", "s", "missing", "n"], ["ZADD", "z", "1.5", "a", "2", "b"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["ZSCORE", "z", "a"],
    ["EVAL", "return {1,'two',{3,{'four',5}},{},false}", "0"],
    ["EVAL", "return string.char(0,1,127,128,255,10,13,9,7,8,34,92,27,12,97)", "0"],
    ["EVAL", "return {1, redis.error_reply('INNER oops'), redis.status_reply('FINE')}", "0"],
    ["EVAL", "return redis.error_reply('MYERR bad thing')", "0"], ["NOSUCHCOMMAND", "a"],
    ["GET"], ["INFO", "errorstats"], ["XADD", "st", "1-1", "f", "v"], ["XRANGE", "st", "-", "+"],
  ]

  /// The flags, with the environment of each tool (`FAKETTY` is redis-cli's fake terminal).
  static let modes: [(flags: [String], terminal: Bool)] = [
    (["--csv"], false), (["--csv"], true), (["-2", "--json"], false),
    (["-2", "--quoted-json"], false), (["-d", ",", "-D", "|"], false),
    (["--raw", "-d", "::", "-D", ""], true), (["-d", ",", "-D", "|"], true),
    (["--csv", "--raw"], false), (["--raw", "--csv"], true), (["--json", "--no-raw", "-2"], false),
  ]

  func mine(_ arguments: [String], terminal: Bool = false, stdin: Data? = nil) throws -> RunResult {
    try rstate(arguments, environment: terminal ? ["RSTATE_FAKE_TTY": "1"] : [:], stdin: stdin)
  }

  func theirs(_ arguments: [String], terminal: Bool = false, stdin: Data? = nil) throws
    -> RunResult
  {
    try run(
      "/usr/bin/redis-cli", arguments, environment: terminal ? ["FAKETTY": "1"] : [:],
      stdin: stdin, directory: nil)
  }

  /// --quoted-json as redis-cli 7 writes it but with an embedded quote kept inside its
  /// string: redis-cli writes `\\"` (ending the string early), rstate `\\\"`. The commands
  /// above have no string that ends in a backslash, where the two could be confused.
  static func fixingQuotes(_ text: String) -> String {
    text.replacingOccurrences(of: #"\\""#, with: #"\\\""#)
  }

  @Test func outputModesMatchRedisCLIByteForByte() throws {
    for mode in Self.modes {
      let ours = try RedisServer()
      let reference = try RedisServer()
      for words in Self.commands {
        let label = "\(mode.flags) \(mode.terminal ? "terminal" : "piped"): \(words)"
        let a = try mine(["-s", ours.socketPath] + mode.flags + words, terminal: mode.terminal)
        let b = try theirs(
          ["-s", reference.socketPath] + mode.flags + words, terminal: mode.terminal)
        let expected = mode.flags.contains("--quoted-json") ? Self.fixingQuotes(b.out) : b.out
        #expect(a.out == expected, "\(label): \(a.out.debugDescription) \(b.out.debugDescription)")
        if !mode.flags.contains("--quoted-json") { #expect(a.stdout == b.stdout, "\(label)") }
        #expect(a.err.isEmpty, "\(label): \(a.err)")
        // A reply that prints nothing at all (nil, an empty list) is only possible with -D "".
        if !mode.flags.contains("") {
          #expect(!b.stdout.isEmpty, "\(label): redis-cli printed nothing")
        }
      }
    }
  }

  /// Bytes from standard input (-x) through every mode: the strings no command line can hold.
  @Test func stdinBytesInEveryMode() throws {
    for mode in Self.modes {
      let ours = try RedisServer()
      let reference = try RedisServer()
      for server in [ours, reference] {
        _ = try redisCLI(["-s", server.socketPath, "-x", "SET", "bin"], stdin: Self.awkward)
        _ = try redisCLI(["-s", server.socketPath, "-x", "RPUSH", "binlist"], stdin: Self.awkward)
      }
      for words in [["GET", "bin"], ["LRANGE", "binlist", "0", "-1"]] {
        let a = try mine(["-s", ours.socketPath] + mode.flags + words, terminal: mode.terminal)
        let b = try theirs(
          ["-s", reference.socketPath] + mode.flags + words, terminal: mode.terminal)
        let expected = mode.flags.contains("--quoted-json") ? Self.fixingQuotes(b.out) : b.out
        if mode.flags.contains("--quoted-json") {
          #expect(a.out == expected, "\(mode.flags) \(words)")
        } else {
          #expect(a.stdout == b.stdout, "\(mode.flags) \(words): \(a.out.debugDescription)")
        }
      }
    }
  }

  /// What redis-cli 7 prints wrongly under --quoted-json, and rstate's fix: a JSON reader gets
  /// the terminal's escaped text back.
  @Test func quotedJSONStaysJSONWithAnEmbeddedQuote() throws {
    let server = try RedisServer()
    let result = try mine(["-s", server.socketPath, "-2", "--quoted-json", "ECHO", "a\"b\\c"])
    #expect(result.out == #""a\\\"b\\\\c""# + "\n")
    let decoded = try JSONSerialization.jsonObject(
      with: Data(result.out.utf8), options: .fragmentsAllowed)
    #expect(decoded as? String == #"a\"b\\c"#)
  }

  @Test func repeatRunsTheCommandNTimes() throws {
    let ours = try RedisServer()
    let reference = try RedisServer()
    for terminal in [false, true] {
      let a = try mine(["-s", ours.socketPath, "-r", "3", "INCR", "x"], terminal: terminal)
      let b = try theirs(["-s", reference.socketPath, "-r", "3", "INCR", "x"], terminal: terminal)
      #expect(a.stdout == b.stdout)
      #expect(a.status == 0)
    }
    #expect(try mine(["-s", ours.socketPath, "GET", "x"]).out == "6\n")
    // -i sleeps after each run; -r 0 sends nothing at all.
    let paced = try mine(["-s", ours.socketPath, "-r", "2", "-i", "0.05", "INCR", "x"])
    #expect(paced.out == "7\n8\n")
    let none = try mine(["-s", ours.socketPath, "-r", "0", "INCR", "x"])
    #expect(none.out.isEmpty && none.err.isEmpty && none.status == 0)
    #expect(try mine(["exec", "-s", ours.socketPath, "-r", "2", "INCR", "x"]).out == "9\n10\n")
  }

  /// Without -e an error reply is printed and the repeat goes on (rstate exits 1 at the end);
  /// with -e the first error goes to stderr alone and nothing more runs, as redis-cli -e.
  @Test func errorsUnderRepeatAndE() throws {
    let ours = try RedisServer()
    let reference = try RedisServer()
    let big = ["SET", "big", "9223372036854775806"]
    for terminal in [false, true] {
      for flags in [["-r", "3"], ["-r", "3", "-e"], ["-e"]] {
        _ = try redisCLI(["-s", ours.socketPath] + big)
        _ = try redisCLI(["-s", reference.socketPath] + big)
        let words = flags + ["INCR", "big"]
        let a = try mine(["-s", ours.socketPath] + words, terminal: terminal)
        let b = try theirs(["-s", reference.socketPath] + words, terminal: terminal)
        #expect(a.stdout == b.stdout, "\(words): \(a.out.debugDescription)")
        #expect(a.err == b.err, "\(words): \(a.err.debugDescription)")
        // redis-cli exits 1 only for -e with an error; rstate whenever an error reply came.
        #expect(b.status == (flags == ["-r", "3", "-e"] ? 1 : 0), "redis-cli \(words)")
        #expect(a.status == (flags == ["-e"] ? 0 : 1), "\(words)")
      }
    }
    let plain = try mine(["-s", ours.socketPath, "-e", "NOSUCH"])
    #expect(plain.out.isEmpty)
    #expect(plain.err == "ERR unknown command 'NOSUCH', with args beginning with: \n")
    #expect(plain.status == 1)
  }

  /// -r -1 runs until stopped; each reply reaches the reader as it comes (no buffering), and
  /// SIGTERM ends it even though the test runner hands its children SIGTERM blocked.
  @Test func repeatForeverStopsAtSIGTERMAndFlushesEachReply() throws {
    let server = try RedisServer()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: rstateBinary)
    process.arguments = ["-s", server.socketPath, "-r", "-1", "-i", "0.05", "INCR", "forever"]
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
    process.currentDirectoryURL = emptyDirectory
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    let lines = try readLines(3, from: output.fileHandleForReading, while: process)
    #expect(lines == ["1", "2", "3"])
    kill(process.processIdentifier, SIGTERM)
    try waitForExit(process)
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(process.terminationStatus == SIGTERM)
    let count = Int(try mine(["-s", server.socketPath, "GET", "forever"]).out.dropLast()) ?? 0
    #expect(count >= 3)
  }

  /// The reader going away stops -r -1 too (a closed pipe: SIGPIPE, or EPIPE when ignored).
  @Test func repeatForeverStopsWhenTheReaderGoes() throws {
    let server = try RedisServer()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: rstateBinary)
    process.arguments = ["-s", server.socketPath, "-r", "-1", "-i", "0.01", "PING"]
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
    process.currentDirectoryURL = emptyDirectory
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    #expect(
      try readLines(2, from: output.fileHandleForReading, while: process) == ["PONG", "PONG"])
    try output.fileHandleForReading.close()
    try waitForExit(process)
  }

  @Test func stdinArgumentKeepsItsNewlineAndTagReplacesAnArgument() throws {
    let ours = try RedisServer()
    let reference = try RedisServer()
    let input = Data("line one\nline two\n".utf8)
    for words in [
      ["-x", "ECHO"], ["-X", "@", "ECHO", "@"], ["-X", "@", "SET", "@", "v"],
      ["--no-raw", "-X", "@", "ECHO", "@"],
    ] {
      let a = try mine(["-s", ours.socketPath] + words, stdin: input)
      let b = try theirs(["-s", reference.socketPath] + words, stdin: input)
      #expect(a.stdout == b.stdout, "\(words): \(a.out.debugDescription)")
      #expect(a.status == 0)
    }
    #expect(
      try mine(["-s", ours.socketPath, "--no-raw", "GET", "line one\nline two\n"]).out
        == "\"v\"\n")
    // The command word itself may be the tag: stdin is then the command.
    let command = try mine(["-s", ours.socketPath, "-X", "@", "@", "hi"], stdin: Data("ECHO".utf8))
    #expect(command.out == "hi\n")
  }

  /// redis-cli: "Using -X option but stdin tag not match." and "Options -x and -X are
  /// mutually exclusive." with status 1; rstate says what to change, as a usage error (64).
  @Test func stdinTagMistakesAreUsageErrors() throws {
    let server = try RedisServer()
    let unmatched = try mine(
      ["-s", server.socketPath, "-X", "@", "SET", "k", "v"], stdin: Data("x".utf8))
    #expect(unmatched.status == 64)
    #expect(
      unmatched.err
        == "rstate: -X @: no argument is '@'; write it where standard input goes, as in: "
        + "-X @ SET key @\n")
    #expect(unmatched.out.isEmpty)
    let both = try mine(["-s", server.socketPath, "-x", "-X", "@", "SET", "k", "@"])
    #expect(both.status == 64)
    #expect(both.err == "rstate: -x and -X cannot be used together; see 'rstate exec --help'\n")
    #expect(try redisCLI(["-s", server.socketPath, "EXISTS", "k"]).out == "0\n")
  }

  @Test func quotedInputTakesEachArgumentAsOneQuotedString() throws {
    let ours = try RedisServer()
    let reference = try RedisServer()
    for words in [
      ["--quoted-input", "SET", #""k\x41""#, #""\x41\n\x00z""#],
      ["--quoted-input", "--no-raw", "GET", "kA"],
      ["--quoted-input", "SET", "'sq'", #"'\x41 \'x\''"#],
      ["--quoted-input", "--no-raw", "GET", "sq"],
      ["--quoted-input", "ECHO", "plain"], ["--quoted-input", "ECHO", #"  "spaced"  "#],
    ] {
      let a = try mine(["-s", ours.socketPath] + words)
      let b = try theirs(["-s", reference.socketPath] + words)
      #expect(a.stdout == b.stdout, "\(words): \(a.out.debugDescription)")
      #expect(a.status == 0, "\(words)")
    }
    // redis-cli prints "Invalid quoted string" on stdout and exits 1.
    for bad in [#""open"#, "two words", #""a"b"#, ""] {
      let a = try mine(["-s", ours.socketPath, "--quoted-input", "SET", "k", bad])
      #expect(a.status == 64, "\(bad)")
      #expect(
        a.err
          == "rstate: --quoted-input: argument 3 is not one quoted string (a quote left open, "
          + "or a space outside quotes)\n", "\(bad)")
      #expect(
        try theirs(["-s", reference.socketPath, "--quoted-input", "SET", "k", bad]).out
          == "Invalid quoted string\n")
    }
  }

  /// The shell takes the output flags too: lines piped into it print as redis-cli prints them.
  @Test func theShellPrintsInTheChosenMode() throws {
    let ours = try RedisServer()
    let reference = try RedisServer()
    let lines = Data("SET a 1\nGET a\nRPUSH l x \"y z\"\nLRANGE l 0 -1\nGET nope\nNOSUCH\n".utf8)
    for flags in [["--csv"], ["-2", "--json"], ["-2", "--quoted-json"], ["-d", ",", "-D", "|"]] {
      let a = try mine(["-s", ours.socketPath] + flags, stdin: lines)
      let b = try theirs(["-s", reference.socketPath] + flags, stdin: lines)
      #expect(a.stdout == b.stdout, "\(flags): \(a.out.debugDescription)")
      _ = try redisCLI(["-s", ours.socketPath, "FLUSHALL"])
      _ = try redisCLI(["-s", reference.socketPath, "FLUSHALL"])
    }
  }

  /// Reads `count` lines as they arrive (the process is still running: nothing waits for it
  /// to end), failing after a deadline rather than hanging.
  private func readLines(_ count: Int, from handle: FileHandle, while process: Process) throws
    -> [String]
  {
    var bytes: [UInt8] = []
    let deadline = Date().addingTimeInterval(20)
    while bytes.filter({ $0 == 0x0A }).count < count {
      guard Date() < deadline, process.isRunning else {
        throw TestFailure("got only \(String(decoding: bytes, as: UTF8.self).debugDescription)")
      }
      var poller = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, 100) > 0 else { continue }
      var byte: UInt8 = 0
      guard read(handle.fileDescriptor, &byte, 1) == 1 else { continue }
      bytes.append(byte)
    }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  private func waitForExit(_ process: Process) throws {
    let deadline = Date().addingTimeInterval(20)
    while process.isRunning {
      guard Date() < deadline else { throw TestFailure("rstate did not stop") }
      usleep(20_000)
    }
  }
}
