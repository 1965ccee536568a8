import Testing

@testable import RStateCore

/// redis-cli 7's --csv, --json, --quoted-json and -d/-D, over every kind of reply. Expected
/// texts are redis-cli 7.0.15's (its DEBUG PROTOCOL output, and its formatter's rules for
/// shapes a server rarely sends); the integration tests compare the RESP2 ones with the real
/// redis-cli.
@Suite struct ReplyModesTests {
  static func bulk(_ text: String) -> RESPValue { .bulk(Array(text.utf8)) }

  /// NUL, quote, backslash, tab, newline, UTF-8, 0xff and DEL.
  static let awkward: [UInt8] =
    [0x61, 0x00, 0x62, 0x22, 0x5C, 0x09, 0x0A, 0x0C] + Array("é".utf8) + [0xFF, 0x7F, 0x1B]

  /// One of each case of RESPValue, nested ones included.
  static let everyCase: [RESPValue] = [
    .status(Array("OK".utf8)), .error(Array("ERR no".utf8)), .integer(-7), .bulk(awkward),
    .null, .array([.integer(1), .array([bulk("x"), .null])]), .double(Array("3.141".utf8)),
    .boolean(true), .bigNumber(Array("3492890328409238509324850943850943825024385".utf8)),
    .verbatim(format: Array("txt".utf8), text: Array("Some\nstring".utf8)),
    .map([RESPPair(key: bulk("f"), value: .integer(1))]), .set([bulk("m")]),
    .push([bulk("invalidate"), .array([bulk("k")])]), .array([]), .map([]), .set([]),
  ]

  func render(_ reply: RESPValue, _ format: ReplyFormat, _ command: Command = Command("GET", "k"))
    -> [UInt8]
  {
    ReplyFormat.render(reply, as: format, for: command)
  }

  func text(_ reply: RESPValue, _ format: ReplyFormat) -> String {
    String(decoding: render(reply, format), as: UTF8.self)
  }

  @Test func csvOfEveryCase() {
    let expected = [
      #""OK""#, #"ERROR,"ERR no""#, "-7", #""a\x00b\"\\\t\n\x0c\xc3\xa9\xff\x7f\x1b""#, "NULL",
      #"1,"x",NULL"#, "3.141", "true", "3492890328409238509324850943850943825024385",
      #""Some\nstring""#, #""f",1"#, #""m""#, #""invalidate","k""#, "", "", "",
    ]
    #expect(Self.everyCase.map { text($0, .csv) } == expected.map { $0 + "\n" })
  }

