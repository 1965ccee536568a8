import Testing

@testable import RStateCore

@Suite struct HelpTests {
  @Test func builtInTableCoversRedis7() {
    let names = Set(HelpTable.builtIn.entries.map(\.full))
    for name in ["GET", "SET", "CLIENT LIST", "XADD", "FUNCTION LOAD", "ACL SETUSER"] {
      #expect(names.contains(name), "\(name)")
    }
  }

  @Test func rendersLikeRedisCLI() {
    let table = HelpTable(entries: [
      HelpEntry(
        full: "GET", params: "key", summary: "Get the value of a key", since: "1.0.0",
        group: "string")
    ])
    let text = String(decoding: table.render([Array("get".utf8)], version: "x"), as: UTF8.self)
    #expect(
      text
        == "\r\n  \u{1B}[1mGET\u{1B}[0m \u{1B}[90mkey\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Get the value of a key\r\n  \u{1B}[33msince:\u{1B}[0m 1.0.0\r\n  \u{1B}[33mgroup:\u{1B}[0m string\r\n\r\n"
    )
    #expect(
      String(decoding: table.render([Array("nosuch".utf8)], version: "x"), as: UTF8.self) == "\r\n")
  }

  @Test func argumentSynopsisFromCommandDocs() {
    func map(_ pairs: [(String, RESPValue)]) -> RESPValue {
      .array(pairs.flatMap { [RESPValue.bulk(Array($0.0.utf8)), $0.1] })
    }
    func text(_ value: String) -> RESPValue { .bulk(Array(value.utf8)) }
    let arguments: [RESPValue] = [
      map([("name", text("key")), ("type", text("key"))]),
      map([
        ("name", text("condition")), ("type", text("oneof")),
        ("flags", .array([.status(Array("optional".utf8))])),
        (
          "arguments",
          .array([
            map([("name", text("nx")), ("type", text("pure-token")), ("token", text("NX"))]),
            map([("name", text("xx")), ("type", text("pure-token")), ("token", text("XX"))]),
          ])
        ),
      ]),
      map([
        ("name", text("id")), ("type", text("integer")), ("token", text("ID")),
        ("flags", .array([.status(Array("optional".utf8)), .status(Array("multiple".utf8))])),
      ]),
    ]
    let synopsis = arguments.compactMap { ArgumentSpec($0) }.map(\.synopsis).joined(separator: " ")
    #expect(synopsis == "key [NX|XX] [ID id [id ...]]")
  }

  /// COMMAND DOCS come from the server: escapes in them are escaped before help or hints
  /// draw them, and arguments nested without end are not followed down the stack.
  @Test func commandDocsFromAHostileServer() {
    func map(_ pairs: [(String, RESPValue)]) -> RESPValue {
      .array(pairs.flatMap { [RESPValue.bulk(Array($0.0.utf8)), $0.1] })
    }
    func text(_ value: String) -> RESPValue { .bulk(Array(value.utf8)) }
    var deep = map([("name", text("x")), ("type", text("string"))])
    for _ in 0..<10_000 {
      deep = map([("name", text("b")), ("type", text("block")), ("arguments", .array([deep]))])
    }
    let docs = RESPValue.array([
      text("get\u{1B}[2J"),
      map([
        ("summary", text("Get \u{1B}]0;owned\u{07}it")), ("group", text("string")),
        ("arguments", .array([deep])),
      ]),
    ])
    let table = HelpTable(commandDocs: docs)
    let entry = table?.entries.first
    #expect(entry?.full == #"GET\X1B[2J"#)
    #expect(entry?.summary == #"Get \x1b]0;owned\ait"#)
    func depth(_ spec: ArgumentSpec) -> Int { 1 + (spec.children.map(depth).max() ?? 0) }
    #expect(entry.map { $0.arguments.map(depth).max() ?? 0 } == 16)
  }
}
