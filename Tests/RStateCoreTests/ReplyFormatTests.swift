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

  /// redis-cli prints status and error text as it comes; escapes in it would drive the
  /// terminal (colours, cursor, title), so there they are escaped as in strings. Text a real
  /// server sends is unchanged, UTF-8 included.
  @Test func controlBytesInStatusAndErrorRepliesAreEscapedOnATerminal() {
    let hostile = Array("ERR \u{1B}]0;owned\u{07}\u{1B}[31mred\r\n".utf8)
    #expect(standard(.error(hostile)) == #"(error) ERR \x1b]0;owned\a\x1b[31mred\r\n"# + "\n")
    #expect(standard(.status(hostile)) == #"ERR \x1b]0;owned\a\x1b[31mred\r\n"# + "\n")
    #expect(raw(.error(hostile)) == String(decoding: hostile, as: UTF8.self) + "\n\n")
    #expect(
      standard(.status(Array("Rosé ✓ 'quoted' \\ \"x\"".utf8))) == "Rosé ✓ 'quoted' \\ \"x\"\n")
    // C1 controls (U+009B is CSI on some terminals) and bytes that are not UTF-8.
    #expect(
      standard(.status([0x41, 0xC2, 0x9B, 0x42, 0xFF, 0xE2, 0x82])) == #"A\xc2\x9bB\xff\xe2\x82"#
        + "\n")
    #expect(standard(.array([.status([0x1B])])) == #"1) \x1b"# + "\n")
  }

  @Test func verbatimRepliesKeepTheirLinesButNotTheirEscapesOnATerminal() {
    let info = Array("# Server\r\nredis_version:\u{1B}[2J7.0\r\n\tx\r\n".utf8)
    #expect(
      standard(.bulk(info), Command("INFO"))
        == "# Server\r\nredis_version:\\x1b[2J7.0\r\n\tx\r\n")
    #expect(raw(.bulk(info), Command("INFO")) == String(decoding: info, as: UTF8.self))
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
