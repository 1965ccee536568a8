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
}
