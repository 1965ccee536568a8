extension KeyRecord {
  /// A record read back from its JSON line: the inverse of `json`. Throws a reason a user
  /// can act on when a member is missing or of the wrong kind.
  public init(parsed: ParsedJSON) throws(RecordFormatError) {
    guard case .object = parsed else { throw RecordFormatError("a record must be a JSON object") }
    key = try Self.bytes(parsed["key"], "key")
    guard let db = parsed["db"]?.int64, db >= 0 else {
      throw RecordFormatError("\"db\" must be a number of 0 or more")
    }
    self.db = Int(db)
    guard let type = parsed["type"]?.text else { throw RecordFormatError("\"type\" is missing") }
    self.type = type
    switch parsed["expire_at_ms"] {
    case nil, .null?: expireAtMilliseconds = nil
    case let expiry?:
      guard let milliseconds = expiry.int64 else {
        throw RecordFormatError("\"expire_at_ms\" must be a number or null")
      }
      expireAtMilliseconds = milliseconds
    }
    if let part = parsed["part"] {
      guard let index = part.int64, index >= 0, case .bool(let last)? = parsed["last"] else {
        throw RecordFormatError("\"part\" must be a number and \"last\" true or false")
      }
      self.part = Int(index)
      isLastPart = last
    }
    let value = parsed["value"] ?? .null
    if value == .null {
      guard let dump = parsed["dump"]?.text, let payload = Base64.decode(dump) else {
        throw RecordFormatError("a record needs a \"value\" or a base64 \"dump\"")
      }
      self.value = .dumpOnly(payload)
      return
    }
    switch type {
    case "string": self.value = .string(try Self.bytes(value, "value"))
    case "list": self.value = .list(try Self.byteArray(value))
    case "set": self.value = .set(try Self.byteArray(value))
    case "hash":
      self.value = .hash(try Self.pairs(value).map { Pair(field: $0, value: $1) })
    case "zset":
      self.value = .zset(
        try Self.pairs(value).map { member, score throws(RecordFormatError) in
          let text = String(decoding: score, as: UTF8.self)
          guard Self.isScore(text) else {
            throw RecordFormatError("zset score \"\(text)\" is not a number, inf or -inf")
          }
          return ScoredMember(member: member, score: text)
        })
    case "stream":
      guard case .array(let entries) = value else {
        throw RecordFormatError("a stream's \"value\" must be an array of entries")
      }
      self.value = .stream(
        try entries.map { entry throws(RecordFormatError) in
          guard let id = entry["id"]?.text, let fields = entry["fields"] else {
            throw RecordFormatError("a stream entry needs \"id\" and \"fields\"")
          }
          return StreamEntry(
            id: id, fields: try Self.pairs(fields).map { Pair(field: $0, value: $1) })
        })
    default:
      throw RecordFormatError("type \"\(type)\" has no portable value; give its \"dump\"")
    }
  }

  private static func bytes(_ value: ParsedJSON?, _ name: String) throws(RecordFormatError)
    -> [UInt8]
  {
    switch value {
    case .string(let bytes)?: return bytes
    case .object(let members)? where members.count == 1 && members[0].key == Array("base64".utf8):
      if case .string(let encoded) = members[0].value,
        let decoded = Base64.decode(String(decoding: encoded, as: UTF8.self))
      {
        return decoded
      }
      throw RecordFormatError("\"\(name)\" has invalid base64")
    case nil: throw RecordFormatError("\"\(name)\" is missing")
    default: throw RecordFormatError("\"\(name)\" must be a string or {\"base64\": …}")
    }
  }

  private static func byteArray(_ value: ParsedJSON) throws(RecordFormatError) -> [[UInt8]] {
    guard case .array(let items) = value else {
      throw RecordFormatError("\"value\" must be an array")
    }
    return try items.map { item throws(RecordFormatError) in try bytes(item, "value") }
  }

  private static func pairs(_ value: ParsedJSON) throws(RecordFormatError) -> [([UInt8], [UInt8])] {
    guard case .array(let items) = value else {
      throw RecordFormatError("\"value\" must be an array of pairs")
    }
    return try items.map { item throws(RecordFormatError) in
      guard case .array(let pair) = item, pair.count == 2 else {
        throw RecordFormatError("each element must be a [field, value] pair")
      }
      return (try bytes(pair[0], "value"), try bytes(pair[1], "value"))
    }
  }

  static func isScore(_ text: String) -> Bool {
    ["inf", "+inf", "-inf"].contains(text.lowercased()) || (Double(text).map { !$0.isNaN } ?? false)
  }
}

