import Testing

@testable import RStateCore

@Suite struct ReplyFormatTests {
  func standard(_ reply: RESPValue, _ command: Command = Command("GET", "k")) -> String {
    String(decoding: ReplyFormat.render(reply, as: .standard, for: command), as: UTF8.self)
  }

  func raw(_ reply: RESPValue, _ command: Command = Command("GET", "k")) -> String {
    String(decoding: ReplyFormat.render(reply, as: .raw, for: command), as: UTF8.self)
  }

  static func bulk(_ text: String) -> RESPValue { .bulk(Array(text.utf8)) }

  @Test func scalarsOnATerminal() {
    #expect(standard(.status(Array("OK".utf8))) == "OK\n")
    #expect(standard(.integer(-2)) == "(integer) -2\n")
    #expect(standard(.null) == "(nil)\n")
    #expect(standard(Self.bulk("v v")) == "\"v v\"\n")
    #expect(standard(.error(Array("ERR nope ".utf8))) == "(error) ERR nope \n")
    #expect(standard(.array([])) == "(empty array)\n")
  }

  @Test func escapingMatchesSdscatrepr() {
    let bytes: [UInt8] =
      Array("a".utf8) + [0] + Array("b\n\"q\"\\ \t\r".utf8) + [7, 8, 0x1B, 0x7F]
      + Array(" é end".utf8) + [0x0C]
    #expect(
      standard(.bulk(bytes))
        == "\"a\\x00b\\n\\\"q\\\"\\\\ \\t\\r\\a\\b\\x1b\\x7f \\xc3\\xa9 end\\x0c\"\n")
  }

  @Test func nestedArraysAreNumberedAndIndentedLikeRedisCLI() {
    let reply = RESPValue.array([
      .integer(1), Self.bulk("two"),
      .array([.integer(3), .array([Self.bulk("four"), .integer(5)])]), .array([]), .null,
    ])
    #expect(
      standard(reply) == """
        1) (integer) 1
        2) "two"
        3) 1) (integer) 3
           2) 1) "four"
              2) (integer) 5
        4) (empty array)
        5) (nil)

        """)
  }

  @Test func indexWidthGrowsPastNine() {
    let eleven = RESPValue.array((1...11).map { .integer(Int64($0)) })
    let reply = RESPValue.array([eleven, .array([Self.bulk("x")])])
    let lines = standard(reply).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "1)  1) (integer) 1")
    #expect(lines[1] == "    2) (integer) 2")
    #expect(lines[10] == "   11) (integer) 11")
    #expect(lines[11] == "2) 1) \"x\"")
  }

  @Test func rawFlattensAndEndsEachReplyWithANewline() {
    let reply = RESPValue.array([
      .integer(1), Self.bulk("two"),
      .array([.integer(3), .array([Self.bulk("four"), .integer(5)])]),
      .array([]),
    ])
    #expect(raw(reply) == "1\ntwo\n3\nfour\n5\n\n")
    #expect(raw(.null) == "\n")
    #expect(raw(.error(Array("ERR x".utf8))) == "ERR x\n\n")
    #expect(raw(.array([])) == "\n")
  }

  @Test func infoIsPrintedVerbatimEvenOnATerminal() {
    let text = "# Server\r\nredis_version:7.0.15\r\n"
    #expect(standard(Self.bulk(text), Command("INFO")) == text)
    #expect(raw(Self.bulk(text), Command("info", "server")) == text)
    #expect(ReplyFormat.printsVerbatim(Command("CLIENT", "LIST")))
    #expect(ReplyFormat.printsVerbatim(Command("cluster", "nodes")))
    #expect(!ReplyFormat.printsVerbatim(Command("CLUSTER", "NODES", "extra")))
    #expect(!ReplyFormat.printsVerbatim(Command("GET", "info")))
  }
}
