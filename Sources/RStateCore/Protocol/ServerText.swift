/// Text a server sent, made safe to show on a terminal: control characters (ESC, CR, LF, BEL,
/// DEL and the C1 controls) become `\xHH` escapes as redis-cli writes them, so a reply cannot
/// move the cursor, retitle the window or hide what is printed. Printable text, UTF-8
/// included, stays as it is.
public enum ServerText {
  public static func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        for byte in String(scalar).utf8 { out += escaped(byte) }
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Bytes as text (invalid UTF-8 repaired), escaped as `printable(_:)` escapes, cut after
  /// `limit` bytes with `…` when longer.
  public static func printable(_ bytes: [UInt8], limit: Int = .max) -> String {
    let shown = bytes.count > limit ? Array(bytes.prefix(limit)) : bytes
    return printable(String(decoding: shown, as: UTF8.self)) + (bytes.count > limit ? "…" : "")
  }

  /// Text of several lines (INFO): escaped as `printable(_:)` escapes, but LF, tab and a CR
  /// before LF stay.
  public static func printableLines(_ bytes: [UInt8]) -> String {
    bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
      let cr = line.last == 0x0D
      return String(decoding: cr ? line.dropLast() : line[...], as: UTF8.self)
        .split(separator: "\t", omittingEmptySubsequences: false)
        .map { printable(String($0)) }.joined(separator: "\t") + (cr ? "\r" : "")
    }.joined(separator: "\n")
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  private static func escaped(_ byte: UInt8) -> String {
    let hex = Array("0123456789abcdef")
    return "\\x\(hex[Int(byte >> 4)])\(hex[Int(byte & 0x0F)])"
  }
}

extension RESPValue: CustomStringConvertible {
  /// A short description for messages: the kind of reply and the start of its text, escaped
  /// (`status "PONG"`, `a string of 70000 bytes "abc…"`, `an array of 3 elements`).
  public var description: String {
    func quoted(_ bytes: [UInt8]) -> String {
      var out: [UInt8] = []
      ReplyFormat.appendQuoted(Array(bytes.prefix(80)), to: &out)
      return String(decoding: out, as: UTF8.self) + (bytes.count > 80 ? "…" : "")
    }
    switch self {
    case .status(let bytes): return "status \(quoted(bytes))"
    case .error(let bytes): return "error \(quoted(bytes))"
    case .integer(let value): return "integer \(value)"
    case .bulk(let bytes):
      return bytes.count > 80
        ? "a string of \(bytes.count) bytes \(quoted(bytes))" : "string \(quoted(bytes))"
    case .null: return "nil"
    case .array(let elements): return Self.counted(elements.count, "an array", "element")
    case .double(let text): return "double \(quoted(text))"
    case .boolean(let value): return "boolean \(value)"
    case .bigNumber(let digits): return "big number \(quoted(digits))"
    case .verbatim(_, let text): return "verbatim \(quoted(text))"
    case .map(let pairs): return Self.counted(pairs.count, "a map", "pair")
    case .set(let elements): return Self.counted(elements.count, "a set", "element")
    case .push(let elements): return Self.counted(elements.count, "a push message", "element")
    }
  }

  private static func counted(_ count: Int, _ kind: String, _ noun: String) -> String {
    "\(kind) of \(count) \(noun)\(count == 1 ? "" : "s")"
  }
}
