/// How a reply is printed, as redis-cli does it: `standard` on a terminal, `raw` when piped,
/// or one of the modes its flags choose (`--csv`, `--json`, `--quoted-json`). A struct rather
/// than an enum so that `-d`/`-D` travel with raw mode and `format == .raw` keeps meaning
/// "raw with redis-cli's default delimiters".
public struct ReplyFormat: Sendable, Equatable {
  public enum Mode: Sendable, Equatable {
    case standard, raw, csv, json, quotedJSON
  }

  public var mode: Mode
  /// Between the elements of an aggregate in raw mode (redis-cli's `-d`).
  public var separator: [UInt8]
  /// After each reply in raw mode (redis-cli's `-D`).
  public var terminator: [UInt8]

  public init(_ mode: Mode, separator: [UInt8] = [0x0A], terminator: [UInt8] = [0x0A]) {
    self.mode = mode
    self.separator = separator
    self.terminator = terminator
  }

  public static let standard = ReplyFormat(.standard)
  public static let raw = ReplyFormat(.raw)
  public static let csv = ReplyFormat(.csv)
  public static let json = ReplyFormat(.json)
  public static let quotedJSON = ReplyFormat(.quotedJSON)

  /// Renders one reply exactly as redis-cli prints it for the command that produced it.
  public static func render(_ reply: RESPValue, as format: ReplyFormat, for command: Command)
    -> [UInt8]
  {
    var out: [UInt8] = []
    if printsVerbatim(command) {
      // Every mode, and no terminator: redis-cli prints these as they come.
      appendRaw(reply, separator: format.separator, to: &out)
      // On a terminal, escapes from a server (a hostile one) must not reach the terminal.
      return format.mode == .standard ? terminalSafe(out, keepingLineBreaks: true) : out
    }
    switch format.mode {
    case .standard:
      appendStandard(reply, prefix: [], to: &out)
    case .raw:
      appendRaw(reply, separator: format.separator, to: &out)
      out += format.terminator
    case .csv:
      appendCSV(reply, to: &out)
      out.append(newline)
    case .json, .quotedJSON:
      appendJSON(reply, quoted: format.mode == .quotedJSON, to: &out)
      out.append(newline)
    }
    return out
  }

  /// Commands whose replies redis-cli always prints as they are, even on a terminal.
  public static func printsVerbatim(_ command: Command) -> Bool {
    let count = command.arguments.count
    func sub(_ word: StaticString) -> Bool { command.argument(1, is: word) }
    if command.argument(0, is: "info") || command.argument(0, is: "lolwut") { return true }
    if command.argument(0, is: "debug") {
      return sub("htstats") || sub("htstats-key") || sub("client-eviction")
    }
    if command.argument(0, is: "memory") { return sub("doctor") || sub("malloc-stats") }
    if command.argument(0, is: "cluster") { return count == 2 && (sub("nodes") || sub("info")) }
    if command.argument(0, is: "client") { return sub("list") || sub("info") }
    if command.argument(0, is: "latency") {
      return (count == 3 && sub("graph")) || (count == 2 && sub("doctor"))
    }
    if command.argument(0, is: "proxy") { return sub("info") }
    return false
  }

  static let newline = UInt8(ascii: "\n")

  private static func appendStandard(_ reply: RESPValue, prefix: [UInt8], to out: inout [UInt8]) {
    switch reply {
    case .error(let message):
      out += Array("(error) ".utf8) + terminalSafe(cString(message))
      out.append(newline)
    case .status(let text):
      out += terminalSafe(cString(text))
      out.append(newline)
    case .integer(let value):
      out += Array("(integer) \(value)\n".utf8)
    case .bulk(let bytes):
      appendQuoted(bytes, to: &out)
      out.append(newline)
    case .null:
      out += Array("(nil)\n".utf8)
    case .double(let text):
      out += Array("(double) ".utf8) + terminalSafe(text)
      out.append(newline)
    case .boolean(let value):
      out += Array((value ? "(true)\n" : "(false)\n").utf8)
    case .bigNumber(let digits):
      // redis-cli 7 cannot print these ("Unknown reply type: 13" and exit 1); rstate shows
      // them as the fix proposed upstream (redis/redis#15764) does.
      out += Array("(big number) ".utf8) + terminalSafe(digits)
      out.append(newline)
    case .verbatim(_, let text):
      out += terminalSafe(text, keepingLineBreaks: true)
      out.append(newline)
    case .array(let elements):
      appendStandard(elements, marker: ")", empty: "(empty array)", prefix: prefix, to: &out)
    case .set(let elements):
      appendStandard(elements, marker: "~", empty: "(empty set)", prefix: prefix, to: &out)
    case .push(let elements):
      appendStandard(elements, marker: ")", empty: "(empty push)", prefix: prefix, to: &out)
    case .map(let pairs):
      guard !pairs.isEmpty else {
        out += Array("(empty hash)\n".utf8)
        return
      }
      let width = String(pairs.count).utf8.count
      let childPrefix = prefix + [UInt8](repeating: UInt8(ascii: " "), count: width + 2)
      for (offset, pair) in pairs.enumerated() {
        appendIndex(offset, width: width, marker: "#", prefix: prefix, to: &out)
        appendStandard(pair.key, prefix: childPrefix, to: &out)
        // The key's own line ends at " => ", and the value follows on it unless it spans lines.
        if out.last == newline { out.removeLast() }
        out += Array(" => ".utf8)
        if spansLines(pair.value) {
          out.append(newline)
          out += childPrefix
        }
        appendStandard(pair.value, prefix: childPrefix, to: &out)
      }
    }
  }