extension KeyRecord {
  /// Decodes one record line straight into a record, without building a JSON tree for the
  /// common members: loading a million records is dominated by allocations otherwise. Returns
  /// nil for a line that is not a record object (the trailer), which the caller parses whole.
  static func decode(line: ArraySlice<UInt8>) throws(JSONSyntaxError) -> ParsedRecordLine {
    try line.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) -> ParsedRecordLine in
      var parser = JSONReader.Parser(bytes: buffer, position: 0)
      var members: [(key: [UInt8], value: ParsedJSON)] = []
      var key: [UInt8]?
      var type: String?
      var stringValue: [UInt8]?
      var db: Int64?
      var expiry: Int64?
      var expirySeen = false
      parser.skipSpace()
      guard parser.position < buffer.count, buffer[parser.position] == UInt8(ascii: "{") else {
        return .other
      }
      parser.position += 1
      parser.skipSpace()
      var first = true
      while true {
        parser.skipSpace()
        guard parser.position < buffer.count else {
          throw parser.fail("unexpected end of input in an object")
        }
        if buffer[parser.position] == UInt8(ascii: "}") && first {
          parser.position += 1
          break
        }
        guard buffer[parser.position] == UInt8(ascii: "\"") else {
          throw parser.fail("expected a member name in double quotes")
        }
        let name = parser.plainString()
        if name == nil { members.append((try parser.string(), .null)) }
        // Which common member this is, told by the name's length and checked once.
        var member = RecordMember.other
        if let name {
          switch name.count {
          case 2 where parser.equals(name, "db"): member = .db
          case 3 where parser.equals(name, "key"): member = .key
          case 4 where parser.equals(name, "type"): member = .type
          case 5 where parser.equals(name, "value"): member = .value
          case 12 where parser.equals(name, "expire_at_ms"): member = .expiry
          default: break
          }
        }
        parser.skipSpace()
        guard parser.position < buffer.count, buffer[parser.position] == UInt8(ascii: ":") else {
          throw parser.fail("expected ':' after a member name")
        }
        parser.position += 1
        parser.skipSpace()
        guard parser.position < buffer.count else { throw parser.fail("unexpected end of input") }
        let isString = buffer[parser.position] == UInt8(ascii: "\"")
        if member == .key, isString {
          key = try parser.string()
        } else if member == .type, isString,
          let span = parser.plainString()
        {
          type = Self.typeName(parser, span)
        } else if member == .value, isString {
          stringValue = try parser.string()
        } else if member == .db, let number = parser.integer() {
          db = number
        } else if member == .expiry, let number = parser.integer() {
          expiry = number
          expirySeen = true
        } else if member == .expiry, buffer[parser.position] == UInt8(ascii: "n") {
          try parser.literal("null")
          expirySeen = true
        } else {
          let value = try parser.value(depth: 1)
          if let name {
            members.append((Array(buffer[name]), value))
          } else {
            members[members.count - 1].value = value
          }
        }
        parser.skipSpace()
        guard parser.position < buffer.count else {
          throw parser.fail("unexpected end of input in an object")
        }
        first = false
        if buffer[parser.position] == UInt8(ascii: ",") {
          parser.position += 1
        } else if buffer[parser.position] == UInt8(ascii: "}") {
          parser.position += 1
          break
        } else {
          throw parser.fail("expected ',' or '}' in an object")
        }
      }
      parser.skipSpace()
      if parser.position != buffer.count {
        throw parser.fail("unexpected text after the value")
      }
      // The common shape, decoded without a tree.
      if members.isEmpty, let key, let type, let db, db >= 0, expirySeen, let stringValue,
        type == "string"
      {
        return .record(
          KeyRecord(
            key: key, db: Int(db), type: type, value: .string(stringValue),
            expireAtMilliseconds: expiry))
      }
      // Anything else: put the members back together and decode them the general way.
      if let key { members.append((Array("key".utf8), .string(key))) }
      if let type { members.append((Array("type".utf8), .string(Array(type.utf8)))) }
      if let stringValue { members.append((Array("value".utf8), .string(stringValue))) }
      if let db { members.append((Array("db".utf8), .number(Array(String(db).utf8)))) }
      if expirySeen && !members.contains(where: { $0.key == Array("expire_at_ms".utf8) }) {
        members.append(
          (Array("expire_at_ms".utf8), expiry.map { .number(Array(String($0).utf8)) } ?? .null))
      }
      return .object(.object(members))
    }
  }

  private static func typeName(_ parser: JSONReader.Parser, _ span: Range<Int>) -> String {
    for name: StaticString in ["string", "hash", "list", "set", "zset", "stream"]
    where parser.equals(span, name) {
      return name.description
    }
    return String(decoding: parser.bytes[span], as: UTF8.self)
  }
}

private enum RecordMember { case db, key, type, value, expiry, other }

enum ParsedRecordLine {
  case record(KeyRecord)
  case object(ParsedJSON)
  case other
}

/// Why one line of a record file is not a valid record.
public struct RecordFormatError: Error, Sendable, Equatable {
  public var reason: String
  public init(_ reason: String) { self.reason = reason }
}

extension Base64 {
  private static let decodingTable: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
      .enumerated()
    {
      table[Int(byte)] = UInt8(index)
    }
    return table
  }()

  /// Standard base64 with padding; nil for anything else.
  public static func decode(_ text: String) -> [UInt8]? {
    let table = decodingTable
    let input = Array(text.utf8)
    guard input.count % 4 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(input.count / 4 * 3)
    var index = 0
    while index < input.count {
      let isLast = index + 4 == input.count
      var quad: [UInt8] = []
      var padding = 0
      for offset in 0..<4 {
        let byte = input[index + offset]
        if byte == UInt8(ascii: "=") && isLast && offset >= 2 {
          padding += 1
          quad.append(0)
          continue
        }
        guard padding == 0, table[Int(byte)] != 0xFF else { return nil }
        quad.append(table[Int(byte)])
      }
      let combined =
        UInt32(quad[0]) << 18 | UInt32(quad[1]) << 12 | UInt32(quad[2]) << 6 | UInt32(quad[3])
      out.append(UInt8(truncatingIfNeeded: combined >> 16))
      if padding < 2 { out.append(UInt8(truncatingIfNeeded: combined >> 8)) }
      if padding < 1 { out.append(UInt8(truncatingIfNeeded: combined)) }
      index += 4
    }
    return out
  }
}
