import Testing

@testable import RStateCore

/// Hints from the built-in COMMAND DOCS table, against what redis-cli 7.2+ shows.
@Suite struct HintsTests {
  @Test(arguments: [
    ("set k v EX ", "seconds [NX|XX] [GET]"),
    ("scan 0 ", "[MATCH pattern] [COUNT count] [TYPE type]"),
    ("flushdb ", "[ASYNC|SYNC]"),
    (
      "migrate ",
      "host port key|\"\" destination-db timeout [COPY] [REPLACE] [[AUTH password]|[AUTH2 username password]] [KEYS key [key ...]]"
    ),
    (
      "set ",
      "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"
    ),
    (
      "set k v NX GET ",
      "[EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"
    ),
    ("get", " key"),
    ("config get ", "parameter [parameter ...]"),
    ("nosuchcommand ", nil as String?),
    ("object encoding ", "key"),
  ])
  func hintsFollowWhatWasTyped(line: String, expected: String?) {
    let table = HelpTable.builtIn
    let words = line.split(separator: " ").map(String.init)
    #expect(Hints.hint(for: words, endsWithSpace: line.hasSuffix(" "), in: table) == expected)
  }
}
