import Foundation
import RStateCore
import Testing

/// The shell's manners on a terminal (issue 15, item 7): questions before FLUSHDB and its
/// kind, the pager for long replies, `help :peek`. Each test has its own server, its own
/// pseudo-terminal and its own HOME.
@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/setsid")))
struct ShellMannersTests {
  func keyCount(_ server: RedisServer) throws -> Int64 {
    guard case .integer(let count) = try server.connection().send(Command("DBSIZE")) else {
      throw TestFailure("DBSIZE gave no number")
    }
    return count
  }

  func fill(_ server: RedisServer, _ count: Int) throws {
    let connection = server.connection()
    _ = try connection.pipeline((1...count).map { Command("SET", "k\($0)", "v") })
  }

  @Test func flushDBAsksAndOnlyYesFlushes() throws {
    let server = try RedisServer()
    try fill(server, 3)
    let shell = try ShellTerminal(["-p", String(server.port)], home: try temporaryDirectory())
    let prompt = "127.0.0.1:\(server.port)> "
    try shell.waitFor(prompt)
    shell.type("FLUSHDB")
    try shell.waitFor(
      "FLUSHDB deletes all 3 keys of db 0 on 127.0.0.1:\(server.port). Type yes to run it: ")
    shell.type("no")
    try shell.waitFor(
      "FLUSHDB was not run (only yes runs it; :set noconfirm stops these questions)")
    try shell.waitFor(prompt)
    #expect(try keyCount(server) == 3)
    // Ctrl-C and Ctrl-D at the question cancel it and the session goes on.
    for key in ["\u{03}", "ye\u{03}", "\u{04}"] {
      shell.type("FLUSHDB")
      try shell.waitFor("Type yes to run it: ")
      shell.press(key)
      try shell.waitFor("FLUSHDB was not run")
      try shell.waitFor(prompt)
    }
    #expect(try keyCount(server) == 3)
    shell.type("FLUSHDB")
    try shell.waitFor("Type yes to run it: ")
    shell.type("yes")
    try shell.waitFor("OK")
    try shell.waitFor(prompt)
    #expect(try keyCount(server) == 0)
    shell.type("quit")
    #expect(try shell.finish() == 0)
  }

  @Test func flushAllShutdownAndDebugAsk() throws {
    let server = try RedisServer()
    try fill(server, 2)
    let shell = try ShellTerminal(["-p", String(server.port)], home: try temporaryDirectory())
    try shell.waitFor("> ")
    shell.type("FLUSHALL")
    try shell.waitFor(
      "FLUSHALL deletes all 2 keys of every db on 127.0.0.1:\(server.port). Type yes to run it: ")
    shell.type("")
    try shell.waitFor("FLUSHALL was not run")
    shell.type("DEBUG sleep 0")
    try shell.waitFor("DEBUG SLEEP runs a debugging command on 127.0.0.1:\(server.port);")
    shell.type("n")
    try shell.waitFor("DEBUG was not run")
    shell.type("SHUTDOWN NOSAVE")
    try shell.waitFor("SHUTDOWN stops the server at 127.0.0.1:\(server.port)")
    shell.type("no")
    try shell.waitFor("SHUTDOWN was not run")
    shell.type("PING")
    try shell.waitFor("PONG")
    #expect(try keyCount(server) == 2)
    shell.type("quit")
    #expect(try shell.finish() == 0)
  }

  @Test func setNoconfirmAtThePromptRunsWithoutAsking() throws {
    let server = try RedisServer()
    try fill(server, 3)
    let shell = try ShellTerminal(["-p", String(server.port)], home: try temporaryDirectory())
    try shell.waitFor("> ")
    shell.type(":set noconfirm")
    try shell.waitFor("> ")
    shell.type("FLUSHDB")
    let shown = try shell.output(until: "> ")
    #expect(shown.contains("OK"), "\(shown.debugDescription)")
    #expect(!shown.contains("Type yes"))
    #expect(try keyCount(server) == 0)
    shell.type(":set")
    try shell.waitFor("hints noconfirm pager")
    shell.type("quit")
    #expect(try shell.finish() == 0)
  }

