/// How `keys` prints each key: quoted like redis-cli on a terminal, raw lines when piped,
/// NUL-separated for `xargs -0`, or JSON lines.
public enum KeyListing: Sendable, Equatable {
  case quoted
  case lines
  case nulSeparated
  case jsonLines

  /// One key, with its terminator.
  public func render(_ key: [UInt8], into out: inout [UInt8]) {
    switch self {
    case .quoted:
      ReplyFormat.appendQuoted(key, to: &out)
      out.append(UInt8(ascii: "\n"))
    case .lines:
      out += key
      out.append(UInt8(ascii: "\n"))
    case .nulSeparated:
      out += key
      out.append(0)
    case .jsonLines:
      out += Array(JSONValue.object([("key", .bytes(key))]).serialized().utf8)
      out.append(UInt8(ascii: "\n"))
    }
  }

  /// A key with its type, time to live and memory (`keys --long`).
  public func render(_ details: KeyDetails, into out: inout [UInt8]) {
    let memory = details.memory.map(humanBytes) ?? "-"
    switch self {
    case .jsonLines:
      let ttl: JSONValue
      switch details.ttl {
      case .expiresIn(let ms): ttl = .integer(ms)
      case .persistent, .missing: ttl = .null
      }
      let json = JSONValue.object([
        ("key", .bytes(details.key)), ("type", .string(details.type)), ("ttl_ms", ttl),
        ("memory", details.memory.map { .integer($0) } ?? .null),
      ])
      out += Array(json.serialized().utf8)
      out.append(UInt8(ascii: "\n"))
    case .quoted:
      let columns =
        pad(details.type, 7) + pad(details.ttl.humanDescription, 14, right: true)
        + pad(memory, 10, right: true) + "  "
      out += Array(columns.utf8)
      ReplyFormat.appendQuoted(details.key, to: &out)
      out.append(UInt8(ascii: "\n"))
    case .lines, .nulSeparated:
      let ttl: String
      switch details.ttl {
      case .expiresIn(let ms): ttl = String(ms)
      case .persistent: ttl = "-1"
      case .missing: ttl = "-2"
      }
      let size = details.memory.map(String.init) ?? "-"
      out += Array("\(details.type)\t\(ttl)\t\(size)\t".utf8) + details.key
      out.append(self == .nulSeparated ? 0 : UInt8(ascii: "\n"))
    }
  }
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
  let gap = String(repeating: " ", count: max(0, width - text.count))
  return right ? gap + text : text + gap
}
