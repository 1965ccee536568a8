/// redis-cli 7's `--json` and `--quoted-json` (`cliFormatReplyJson`): one line per reply.
/// Byte for byte as redis-cli prints it, including what is not strict JSON: an error reply is
/// `error:"…"`, doubles keep their wire text (`inf`, `nan`), and `--json` passes bytes from
/// 0x7F up through as they are (so a reply that is not UTF-8 stays so). One difference:
/// `--quoted-json` writes an embedded `"` so that the string stays valid JSON (redis-cli 7
/// writes `\\"`, which ends the string early).
extension ReplyFormat {
  static func appendJSON(_ reply: RESPValue, quoted: Bool, to out: inout [UInt8]) {
    switch reply {
    case .error(let message):
      out += Array("error:".utf8)
      appendJSONString(Array(cString(message)), quoted: quoted, to: &out)
    case .status(let bytes), .bulk(let bytes), .verbatim(_, let bytes):
      appendJSONString(bytes, quoted: quoted, to: &out)
    case .integer(let value):
      out += Array(String(value).utf8)
    case .double(let text), .bigNumber(let text):
      // Big numbers end redis-cli 7 ("Unknown reply type: 13"); their digits are a JSON number.
      out += text
    case .null:
      out += Array("null".utf8)
    case .boolean(let value):
      out += Array((value ? "true" : "false").utf8)
    case .array(let elements), .set(let elements), .push(let elements):
      out.append(UInt8(ascii: "["))
      for (offset, element) in elements.enumerated() {
        if offset > 0 { out.append(UInt8(ascii: ",")) }
        appendJSON(element, quoted: quoted, to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .map(let pairs):
      out.append(UInt8(ascii: "{"))
      for (offset, pair) in pairs.enumerated() {
        if offset > 0 { out.append(UInt8(ascii: ",")) }
        appendJSONKey(pair.key, quoted: quoted, to: &out)
        out.append(UInt8(ascii: ":"))
        appendJSON(pair.value, quoted: quoted, to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  /// JSON keys are strings; RESP3 keys may be anything. As redis-cli: a key that is not a
  /// string is formatted, then put in quotes unless its text already starts with one.
  private static func appendJSONKey(_ key: RESPValue, quoted: Bool, to out: inout [UInt8]) {
    switch key {
    case .error, .status, .bulk, .verbatim:
      appendJSON(key, quoted: quoted, to: &out)
    default:
      var text: [UInt8] = []
      appendJSON(key, quoted: quoted, to: &text)
      if text.first == UInt8(ascii: "\"") {
        out += text
      } else {
        out.append(UInt8(ascii: "\""))
        out += text
        out.append(UInt8(ascii: "\""))
      }
    }
  }

  private static func appendJSONString(_ bytes: [UInt8], quoted: Bool, to out: inout [UInt8]) {
    quoted ? appendQuotedJSONString(bytes, to: &out) : appendJSONEscaped(bytes, to: &out)
  }

  /// `--json` (redis-cli's `escapeJsonString`): `\\ \" \n \f \r \t \b`, `\u00XX` for other
  /// bytes below 0x20, every other byte as it is.
  private static func appendJSONEscaped(_ bytes: [UInt8], to out: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    let backslash = UInt8(ascii: "\\")
    out.append(UInt8(ascii: "\""))
    for byte in bytes {
      switch byte {
      case backslash, UInt8(ascii: "\""): out += [backslash, byte]
      case 0x0A: out += [backslash, UInt8(ascii: "n")]
      case 0x0C: out += [backslash, UInt8(ascii: "f")]
      case 0x0D: out += [backslash, UInt8(ascii: "r")]
      case 0x09: out += [backslash, UInt8(ascii: "t")]
      case 0x08: out += [backslash, UInt8(ascii: "b")]
      case 0x00...0x1F:
        out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// `--quoted-json`: the string quoted as on a terminal (`"h\xc3\xa9"`), then put in JSON,
  /// so a JSON reader gets redis-cli's escaped text back, in ASCII.
  private static func appendQuotedJSONString(_ bytes: [UInt8], to out: inout [UInt8]) {
    var text: [UInt8] = []
    appendQuoted(bytes, to: &text)
    let backslash = UInt8(ascii: "\\")
    out.append(UInt8(ascii: "\""))
    for byte in text.dropFirst().dropLast() {
      switch byte {
      case backslash: out += [backslash, backslash]
      // Only ever after a backslash here: `\"` becomes `\\\"`, where redis-cli 7 writes `\\"`.
      case UInt8(ascii: "\""): out += [backslash, byte]
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
