import Testing

@testable import RStateCore

/// The shell's manners without a terminal or a server: which commands ask, what the
/// question says, when KEYS asks, how many rows a reply takes, `:set` and ~/.rstaterc lines,
/// and the help for `:` commands.
@Suite struct ShellMannersCoreTests {
  func words(_ line: String) -> [[UInt8]] { line.split(separator: " ").map { Array($0.utf8) } }

  @Test func dangerousCommands() {
    #expect(Manners.Danger(words("flushdb")) == .flushDB)
    #expect(Manners.Danger(words("FLUSHALL ASYNC")) == .flushAll)
    #expect(Manners.Danger(words("shutdown nosave")) == .shutdown)
    #expect(Manners.Danger(words("KEYS *")) == .keys)
    #expect(Manners.Danger(words("debug sleep 0")) == .debug(subcommand: "sleep"))
    #expect(Manners.Danger([Array("DEBUG".utf8), [0x1B, 0x5B]]) == .debug(subcommand: nil))
    #expect(Manners.Danger(words("GET k")) == nil)
    #expect(Manners.Danger(words("SCAN 0")) == nil)
  }

  @Test func onlyYesRuns() {
    for answer in ["yes", "YES", " yes ", "Yes\t"] { #expect(Manners.isYes(Array(answer.utf8))) }
    for answer in ["", "y", "no", "yes please", "yess"] {
      #expect(!Manners.isYes(Array(answer.utf8)), "\(answer)")
    }
  }

  @Test func keysAsksOnlyAboveTheThreshold() {
    #expect(Manners.keysThreshold == 100_000)
    #expect(Manners.question(.keys, server: "h:1", db: 0, keys: 100_000) == nil)
    #expect(
      Manners.question(.keys, server: "h:1", db: 0, keys: nil) == nil, "no count, no question")
    #expect(
      Manners.question(.keys, server: "h:1", db: 2, keys: 100_001)
        == "KEYS walks all 100001 keys of db 2 on h:1 in one call, and the server answers nobody "
        + "else until it is done (rstate keys --pattern scans instead). Type yes to run it: ")
    #expect(Manners.question(.keys, server: "h:1", db: 0, keys: 6, keysThreshold: 5) != nil)
  }

  @Test func questionsSayWhatAndWhere() {
    #expect(
      Manners.question(.flushDB, server: "h:1", db: 3, keys: 1)
        == "FLUSHDB deletes all 1 key of db 3 on h:1. Type yes to run it: ")
    #expect(
      Manners.question(.flushDB, server: "/tmp/r.sock", db: 0, keys: nil)
        == "FLUSHDB deletes every key in db 0 on /tmp/r.sock. Type yes to run it: ")
    #expect(
      Manners.question(.flushAll, server: "h:1", db: 0, keys: 7)
        == "FLUSHALL deletes all 7 keys of every db on h:1. Type yes to run it: ")
    #expect(
      Manners.question(.shutdown, server: "h:1", db: 0, keys: 7)?.hasPrefix(
        "SHUTDOWN stops the server at h:1, which holds 7 keys, for every client;") == true)
    #expect(
      Manners.question(.debug(subcommand: "segfault"), server: "h:1", db: 0, keys: nil)?
        .hasPrefix("DEBUG SEGFAULT runs a debugging command on h:1;") == true)
  }

  @Test func rowsOfAReply() {
    #expect(Manners.rows(Array("a\nb\n".utf8), columns: 80) == 2)
    #expect(Manners.rows(Array("a\nb".utf8), columns: 80) == 2)
    #expect(Manners.rows([], columns: 80) == 0)
    #expect(Manners.rows(Array(String(repeating: "x", count: 80).utf8) + [0x0A], columns: 80) == 1)
    #expect(Manners.rows(Array(String(repeating: "x", count: 81).utf8) + [0x0A], columns: 80) == 2)
    #expect(Manners.rows(Array(String(repeating: "é", count: 80).utf8), columns: 80) == 1)
    // Colours take no room; redis-cli's help ends lines with \r\n.
    let help = "\r\n  \u{1B}[1mGET\u{1B}[0m \u{1B}[90mkey\u{1B}[0m\r\n"
    #expect(Manners.rows(Array(help.utf8), columns: 10) == 2)
  }

  struct Answering: LineReader {
    var lines: [String]
    var answers: [String?]
    var questions: [String] = []
    var asksQuestions: Bool { true }

    mutating func readLine(prompt: String) -> [UInt8]? {
      lines.isEmpty ? nil : Array(lines.removeFirst().utf8)
    }
    mutating func remember(_ line: [UInt8], persist: Bool) {}
    mutating func ask(_ question: String) -> [UInt8]? {
      questions.append(question)
      return answers.removeFirst().map { Array($0.utf8) }
    }
  }

  final class Output: @unchecked Sendable {
    var out = ""
    var err: [String] = []
  }

  func session(_ output: Output) -> ReplSession {
    ReplSession(
      connection: Connection(settings: ConnectionSettings(endpoint: .unix(path: "/nonexistent"))),
      format: .standard, write: { output.out += String(decoding: $0, as: UTF8.self) },
      diagnose: { output.err.append($0) })
  }

  @Test func anythingButYesLeavesTheCommandUnsent() {
    let output = Output()
    let shell = session(output)
    var reader = Answering(lines: ["FLUSHDB", "3 FLUSHALL", "KEYS *"], answers: ["no", nil])
    shell.run(&reader)
    #expect(reader.questions.count == 2, "once for a repeated line; KEYS without a count asks not")
    #expect(
      reader.questions.first
        == "FLUSHDB deletes every key in db 0 on /nonexistent. Type yes to run it: ")
    #expect(output.err.prefix(2) == [Manners.notRun(.flushDB), Manners.notRun(.flushAll)])
    // KEYS went to the (missing) server: the only connection error is its own.
    #expect(output.err.count == 3 && output.err[2].contains("Could not connect"), "\(output.err)")
  }

  @Test func noconfirmStopsTheQuestions() {
    let output = Output()
    let shell = session(output)
    var reader = Answering(lines: [":set noconfirm", "FLUSHDB", ":set"], answers: [])
    shell.run(&reader)
    #expect(reader.questions.isEmpty)
    #expect(!shell.confirmEnabled)
    #expect(output.out.hasSuffix("hints noconfirm pager\n"))
  }

  @Test func pipedLinesNeverAsk() {
    let output = Output()
    let shell = session(output)
    var reader = ShellTests.ScriptedReader(lines: ["FLUSHDB"])
    shell.run(&reader)
    #expect(output.err.count == 1 && output.err[0].contains("Could not connect"))
  }

  @Test func rcFileLines() {
    let output = Output()
    let shell = session(output)
    let warnings = shell.loadPreferences(
      "# comment\n\n  :set nopager\r\n:set noconfirm\n:set hints extra\n:set glitter\n:set \"x\n  # indented\n"
    )
    #expect(!shell.pagerEnabled && !shell.confirmEnabled && shell.hintsEnabled)
    #expect(warnings.map(\.line) == [6, 7])
    #expect(warnings.first?.message.hasPrefix("unknown rstate preference 'glitter'") == true)
    #expect(warnings.last?.message == "unbalanced quotes")
  }

  @Test func helpListsAndExplainsColonCommands() {
    let generic = HelpTable.generic(version: "1.0")
    for command in ShellCommand.all where command.name != ":set" {
      #expect(generic.contains("\"\(command.name)"), "\(command.name)")
    }
    #expect(generic.contains("\":set noconfirm\""))
    let peek = String(
      decoding: HelpTable.builtIn.render([Array(":PEEK".utf8)], version: "1.0"), as: UTF8.self)
    #expect(peek.hasPrefix("\r\n  \u{1B}[1m:peek\u{1B}[0m \u{1B}[90mID|KEY\u{1B}[0m\r\n"))
    #expect(peek.contains("\u{1B}[33mexample:\u{1B}[0m :peek "))
    let all = String(decoding: ShellCommand.help(":"), as: UTF8.self)
    #expect(ShellCommand.all.allSatisfy { all.contains("\u{1B}[1m\($0.name)\u{1B}[0m") })
    let unknown = String(decoding: ShellCommand.help(":nope\u{1B}"), as: UTF8.self)
    #expect(unknown.contains("no rstate command :nope") && !unknown.contains("\u{1B}"))
    let completer = Completer(
      connection: {
        Connection(settings: ConnectionSettings(endpoint: .unix(path: "/nonexistent")))
      },
      help: { .builtIn })
    #expect(completer.candidates(before: [Array("help".utf8)], prefix: ":p") == [":peek"])
  }
}