  @Test func jsonOfEveryCase() {
    let expected: [[UInt8]] = [
      Array(#""OK""#.utf8), Array(#"error:"ERR no""#.utf8), Array("-7".utf8),
      // escapeJsonString: \u00XX below 0x20 but the named ones; 0x7F and up as they are.
      Array(#""a\u0000b\"\\\t\n\f"#.utf8) + Array("é".utf8) + [0xFF, 0x7F]
        + Array(#"\u001b""#.utf8),
      Array("null".utf8), Array(#"[1,["x",null]]"#.utf8), Array("3.141".utf8),
      Array("true".utf8), Array("3492890328409238509324850943850943825024385".utf8),
      Array(#""Some\nstring""#.utf8), Array(#"{"f":1}"#.utf8), Array(#"["m"]"#.utf8),
      Array(#"["invalidate",["k"]]"#.utf8), Array("[]".utf8), Array("{}".utf8),
      Array("[]".utf8),
    ]
    #expect(Self.everyCase.map { render($0, .json) } == expected.map { $0 + [0x0A] })
  }

  @Test func quotedJSONOfEveryCase() {
    let expected = [
      #""OK""#, #"error:"ERR no""#, "-7",
      #""a\\x00b\\\"\\\\\\t\\n\\x0c\\xc3\\xa9\\xff\\x7f\\x1b""#, "null", #"[1,["x",null]]"#,
      "3.141", "true", "3492890328409238509324850943850943825024385", #""Some\\nstring""#,
      #"{"f":1}"#, #"["m"]"#, #"["invalidate",["k"]]"#, "[]", "{}", "[]",
    ]
    #expect(Self.everyCase.map { text($0, .quotedJSON) } == expected.map { $0 + "\n" })
  }

  /// redis-cli 7 writes an embedded quote as `\\"`, which ends the JSON string; rstate's
  /// output stays JSON, and a JSON reader gets the terminal's escaped text (`a\"b`).
  @Test func quotedJSONKeepsAnEmbeddedQuoteInsideTheString() {
    #expect(text(Self.bulk("a\"b"), .quotedJSON) == #""a\\\"b""# + "\n")
    #expect(text(Self.bulk("héllo"), .quotedJSON) == #""h\\xc3\\xa9llo""# + "\n")
  }

  @Test func rawWithDelimiters() {
    let format = ReplyFormat(.raw, separator: Array(",".utf8), terminator: Array("|".utf8))
    let nested = RESPValue.array([Self.bulk("a"), .array([Self.bulk("b"), Self.bulk("c")])])
    #expect(text(nested, format) == "a,b,c|")
    #expect(text(.array([]), format) == "|")
    #expect(text(.null, format) == "|")
    #expect(text(.error(Array("ERR x".utf8)), format) == "ERR x\n|")
    let map = RESPValue.map([
      RESPPair(key: Self.bulk("f1"), value: Self.bulk("v1")),
      RESPPair(key: Self.bulk("f2"), value: .integer(2)),
    ])
    #expect(text(map, format) == "f1 v1,f2 2|")
    #expect(text(.boolean(false), format) == "(false)|")
    #expect(text(.double(Array("inf".utf8)), ReplyFormat(.raw, terminator: [])) == "inf")
    #expect(format != .raw && ReplyFormat(.raw) == .raw)
  }

  /// DEBUG PROTOCOL map, as redis-cli 7.0.15 prints it with -3.
  @Test func mapKeysThatAreNotStringsAreQuotedInJSON() {
    let map = RESPValue.map([
      RESPPair(key: .integer(0), value: .boolean(false)),
      RESPPair(key: .integer(1), value: .boolean(true)),
    ])
    #expect(text(map, .json) == #"{"0":false,"1":true}"# + "\n")
    #expect(text(map, .csv) == "0,false,1,true\n")
    #expect(text(map, ReplyFormat(.raw)) == "0 (false)\n1 (true)\n")
    let odd = RESPValue.map([
      RESPPair(key: .null, value: .integer(1)), RESPPair(key: .boolean(true), value: .integer(2)),
      RESPPair(key: .double(Array("1.5".utf8)), value: .integer(3)),
      RESPPair(key: .array([.integer(1)]), value: .integer(4)),
      RESPPair(key: .error(Array("E".utf8)), value: .integer(5)),
      RESPPair(key: .status(Array("s".utf8)), value: .integer(6)),
    ])
    #expect(
      text(odd, .json) == #"{"null":1,"true":2,"1.5":3,"[1]":4,error:"E":5,"s":6}"# + "\n")
  }

  /// Error text stops at a NUL, as redis-cli reads it with strlen.
  @Test func errorTextEndsAtANul() {
    let error = RESPValue.error(Array("ERR a".utf8) + [0] + Array("b".utf8))
    #expect(text(error, .csv) == #"ERROR,"ERR a""# + "\n")
    #expect(text(error, .json) == #"error:"ERR a""# + "\n")
  }

  /// INFO, CLIENT LIST … print as they are in every mode, with no -D after them.
  @Test func verbatimCommandsPrintRawInEveryMode() {
    let info = Self.bulk("# Server\r\nredis_version:7.0.15\r\n")
    let delimited = ReplyFormat(.raw, separator: Array(",".utf8), terminator: Array("|".utf8))
    for format in [ReplyFormat.csv, .json, .quotedJSON, delimited, .raw] {
      #expect(render(info, format, Command("INFO")) == info.bytes, "\(format.mode)")
      #expect(render(info, format, Command("client", "list")) == info.bytes, "\(format.mode)")
    }
  }

  /// Every mode prints every case, and ends the reply as redis-cli does.
  @Test func everyModeEndsEveryReply() {
    for reply in Self.everyCase {
      for format in [ReplyFormat.standard, .raw, .csv, .json, .quotedJSON] {
        #expect(render(reply, format).last == 0x0A, "\(reply) \(format.mode)")
      }
    }
  }
}
