/// MessagePack (Flask-Session ≥ 0.6, socket.io adapters) decoded for display as JSON: maps
/// become objects (non-string keys written as their JSON), str and bin become bytes (text
/// when valid UTF-8), ext types an object with their type number and bytes.
public enum MessagePack {
  public struct DecodingError: Error, Equatable, Sendable {
    public var offset: Int
    public var reason: String
  }

  /// Decodes exactly one value that spans all of `bytes`.
  public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> JSONValue {
    var reader = Reader(bytes: bytes)
    let value = try reader.value(depth: 0)
    guard reader.offset == bytes.count else {
      throw DecodingError(offset: reader.offset, reason: "bytes after the value")
    }
    return value
  }

  /// Nesting deeper than this is refused rather than followed (hostile input).
  static let maximumDepth = 64

  private struct Reader {
    let bytes: [UInt8]
    var offset = 0

    private func fail(_ reason: String) -> DecodingError {
      DecodingError(offset: offset, reason: reason)
    }

    mutating func byte() throws(DecodingError) -> UInt8 {
      guard offset < bytes.count else { throw fail("the value ends early") }
      defer { offset += 1 }
      return bytes[offset]
    }

    mutating func take(_ count: Int) throws(DecodingError) -> [UInt8] {
      guard count >= 0, count <= bytes.count - offset else { throw fail("the value ends early") }
      defer { offset += count }
      return Array(bytes[offset..<offset + count])
    }

    /// A big-endian unsigned number of `width` bytes.
    mutating func unsigned(_ width: Int) throws(DecodingError) -> UInt64 {
      var value: UInt64 = 0
      for byte in try take(width) { value = value << 8 | UInt64(byte) }
      return value
    }

    mutating func length(_ width: Int) throws(DecodingError) -> Int {
      let value = try unsigned(width)
      // Every element takes at least one byte, so a count past the end is a lie.
      guard value <= UInt64(bytes.count - offset) else { throw fail("a length past the end") }
      return Int(value)
    }

    mutating func value(depth: Int) throws(DecodingError) -> JSONValue {
      guard depth < MessagePack.maximumDepth else { throw fail("nested too deep") }
      let marker = try byte()
      switch marker {
      case 0x00...0x7F: return .integer(Int64(marker))
      case 0xE0...0xFF: return .integer(Int64(Int8(bitPattern: marker)))
      case 0x80...0x8F: return try map(Int(marker & 0x0F), depth: depth)
      case 0x90...0x9F: return try array(Int(marker & 0x0F), depth: depth)
      case 0xA0...0xBF: return .bytes(try take(Int(marker & 0x1F)))
      case 0xC0: return .null
      case 0xC2: return .bool(false)
      case 0xC3: return .bool(true)
      case 0xC4, 0xC5, 0xC6, 0xD9, 0xDA, 0xDB:  // bin 8/16/32, str 8/16/32
        let width = [0xC4: 1, 0xC5: 2, 0xC6: 4, 0xD9: 1, 0xDA: 2, 0xDB: 4][marker]!
        return .bytes(try take(try length(width)))
      case 0xC7, 0xC8, 0xC9:  // ext 8/16/32
        let count = try length(marker == 0xC7 ? 1 : marker == 0xC8 ? 2 : 4)
        return try ext(count)
      case 0xD4...0xD8:  // fixext 1/2/4/8/16
        return try ext(1 << Int(marker - 0xD4))
      case 0xCA: return .double(Double(Float(bitPattern: UInt32(try unsigned(4)))))
      case 0xCB: return .double(Double(bitPattern: try unsigned(8)))
      case 0xCC...0xCF:
        let value = try unsigned(1 << Int(marker - 0xCC))
        return value > UInt64(Int64.max) ? .numberText(String(value)) : .integer(Int64(value))
      case 0xD0...0xD3:
        let width = 1 << Int(marker - 0xD0)
        let raw = try unsigned(width)
        // Sign-extend from the value's own width.
        let shift = UInt64(64 - 8 * width)
        return .integer(Int64(bitPattern: raw << shift) >> Int64(shift))
      case 0xDC, 0xDD: return try array(try length(marker == 0xDC ? 2 : 4), depth: depth)
      case 0xDE, 0xDF: return try map(try length(marker == 0xDE ? 2 : 4), depth: depth)
      default: throw fail("0xc1 is not a MessagePack type")
      }
    }

    mutating func array(_ count: Int, depth: Int) throws(DecodingError) -> JSONValue {
      var items: [JSONValue] = []
      for _ in 0..<count { items.append(try value(depth: depth + 1)) }
      return .array(items)
    }

    mutating func map(_ count: Int, depth: Int) throws(DecodingError) -> JSONValue {
      var members: [(String, JSONValue)] = []
      for _ in 0..<count {
        // A key is written as JSON text, escaped again at every level a key holds a key:
        // exponential in the depth. msgpack-python refuses such keys too.
        if offset < bytes.count,
          (0x80...0x9F).contains(bytes[offset]) || (0xDC...0xDF).contains(bytes[offset])
        {
          throw fail("a map or array as a map key")
        }
        let key = try value(depth: depth + 1)
        let name: String
        if case .bytes(let raw) = key, let text = String(validating: raw, as: UTF8.self) {
          name = text
        } else {
          name = key.serialized()
        }
        members.append((name, try value(depth: depth + 1)))
      }
      return .object(members)
    }

    mutating func ext(_ count: Int) throws(DecodingError) -> JSONValue {
      let type = Int8(bitPattern: try byte())
      return .object([("ext", .integer(Int64(type))), ("data", .bytes(try take(count)))])
    }
  }
}