  private static func appendStandard(
    _ elements: [RESPValue], marker: Unicode.Scalar, empty: String, prefix: [UInt8],
    to out: inout [UInt8]
  ) {
    guard !elements.isEmpty else {
      out += Array(empty.utf8)
      out.append(newline)
      return
    }
    let width = String(elements.count).utf8.count
    let childPrefix = prefix + [UInt8](repeating: UInt8(ascii: " "), count: width + 2)
    for (offset, element) in elements.enumerated() {
      appendIndex(offset, width: width, marker: marker, prefix: prefix, to: &out)
      appendStandard(element, prefix: childPrefix, to: &out)
    }
  }

  /// `  3) `: the 1-based index right-aligned to the widest, then the aggregate's marker.
  /// The first entry follows the parent's index on the same line, so it gets no indent.
  private static func appendIndex(
    _ offset: Int, width: Int, marker: Unicode.Scalar, prefix: [UInt8], to out: inout [UInt8]
  ) {
    if offset > 0 { out += prefix }
    let index = String(offset + 1)
    out += [UInt8](repeating: UInt8(ascii: " "), count: width - index.utf8.count)
    out += Array(index.utf8)
    out += [UInt8(marker.value), UInt8(ascii: " ")]
  }

  /// Whether redis-cli prints a map value on lines of its own after `=>`.
  private static func spansLines(_ reply: RESPValue) -> Bool {
    switch reply {
    case .array(let elements), .set(let elements), .push(let elements):
      return elements.count > 1 || elements.first.map(spansLines) == true
    case .map(let pairs):
      return pairs.count > 1 || pairs.first.map { spansLines($0.value) } == true
    default:
      return false
    }
  }

  private static func appendRaw(_ reply: RESPValue, separator: [UInt8], to out: inout [UInt8]) {
    switch reply {
    case .null:
      break
    case .error(let message):
      out += message
      out.append(newline)
    case .status(let bytes), .bulk(let bytes), .double(let bytes), .bigNumber(let bytes),
      .verbatim(_, let bytes):
      out += bytes
    case .integer(let value):
      out += Array(String(value).utf8)
    case .boolean(let value):
      out += Array((value ? "(true)" : "(false)").utf8)
    case .array(let elements), .set(let elements), .push(let elements):
      for (offset, element) in elements.enumerated() {
        if offset > 0 { out += separator }
        appendRaw(element, separator: separator, to: &out)
      }
    case .map(let pairs):
      for (offset, pair) in pairs.enumerated() {
        if offset > 0 { out += separator }
        appendRaw(pair.key, separator: separator, to: &out)
        out.append(UInt8(ascii: " "))
        appendRaw(pair.value, separator: separator, to: &out)
      }
    }
  }

  /// Text for a terminal with control bytes escaped as redis-cli escapes them in strings
  /// (`\x1b`, `\n`) and valid UTF-8 kept. redis-cli prints status and error replies as they
  /// come; a server's own never hold control bytes, so only text that would drive the
  /// terminal (colours, cursor moves, a changed window title) differs. C1 controls and bytes
  /// that are not UTF-8 are escaped too, as some terminals read them as controls.
  public static func terminalSafe(
    _ bytes: some Collection<UInt8>, keepingLineBreaks: Bool = false
  ) -> [UInt8] {
    let text = Array(bytes)
    var out: [UInt8] = []
    out.reserveCapacity(text.count)
    var index = 0
    func escape(_ byte: UInt8) {
      let hex = Array("0123456789abcdef".utf8)
      switch byte {
      case 0x0A: out += Array(#"\n"#.utf8)
      case 0x0D: out += Array(#"\r"#.utf8)
      case 0x09: out += Array(#"\t"#.utf8)
      case 0x07: out += Array(#"\a"#.utf8)
      case 0x08: out += Array(#"\b"#.utf8)
      default:
        out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
      }
    }
    while index < text.count {
      let byte = text[index]
      if byte >= 0x20 && byte < 0x7F
        || keepingLineBreaks && (byte == 0x0A || byte == 0x0D || byte == 0x09)
      {
        out.append(byte)
        index += 1
      } else if byte < 0x80 {
        escape(byte)
        index += 1
      } else if let length = utf8SequenceLength(text, at: index),
        !(byte == 0xC2 && text[index + 1] < 0xA0)  // U+0080…U+009F: C1 controls
      {
        out += text[index..<(index + length)]
        index += length
      } else {
        escape(byte)
        index += 1
      }
    }
    return out
  }

  /// The length of the valid UTF-8 sequence starting at `index`, or nil.
  private static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int? {
    let lead = bytes[index]
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: (length, low) = (3, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: (length, high) = (3, 0x9F)
    case 0xF0: (length, low) = (4, 0x90)
    case 0xF1...0xF3: length = 4
    case 0xF4: (length, high) = (4, 0x8F)
    default: return nil
    }
    guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else {
      return nil
    }
    for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + offset]) {
      return nil
    }
    return length
  }

  /// redis-cli prints status and error text with `%s`, so it stops at a NUL byte.
  static func cString(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
    bytes.prefix { $0 != 0 }
  }

  /// Quotes bytes as redis-cli does (`sdscatrepr`): `"` … `"`, named escapes for
  /// `\\ \" \n \r \t \a \b`, and `\xHH` for every other byte outside printable ASCII.
  public static func appendQuoted(_ bytes: [UInt8], to out: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    out.append(UInt8(ascii: "\""))
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\\"), UInt8(ascii: "\""):
        out += [UInt8(ascii: "\\"), byte]
      case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0x07: out += [UInt8(ascii: "\\"), UInt8(ascii: "a")]
      case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
      case 0x20...0x7E: out.append(byte)
      default:
        out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  public static func quoted(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    appendQuoted(bytes, to: &out)
    return String(decoding: out, as: UTF8.self)
  }
}
