/// How a reply is printed, as redis-cli does it: `standard` on a terminal, `raw` when piped.
public enum ReplyFormat: Sendable, Equatable {
  case standard
  case raw

  /// Renders one reply exactly as redis-cli prints it for the command that produced it.
  public static func render(_ reply: RESPValue, as format: ReplyFormat, for command: Command)
    -> [UInt8]
  {
    var out: [UInt8] = []
    if printsVerbatim(command) {
      appendRaw(reply, to: &out)
      return out
    }
    switch format {
    case .standard:
      appendStandard(reply, prefix: [], to: &out)
    case .raw:
      appendRaw(reply, to: &out)
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

  private static let newline = UInt8(ascii: "\n")

  private static func appendStandard(_ reply: RESPValue, prefix: [UInt8], to out: inout [UInt8]) {
    switch reply {
    case .error(let message):
      out += Array("(error) ".utf8) + cString(message)
      out.append(newline)
    case .status(let text):
      out += cString(text)
      out.append(newline)
    case .integer(let value):
      out += Array("(integer) \(value)\n".utf8)
    case .bulk(let bytes):
      appendQuoted(bytes, to: &out)
      out.append(newline)
    case .null:
      out += Array("(nil)\n".utf8)
    case .array(let elements):
      guard !elements.isEmpty else {
        out += Array("(empty array)\n".utf8)
        return
      }
      let width = String(elements.count).utf8.count
      let childPrefix = prefix + [UInt8](repeating: UInt8(ascii: " "), count: width + 2)
      for (offset, element) in elements.enumerated() {
        // The first element follows the parent's index on the same line.
        if offset > 0 { out += prefix }
        let index = String(offset + 1)
        out += [UInt8](repeating: UInt8(ascii: " "), count: width - index.utf8.count)
        out += Array(index.utf8) + Array(") ".utf8)
        appendStandard(element, prefix: childPrefix, to: &out)
      }
    }
  }

  private static func appendRaw(_ reply: RESPValue, to out: inout [UInt8]) {
    switch reply {
    case .null:
      break
    case .error(let message):
      out += message
      out.append(newline)
    case .status(let bytes), .bulk(let bytes):
      out += bytes
    case .integer(let value):
      out += Array(String(value).utf8)
    case .array(let elements):
      for (offset, element) in elements.enumerated() {
        if offset > 0 { out.append(newline) }
        appendRaw(element, to: &out)
      }
    }
  }

  /// redis-cli prints status and error text with `%s`, so it stops at a NUL byte.
  private static func cString(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
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
