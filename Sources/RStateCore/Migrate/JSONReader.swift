/// A JSON value as read from a file, with strings kept as their UTF-8 bytes: record files
/// carry arbitrary bytes, and building Strings for a million records would dominate a load.
public indirect enum ParsedJSON: Sendable, Equatable {
  case string([UInt8])
  /// A number as written, so integers above 2^53 and exact decimals survive.
  case number([UInt8])
  case bool(Bool)
  case null
  case array([ParsedJSON])
  case object([(key: [UInt8], value: ParsedJSON)])

  public static func == (lhs: ParsedJSON, rhs: ParsedJSON) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)), (.number(let a), .number(let b)): return a == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.null, .null): return true
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  public subscript(member: String) -> ParsedJSON? {
    guard case .object(let members) = self else { return nil }
    let name = Array(member.utf8)
    return members.first { $0.key == name }?.value
  }

  public var int64: Int64? {
    guard case .number(let text) = self else { return nil }
    return Int64(String(decoding: text, as: UTF8.self))
  }

  public var text: String? {
    guard case .string(let bytes) = self else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The value written back as compact JSON (for storing a snapshot's state as a string).
  public func serialized() -> [UInt8] {
    var out: [UInt8] = []
    write(to: &out)
    return out
  }

  private func write(to out: inout [UInt8]) {
    switch self {
    case .string(let bytes): Self.writeString(bytes, to: &out)
    case .number(let text): out += text
    case .bool(let value): out += Array((value ? "true" : "false").utf8)
    case .null: out += Array("null".utf8)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        item.write(to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        Self.writeString(member.key, to: &out)
        out.append(UInt8(ascii: ":"))
        member.value.write(to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  private static func writeString(_ bytes: [UInt8], to out: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    out.append(UInt8(ascii: "\""))
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
      case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0..<0x20:
        out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}

/// Where JSON stopped making sense: a byte offset into the text, and why.
public struct JSONSyntaxError: Error, Sendable, Equatable {
  public var offset: Int
  public var reason: String
}

/// A strict JSON parser (RFC 8259) over bytes, without Foundation.
public enum JSONReader {
  public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> ParsedJSON {
    try parse(bytes[...])
  }

  /// Parses a slice; error offsets count from the slice's start.
  public static func parse(_ bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> ParsedJSON {
    try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
      var parser = Parser(bytes: buffer, position: 0)
      parser.skipSpace()
      let value = try parser.value(depth: 0)
      parser.skipSpace()
      if parser.position != buffer.count {
        throw JSONSyntaxError(offset: parser.position, reason: "unexpected text after the value")
      }
      return value
    }
  }

  /// 1-based line and column of a byte offset, for error messages.
  public static func lineAndColumn(of offset: Int, in bytes: some Sequence<UInt8>) -> (
    line: Int, column: Int
  ) {
    var line = 1
    var column = 1
    for byte in bytes.prefix(offset) {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }

  struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    static let maximumDepth = 512

    /// The span of a string without escapes (the quote at `position`), or nil to use
    /// `string()`; used to match member names without allocating.
    mutating func plainString() -> Range<Int>? {
      var end = position + 1
      while end < bytes.count {
        let byte = bytes[end]
        if byte == UInt8(ascii: "\"") {
          let span = (position + 1)..<end
          position = end + 1
          return span
        }
        if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
        end += 1
      }
      return nil
    }

    /// A plain integer (no fraction or exponent) read in place; nil leaves the position
    /// alone for `value()` to read whatever is there.
    mutating func integer() -> Int64? {
      var index = position
      let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
      if negative { index += 1 }
      var value: Int64 = 0
      let start = index
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - start < 18 {
        value = value * 10 + Int64(bytes[index] - 0x30)
        index += 1
      }
      guard index > start, index == start + 1 || bytes[start] != 0x30 else { return nil }
      if index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), 0x30...0x39: return nil
        default: break
        }
      }
      position = index
      return negative ? -value : value
    }

    func equals(_ span: Range<Int>, _ word: StaticString) -> Bool {
      guard span.count == word.utf8CodeUnitCount else { return false }
      for index in 0..<span.count where bytes[span.lowerBound + index] != word.utf8Start[index] {
        return false
      }
      return true
    }

    mutating func skipSpace() {
      while position < bytes.count {
        switch bytes[position] {
        case 0x20, 0x0A, 0x0D, 0x09: position += 1
        default: return
        }
      }
    }

    func fail(_ reason: String) -> JSONSyntaxError {
      JSONSyntaxError(offset: position, reason: reason)
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> ParsedJSON {
      guard position < bytes.count else { throw fail("unexpected end of input") }
      guard depth < Self.maximumDepth else { throw fail("nested too deeply") }
      switch bytes[position] {
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "{"):
        position += 1
        var members: [(key: [UInt8], value: ParsedJSON)] = []
        skipSpace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
          position += 1
          return .object(members)
        }
        while true {
          skipSpace()
          guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw fail("expected a member name in double quotes")
          }
          let key = try string()
          skipSpace()
          guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
            throw fail("expected ':' after a member name")
          }
          position += 1
          skipSpace()
          members.append((key, try value(depth: depth + 1)))
          skipSpace()
          guard position < bytes.count else { throw fail("unexpected end of input in an object") }
          if bytes[position] == UInt8(ascii: ",") {
            position += 1
          } else if bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
          } else {
            throw fail("expected ',' or '}' in an object")
          }
        }
      case UInt8(ascii: "["):
        position += 1
        var items: [ParsedJSON] = []
        skipSpace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
          position += 1
          return .array(items)
        }
        while true {
          skipSpace()
          items.append(try value(depth: depth + 1))
          skipSpace()
          guard position < bytes.count else { throw fail("unexpected end of input in an array") }
          if bytes[position] == UInt8(ascii: ",") {
            position += 1
          } else if bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
          } else {
            throw fail("expected ',' or ']' in an array")
          }
        }
      case UInt8(ascii: "t"): try literal("true"); return .bool(true)
      case UInt8(ascii: "f"): try literal("false"); return .bool(false)
      case UInt8(ascii: "n"): try literal("null"); return .null
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
      default: throw fail("unexpected character")
      }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
      let count = word.utf8CodeUnitCount
      guard position + count <= bytes.count else { throw fail("unexpected end of input") }
      for index in 0..<count where bytes[position + index] != word.utf8Start[index] {
        throw fail("unexpected character")
      }
      position += count
    }

    mutating func number() throws(JSONSyntaxError) -> [UInt8] {
      let start = position
      func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
      if bytes[position] == UInt8(ascii: "-") { position += 1 }
      guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
      if bytes[position] == UInt8(ascii: "0") {
        position += 1
      } else {
        while position < bytes.count && isDigit(bytes[position]) { position += 1 }
      }
      if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
        position += 1
        guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
        while position < bytes.count && isDigit(bytes[position]) { position += 1 }
      }
      if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
        position += 1
        if position < bytes.count
          && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"))
        {
          position += 1
        }
        guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
        while position < bytes.count && isDigit(bytes[position]) { position += 1 }
      }
      return Array(bytes[start..<position])
    }

    mutating func string() throws(JSONSyntaxError) -> [UInt8] {
      position += 1  // the opening quote
      let start = position
      // Fast path: no escapes, copy the run in one go.
      while position < bytes.count {
        let byte = bytes[position]
        if byte == UInt8(ascii: "\"") {
          let run = Array(bytes[start..<position])
          position += 1
          return run
        }
        if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
        position += 1
      }
      var out = Array(bytes[start..<position])
      while position < bytes.count {
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "\""):
          position += 1
          return out
        case UInt8(ascii: "\\"):
          position += 1
          guard position < bytes.count else { throw fail("unexpected end of input in a string") }
          let escaped = bytes[position]
          position += 1
          switch escaped {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "u"):
            var scalar = try hex4()
            if scalar >= 0xD800 && scalar < 0xDC00 {
              guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
              else { throw fail("unpaired surrogate in \\u escape") }
              position += 2
              let low = try hex4()
              guard low >= 0xDC00 && low < 0xE000 else {
                throw fail("unpaired surrogate in \\u escape")
              }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar < 0xE000 {
              throw fail("unpaired surrogate in \\u escape")
            }
            out += Array(String(Unicode.Scalar(scalar)!).utf8)
          default:
            position -= 1
            throw fail("invalid escape in a string")
          }
        default:
          if byte < 0x20 { throw fail("control character in a string") }
          out.append(byte)
          position += 1
        }
      }
      throw fail("unexpected end of input in a string")
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
      guard position + 4 <= bytes.count else { throw fail("invalid \\u escape") }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let byte = bytes[position]
        let digit: UInt32
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
        default: throw fail("invalid \\u escape")
        }
        value = value << 4 | digit
        position += 1
      }
      return value
    }
  }
}