  @Test func rcFileTurnsQuestionsOffAndNamesItsBadLines() throws {
    let server = try RedisServer()
    try fill(server, 3)
    let home = try temporaryDirectory()
    let rc = home.appendingPathComponent(".rstaterc")
    try "# mine\n\n:set noconfirm\n:set sparkles\n:set \"x\n".write(
      to: rc, atomically: true, encoding: .utf8)
    let shell = try ShellTerminal(["-p", String(server.port)], home: home)
    try shell.waitFor(
      "rstate: \(rc.path) line 4: unknown rstate preference 'sparkles' (:set takes hints, "
        + "nohints, confirm, noconfirm, pager or nopager); the line is skipped")
    try shell.waitFor("rstate: \(rc.path) line 5: unbalanced quotes; the line is skipped")
    try shell.waitFor("> ")
    shell.type("FLUSHDB")
    let shown = try shell.output(until: "> ")
    #expect(shown.contains("OK") && !shown.contains("Type yes"), "\(shown.debugDescription)")
    #expect(try keyCount(server) == 0)
    shell.type("quit")
    #expect(try shell.finish() == 0)
  }

  @Test func anRcFileThatIsNoFileIsRefusedNotRead() throws {
    let server = try RedisServer()
    let home = try temporaryDirectory()
    try FileManager.default.createDirectory(
      at: home.appendingPathComponent(".rstaterc"), withIntermediateDirectories: true)
    let shell = try ShellTerminal(["-p", String(server.port)], home: home)
    try shell.waitFor("is not a regular file (it is a directory)")
    try shell.waitFor("> ")
    shell.type("quit")
    #expect(try shell.finish() == 0)
  }

  @Test func keysAsksOnlyAboveAHundredThousandKeys() throws {
    let server = try RedisServer(config: ["enable-debug-command local"])
    try fill(server, 3)
    let shell = try ShellTerminal(["-p", String(server.port)], home: try temporaryDirectory())
    let prompt = "127.0.0.1:\(server.port)> "
    try shell.waitFor(prompt)
    shell.type("KEYS k1")
    let small = try shell.output(until: prompt)
    #expect(small.contains("1) \"k1\""), "\(small.debugDescription)")
    #expect(!small.contains("Type yes"))
    _ = try server.connection().send(Command("DEBUG", "POPULATE", "100001", "big"))
    shell.type("KEYS nothing*")
    try shell.waitFor(
      "KEYS walks all 100004 keys of db 0 on 127.0.0.1:\(server.port) in one call, and the server "
        + "answers nobody else until it is done (rstate keys --pattern scans instead). "
        + "Type yes to run it: ")
    shell.type("no")
    try shell.waitFor("KEYS was not run")
    shell.type("KEYS nothing*")
    try shell.waitFor("Type yes to run it: ")
    shell.type("YES")
    try shell.waitFor("(empty array)")
    shell.type("quit")
    #expect(try shell.finish() == 0)
  }

  /// Piped lines never ask: the output is redis-cli's, byte for byte.
  @Test func pipedFlushDBDoesNotAskAndMatchesRedisCLI() throws {
    let ours = try RedisServer()
    let theirs = try RedisServer()
    try fill(ours, 3)
    try fill(theirs, 3)
    let input = Data("DBSIZE\nFLUSHDB\nFLUSHALL\nDBSIZE\nKEYS *\n".utf8)
    for mode in [[], ["--no-raw"]] {
      let mine = try rstate(["-s", ours.socketPath] + mode, stdin: input)
      let reference = try redisCLI(["-s", theirs.socketPath] + mode, stdin: input)
      #expect(mine.stdout == reference.stdout, "\(mine.out.debugDescription)")
      #expect(mine.err.isEmpty, "\(mine.err)")
      try fill(ours, 3)
      try fill(theirs, 3)
    }
  }

