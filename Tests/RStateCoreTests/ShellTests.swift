import Testing

@testable import RStateCore

@Suite struct ShellTests {
  func split(_ line: String) -> [String]? {
    Tokenizer.split(Array(line.utf8))?.map { String(decoding: $0, as: UTF8.self) }
  }

  @Test(arguments: [
    ("set k v", ["set", "k", "v"]),
    ("  set   k\tv  ", ["set", "k", "v"]),
    (#"set w a"b c""#, ["set", "w", "ab c"]),
    ("set k6 a'b c'", ["set", "k6", "ab c"]),
    (#"echo "\x4a\x4A""#, ["echo", "JJ"]),
    (#"echo "\x4""#, ["echo", "x4"]),
    (#"echo "a\nb\tc\rd\be\af""#, ["echo", "a\nb\tc\rd\u{08}e\u{07}f"]),
    (#"echo "\q\"\\""#, ["echo", #"q"\"#]),
    (#"echo 'it\'s'"#, ["echo", "it's"]),
    (#"echo 'a\nb'"#, ["echo", #"a\nb"#]),
    ("echo \"\"", ["echo", ""]),
    ("", []),
    ("   ", []),
  ])
  func splitsLikeSdssplitargs(line: String, expected: [String]) {
    #expect(split(line) == expected)
  }

  @Test(arguments: [
    #"set x "unbalanced"#, "set y 'abc", #"set z "ab"cd"#, #"set k1 '\\'"#, "set q 'a'b",
  ])
  func unbalancedQuotesAreInvalid(line: String) {
    #expect(split(line) == nil)
  }

  @Test func binaryEscapes() {
    #expect(Tokenizer.split(Array(#"set "\x00\xff""#.utf8))?[1] == [0x00, 0xFF])
  }

  @Test func repeatPrefix() {
    let words = [Array("3".utf8), Array("ping".utf8)]
    #expect(ReplSession.repeatPrefix(words).count == 3)
    #expect(ReplSession.repeatPrefix(words).command == [Array("ping".utf8)])
    #expect(ReplSession.repeatPrefix([Array("0".utf8), Array("ping".utf8)]).count == 0)
    #expect(ReplSession.repeatPrefix([Array("-1".utf8), Array("ping".utf8)]).count == 0)
    #expect(ReplSession.repeatPrefix([Array("5".utf8)]).count == 1, "a lone number is a command")
    #expect(ReplSession.repeatPrefix([Array("3x".utf8), Array("ping".utf8)]).command.count == 2)
  }

  @Test(arguments: [
    ("AUTH secret", true), ("auth user secret", true), ("ACL SETUSER u on >pw", true),
    ("acl getuser u", true), ("CONFIG SET requirepass x", true), ("config set maxmemory 1", false),
    ("HELLO 3 AUTH u p", true), ("HELLO 3", false), ("MIGRATE h 1 k 0 10 AUTH pw", true),
    ("MIGRATE h 1 k 0 10 COPY", false), ("SENTINEL CONFIG SET sentinel-pass x", true),
    ("SENTINEL SET m auth-pass x", true), ("GET auth", false),
  ])
  func sensitiveLinesStayOutOfTheHistoryFile(line: String, sensitive: Bool) {
    #expect(SensitiveCommands.contains(Tokenizer.split(Array(line.utf8))!) == sensitive)
  }

  /// A line that does not split is judged by its first words: a stray quote must not send
  /// `AUTH "secret` to the history file.
  @Test(arguments: [
    (#"AUTH "secret"#, true), (#"auth 'secret"#, true), (#""AUTH secret"#, true),
    (#"3 AUTH "secret"#, true), (#""\x41UTH" "secret"#, true), (#"a"uth" "secret"#, true),
    (#"HELLO 3 AUTH user "pw"#, true), (#"hello 3 "AUTH"#, true),
    (#"CONFIG SET requirepass "x"#, true), (#"config get "x"#, true), (#"ACL "x"#, true),
    (#"MIGRATE h 1 "" 0 10 AUTH "pw"#, true), (#"SENTINEL SET m auth-pass "x"#, true),
    (#"GET "x"#, false), (#"set x "unbalanced"#, false), (#"set "a"b"#, false),
  ])
  func unsplitLinesWithSecretsStayOutOfTheHistoryFile(line: String, sensitive: Bool) {
    #expect(Tokenizer.split(Array(line.utf8)) == nil)
    #expect(SensitiveCommands.mayContain(unsplitLine: Array(line.utf8)) == sensitive)
  }

  @Test func leadingWordsStopWhereSplittingFails() {
    func words(_ line: String) -> [String] {
      Tokenizer.leadingWords(Array(line.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }
    #expect(words(#"AUTH "pw"#) == ["AUTH", "pw"])
    #expect(words(#"set "a"b c"#) == ["set", "a"])
    #expect(words("get k") == ["get", "k"])
  }

  /// Lines in, remembered lines out; no server is needed for lines that never reach one.
  struct ScriptedReader: LineReader {
    var lines: [String]
    var remembered: [(line: String, persist: Bool)] = []
    var skipped = 0

    mutating func readLine(prompt: String) -> [UInt8]? {
      lines.isEmpty ? nil : Array(lines.removeFirst().utf8)
    }

    mutating func remember(_ line: [UInt8], persist: Bool) {
      remembered.append((String(decoding: line, as: UTF8.self), persist))
    }

    mutating func takeSkippedLines() -> Int {
      defer { skipped = 0 }
      return skipped
    }
  }

  final class Output: @unchecked Sendable {
    var out = ""
    var err: [String] = []
  }

  func session(_ output: Output) -> ReplSession {
    ReplSession(
      connection: Connection(settings: ConnectionSettings(endpoint: .unix(path: "/nonexistent"))),
      format: .raw, write: { output.out += String(decoding: $0, as: UTF8.self) },
      diagnose: { output.err.append($0) })
  }

  @Test func unsplitLinesAreFailuresAndSecretsAreNotPersisted() {
    let output = Output()
    let shell = session(output)
    var reader = ScriptedReader(lines: [#"AUTH "secret"#, #"set x "y"#])
    shell.run(&reader)
    #expect(output.out == "Invalid argument(s)\nInvalid argument(s)\n")
    #expect(reader.remembered.map(\.persist) == [false, true])
    #expect(shell.sawFailure, "a piped session exits 1 after a line that does not split")
  }

  @Test func aBadRepeatCountIsAFailure() {
    let output = Output()
    let shell = session(output)
    var reader = ScriptedReader(lines: ["0 PING"])
    shell.run(&reader)
    #expect(shell.sawFailure)
  }

  @Test func aConnectToAPortThatIsNoPortLeavesTheOldServer() {
    let output = Output()
    let shell = session(output)
    var reader = ScriptedReader(lines: ["connect 127.0.0.1 abc", "PING", ":ns", ":set nohints"])
    shell.run(&reader)
    #expect(shell.disconnected)
    #expect(shell.prompt == "not connected> ")
    let refusal =
      "Could not connect to Redis at 127.0.0.1:abc: the port must be a number from 1 to 65535"
    #expect(output.err == [refusal, refusal, refusal])
    #expect(!shell.hintsEnabled, ":set still works without a server")
  }
}
