/// One assignment read from a `.env` file.
public struct DotEnvEntry: Sendable, Equatable {
  public var name: String
  public var value: String
  public var line: Int
}

/// Parses `.env` files the way the apps' loaders (python-dotenv, dotenv for Node) do:
/// `#` comments, `export NAME=…`, single quotes (literal), double quotes (escapes, may span
/// lines), unquoted values with ` #` comments, and `${NAME}` / `${NAME:-default}` expansion.
/// Nothing is executed.
public enum DotEnv {
  public static func parse(
    _ text: String, path: String, environment: [String: String] = [:]
  ) throws(RStateError) -> [DotEnvEntry] {
    var parser = Parser(bytes: Array(text.utf8), path: path, environment: environment)
    return try parser.parseAll()
  }

  private struct Parser {
    let bytes: [UInt8]
    let path: String
    let environment: [String: String]
    var index = 0
    var line = 1
    var lineStart = 0
    var defined: [String: String] = [:]

    init(bytes: [UInt8], path: String, environment: [String: String]) {
      self.bytes = bytes
      self.path = path
      self.environment = environment
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func fail(_ reason: String, line: Int? = nil, at position: Int? = nil) -> RStateError {
      let column = (position ?? index) - lineStart + 1
      return .settingsFile(path: path, line: line ?? self.line, column: column, reason: reason)
    }

    mutating func advance() {
      if bytes[index] == UInt8(ascii: "\n") {
        line += 1
        lineStart = index + 1
      }
      index += 1
    }

    mutating func skipBlanks() {
      while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
        index += 1
      }
    }

    mutating func skipToNextLine() {
      while let byte = current, byte != UInt8(ascii: "\n") { index += 1 }
      if current != nil { advance() }
    }

    mutating func parseAll() throws(RStateError) -> [DotEnvEntry] {
      var entries: [DotEnvEntry] = []
      while current != nil {
        skipBlanks()
        guard let byte = current else { break }
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "#") {
          skipToNextLine()
          continue
        }
        if let entry = try parseAssignment() { entries.append(entry) }
      }
      return entries
    }

    mutating func parseName() -> String {
      let start = index
      while let byte = current, isNameByte(byte) { index += 1 }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func parseAssignment() throws(RStateError) -> DotEnvEntry? {
      let entryLine = line
      var name = parseName()
      if name == "export", let byte = current,
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
      {
        skipBlanks()
        name = parseName()
      }
      guard !name.isEmpty, let first = name.utf8.first, !isDigit(first) else {
        throw fail("expected NAME=value")
      }
      skipBlanks()
      guard current == UInt8(ascii: "=") else {
        if current == nil || current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") {
          skipToNextLine()  // a bare NAME declares nothing, as in python-dotenv
          return nil
        }
        throw fail("expected '=' after \(name)")
      }
      index += 1
      skipBlanks()
      let value: String
      switch current {
      case UInt8(ascii: "'"):
        value = try parseQuoted(quote: UInt8(ascii: "'"), openedAt: index, line: line)
      case UInt8(ascii: "\""):
        value = try expand(
          try parseQuoted(quote: UInt8(ascii: "\""), openedAt: index, line: line), of: name)
      default:
        value = try expand(parseUnquoted(), of: name)
      }
      try finishLine()
      defined[name] = value
      return DotEnvEntry(name: name, value: value, line: entryLine)
    }

    mutating func parseUnquoted() -> String {
      let start = index
      var end = index
      while let byte = current, byte != UInt8(ascii: "\n") {
        if byte == UInt8(ascii: "#"), index > start,
          bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == UInt8(ascii: "\t")
        {
          break
        }
        index += 1
        if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") {
          end = index
        }
      }
      return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    mutating func parseQuoted(quote: UInt8, openedAt: Int, line openLine: Int) throws(RStateError)
      -> String
    {
      let openColumnStart = lineStart
      index += 1
      var out: [UInt8] = []
      while let byte = current {
        if byte == quote {
          index += 1
          return String(decoding: out, as: UTF8.self)
        }
        if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
          let next = bytes[index + 1]
          if quote == UInt8(ascii: "'") {
            // Single quotes keep everything literal except an escaped quote or backslash.
            if next == quote || next == UInt8(ascii: "\\") {
              out.append(next)
              index += 2
              continue
            }
          } else {
            let escaped: UInt8? =
              switch next {
              case UInt8(ascii: "n"): UInt8(ascii: "\n")
              case UInt8(ascii: "r"): UInt8(ascii: "\r")
              case UInt8(ascii: "t"): UInt8(ascii: "\t")
              case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "$"):
                next
              default: nil
              }
            if let escaped {
              out.append(escaped)
              index += 2
              continue
            }
          }
        }
        out.append(byte)
        advance()
      }
      let column = openedAt - openColumnStart + 1
      throw .settingsFile(
        path: path, line: openLine, column: column,
        reason: "the quote opened here is never closed")
    }

    mutating func finishLine() throws(RStateError) {
      skipBlanks()
      if current == UInt8(ascii: "\r") { index += 1 }
      guard let byte = current, byte != UInt8(ascii: "\n") else {
        if current != nil { advance() }
        return
      }
      if byte == UInt8(ascii: "#") {
        skipToNextLine()
        return
      }
      throw fail("unexpected text after the closing quote")
    }

    /// The longest value `${…}` expansion may make: each line can double the one before, so
    /// a 500-byte file could otherwise ask for gigabytes.
    static let longestExpandedValue = 64 << 10

    /// `${NAME}` and `${NAME:-default}`: the process environment first, then earlier lines.
    func expand(_ value: String, of variable: String) throws(RStateError) -> String {
      guard value.contains("${") else { return value }
      var result = ""
      var rest = Substring(value)
      while let open = rest.firstRange(of: "${") {
        guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
        result += rest[..<open.lowerBound]
        let body = rest[open.upperBound..<close]
        var name = Substring(body)
        var fallback: Substring = ""
        if let marker = body.firstRange(of: ":-") {
          name = body[..<marker.lowerBound]
          fallback = body[marker.upperBound...]
        }
        let found = environment[String(name)] ?? defined[String(name)]
        let piece = found?.isEmpty == false ? found! : String(fallback)
        guard result.utf8.count + piece.utf8.count <= Self.longestExpandedValue else {
          throw fail(
            "\(variable) grows past \(Self.longestExpandedValue >> 10) KiB when ${…} is expanded")
        }
        result += piece
        rest = rest[rest.index(after: close)...]
      }
      return result + rest
    }
  }
}

private func isDigit(_ byte: UInt8) -> Bool {
  (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
}

private func isNameByte(_ byte: UInt8) -> Bool {
  isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
}
