/// A JSON document built by rstate's commands and written without Foundation.
public indirect enum JSONValue: Sendable, Equatable {
  case string(String)
  /// Bytes that are written as a string when they are valid UTF-8, and otherwise as
  /// `{"base64": "…"}`, so nothing is lost.
  case bytes([UInt8])
  case integer(Int64)
  case double(Double)
  /// A number already in JSON syntax (from INFO), written as it is.
  case numberText(String)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.serialized() == rhs.serialized()
  }

  /// Compact JSON on one line.
  public func serialized() -> String {
    var out = ""
    write(to: &out)
    return out
  }

  /// Indented JSON over several lines, two spaces a level, as people read it.
  public func prettyPrinted() -> String {
    var out = ""
    writePretty(to: &out, indent: "")
    return out
  }

  private func writePretty(to out: inout String, indent: String) {
    let inner = indent + "  "
    switch self {
    case .array(let elements) where !elements.isEmpty:
      out += "[\n"
      for (index, element) in elements.enumerated() {
        out += inner
        element.writePretty(to: &out, indent: inner)
        out += index == elements.count - 1 ? "\n" : ",\n"
      }
      out += indent + "]"
    case .object(let members) where !members.isEmpty:
      out += "{\n"
      for (index, member) in members.enumerated() {
        out += inner
        Self.writeString(member.0, to: &out)
        out += ": "
        member.1.writePretty(to: &out, indent: inner)
        out += index == members.count - 1 ? "\n" : ",\n"
      }
      out += indent + "}"
    default:
      write(to: &out)
    }
  }

  private func write(to out: inout String) {
    switch self {
    case .string(let text): Self.writeString(text, to: &out)
    case .bytes(let bytes):
      if let text = String(validating: bytes, as: UTF8.self) {
        Self.writeString(text, to: &out)
      } else {
        out += "{\"base64\":\"" + Base64.encode(bytes) + "\"}"
      }
    case .integer(let value): out += String(value)
    case .double(let value):
      out +=
        value.isFinite
        ? (value == value.rounded() && abs(value) < 1e15
          ? String(Int64(value)) : String(value)) : "null"
    case .numberText(let text): out += text
    case .bool(let value): out += value ? "true" : "false"
    case .null: out += "null"
    case .array(let elements):
      out += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { out += "," }
        element.write(to: &out)
      }
      out += "]"
    case .object(let members):
      out += "{"
      for (index, member) in members.enumerated() {
        if index > 0 { out += "," }
        Self.writeString(member.0, to: &out)
        out += ":"
        member.1.write(to: &out)
      }
      out += "}"
    }
  }

  private static func writeString(_ text: String, to out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }

  /// A value from INFO: a JSON number when it reads as one, otherwise a string.
  public static func infoValue(_ text: String) -> JSONValue {
    isJSONNumber(text) ? .numberText(text) : .string(text)
  }

  static func isJSONNumber(_ text: String) -> Bool {
    var bytes = Substring(text).utf8[...]
    if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
    let digits = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    guard !digits.isEmpty, digits.count == 1 || digits.first != UInt8(ascii: "0") else {
      return false
    }
    bytes = bytes.dropFirst(digits.count)
    if bytes.isEmpty { return true }
    guard bytes.first == UInt8(ascii: "."), bytes.count > 1 else { return false }
    return bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }
}

public enum Base64 {
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      let b0 = chunk[chunk.startIndex]
      let b1 = chunk.count > 1 ? chunk[chunk.startIndex + 1] : 0
      let b2 = chunk.count > 2 ? chunk[chunk.startIndex + 2] : 0
      out.append(alphabet[Int(b0 >> 2)])
      out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
      out.append(chunk.count > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
      out.append(chunk.count > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }
}

extension JSONValue {
  /// A value read by `JSONReader`, numbers kept as written.
  public init(_ parsed: ParsedJSON) {
    switch parsed {
    case .string(let bytes): self = .bytes(bytes)
    case .number(let text): self = .numberText(String(decoding: text, as: UTF8.self))
    case .bool(let value): self = .bool(value)
    case .null: self = .null
    case .array(let items): self = .array(items.map(JSONValue.init))
    case .object(let members):
      self = .object(members.map { (String(decoding: $0.key, as: UTF8.self), JSONValue($0.value)) })
    }
  }
}