  /// A reply longer than the screen goes through $PAGER, which sees redis-cli's terminal
  /// bytes; a short one prints directly, as do long ones after `:set nopager`.
  @Test func longRepliesGoThroughThePager() throws {
    let server = try RedisServer()
    let home = try temporaryDirectory()
    let record = home.appendingPathComponent("paged")
    let pager = home.appendingPathComponent("pager.sh")
    // A reader who takes their time: that is not the command's time.
    try "#!/bin/sh\ncat >> '\(record.path)'\nsleep 0.6\necho PAGER-DONE\n".write(
      to: pager, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: pager.path)
    _ = try server.connection().send(
      Command((["RPUSH", "long"] + (1...30).map { "item \($0)" }).map { Array($0.utf8) }))
    _ = try server.connection().send(Command("SET", "short", "v"))
    let shell = try ShellTerminal(
      ["-p", String(server.port)], environment: ["PAGER": pager.path], home: home, rows: 24)
    let prompt = "127.0.0.1:\(server.port)> "
    try shell.waitFor(prompt)
    shell.type("LRANGE long 0 -1")
    try shell.waitFor("PAGER-DONE")
    let after = try shell.output(until: prompt)
    #expect(!after.contains("s)"), "no slow-command time for the pager: \(after.debugDescription)")
    let reference = try redisCLI(["-s", server.socketPath, "--no-raw", "LRANGE", "long", "0", "-1"])
    let paged = try Data(contentsOf: record)
    #expect(paged == reference.stdout, "\(String(decoding: paged, as: UTF8.self).debugDescription)")
    // 23 lines fit above the prompt on 24 rows.
    shell.type("LRANGE long 0 22")
    let fits = try shell.output(until: prompt)
    #expect(fits.contains("23) \"item 23\""), "\(fits.debugDescription)")
    shell.type("GET short")
    try shell.waitFor("\"v\"")
    try shell.waitFor(prompt)
    #expect(try Data(contentsOf: record) == reference.stdout, "short replies are not paged")
    shell.type(":set nopager")
    try shell.waitFor(prompt)
    shell.type("LRANGE long 0 -1")
    let direct = try shell.output(until: prompt)
    #expect(direct.contains("30) \"item 30\"") && !direct.contains("PAGER-DONE"))
    shell.type("quit")
    #expect(try shell.finish() == 0)
  }

  @Test func aPagerThatCannotStartPrintsDirectly() throws {
    let server = try RedisServer()
    _ = try server.connection().send(
      Command((["RPUSH", "long"] + (1...30).map { "item \($0)" }).map { Array($0.utf8) }))
    let shell = try ShellTerminal(
      ["-p", String(server.port)], environment: ["PAGER": "/nonexistent/pager -x"],
      home: try temporaryDirectory(), rows: 24)
    let prompt = "127.0.0.1:\(server.port)> "
    try shell.waitFor(prompt)
    shell.type("LRANGE long 0 -1")
    let shown = try shell.output(until: prompt)
    #expect(
      shown.contains(
        "rstate: cannot start the pager /nonexistent/pager (PAGER): no such file or directory; "
          + "long replies print directly (:set nopager stops paging)"), "\(shown.debugDescription)")
    #expect(shown.contains("30) \"item 30\""))
    shell.type("quit")
    #expect(try shell.finish() == 0)
  }

  @Test func helpListsAndExplainsTheColonCommands() throws {
    let server = try RedisServer()
    let home = try temporaryDirectory()
    // No grey hints between the typed letters and the completed ones.
    try ":set nohints\n".write(
      to: home.appendingPathComponent(".rstaterc"), atomically: true, encoding: .utf8)
    let shell = try ShellTerminal(["-p", String(server.port)], home: home)
    let prompt = "127.0.0.1:\(server.port)> "
    try shell.waitFor(prompt)
    shell.type("help")
    let listing = try shell.output(until: prompt)
    for line in [
      "\"help <command>\" for help on <command>", "\":peek ID|KEY\" show a key decoded",
      "\":set noconfirm\" run them without asking", "\":set nopager\" print every reply directly",
    ] {
      #expect(listing.contains(line), "\(listing.debugDescription)")
    }
    shell.type("help :peek")
    let peek = try shell.output(until: prompt)
    #expect(peek.contains("\u{1B}[1m:peek\u{1B}[0m \u{1B}[90mID|KEY\u{1B}[0m"))
    #expect(peek.contains("\u{1B}[33mexample:\u{1B}[0m :peek "), "\(peek.debugDescription)")
    shell.press("help :pe\t")
    try shell.waitFor("help :peek ")
    shell.press("\n")
    try shell.waitFor(prompt)
    shell.type("quit")
    #expect(try shell.finish() == 0)
  }
}
