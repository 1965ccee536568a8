/// The first bytes or first element of a value: enough to tell its encoding and check a rule's
/// `values` and `fields`, read without fetching the whole value.
public struct ValueSample: Sendable, Equatable {
  public var encoding: ValueEncoding?
  /// Hash field names or a stream entry's field names.
  public var fieldNames: Set<String>
  /// The bytes the encoding was told from (for JSON member checks).
  public var head: [UInt8]

  /// How many bytes of a string are read: enough for JSON members near the start.
  static let stringWindow = 4096

  /// The command that reads a sample of a key of this type; nil for types with nothing to read
  /// (module types are passed over).
  public static func command(for key: [UInt8], type: String) -> Command? {
    func words(_ head: String, _ tail: String...) -> Command {
      Command([Array(head.utf8), key] + tail.map { Array($0.utf8) }, keyIndices: [1])
    }
    switch type {
    case "string": return words("GETRANGE", "0", String(stringWindow - 1))
    case "list": return words("LINDEX", "0")
    case "hash": return words("HSCAN", "0", "COUNT", "32")
    case "zset": return words("ZRANGE", "0", "0")
    case "set": return words("SRANDMEMBER", "1")
    case "stream": return words("XRANGE", "-", "+", "COUNT", "1")
    default: return nil
    }
  }

  /// Samples of these keys (nil where a type has nothing to read), in one pipeline sent
  /// through `pipeline`: a cluster-aware client's or one connection's.
  public static func read(
    _ keys: [(key: [UInt8], type: String)],
    through pipeline: ([Command]) throws(RStateError) -> [RESPValue]
  ) throws(RStateError) -> [ValueSample?] {
    var commands: [Command] = []
    var positions: [Int?] = []
    for entry in keys {
      let command = command(for: entry.key, type: entry.type)
      positions.append(command.map { _ in commands.count })
      if let command { commands.append(command) }
    }
    let replies = commands.isEmpty ? [] : try pipeline(commands)
    return zip(keys, positions).map { entry, position in
      position.flatMap { ValueSample(reply: replies[$0], type: entry.type) }
    }
  }

  /// Reads the reply to `command(for:type:)`; nil for an error or an empty value.
  public init?(reply: RESPValue, type: String) {
    fieldNames = []
    switch (type, reply) {
    case ("string", .bulk(let bytes)), ("list", .bulk(let bytes)):
      head = Array(bytes.prefix(Self.stringWindow))
    case ("zset", .array(let items)), ("set", .array(let items)):
      guard let first = items.first?.bytes else { return nil }
      head = Array(first.prefix(Self.stringWindow))
    case ("hash", .array(let parts)) where parts.count == 2:
      guard case .array(let pairs) = parts[1], pairs.count >= 2 else { return nil }
      var firstValue: [UInt8]?
      for index in stride(from: 0, to: pairs.count - 1, by: 2) {
        guard let field = pairs[index].bytes else { continue }
        fieldNames.insert(String(decoding: field, as: UTF8.self))
        if firstValue == nil { firstValue = pairs[index + 1].bytes }
      }
      head = Array((firstValue ?? []).prefix(Self.stringWindow))
    case ("stream", .array(let entries)):
      guard case .array(let entry)? = entries.first, entry.count == 2,
        case .array(let pairs) = entry[1]
      else { return nil }
      for index in stride(from: 0, to: pairs.count - 1, by: 2) {
        if let field = pairs[index].bytes {
          fieldNames.insert(String(decoding: field, as: UTF8.self))
        }
      }
      head = pairs.count > 1 ? Array((pairs[1].bytes ?? []).prefix(Self.stringWindow)) : []
    default:
      return nil
    }
    let encoding = ValueEncoding.sniff(head)
    self.encoding = encoding
    // A msgpack map's keys are fields too (Flask-Session's `_permanent`).
    if encoding == .messagePack, case .object(let members)? = try? MessagePack.decode(head) {
      for (name, _) in members { fieldNames.insert(name) }
    }
  }

  /// True when the sample fits a rule's `values` and `fields`.
  public func fits(_ rule: NamespaceRule) -> Bool {
    if !rule.values.isEmpty {
      guard let encoding, rule.values.contains(encoding.ruleName) else { return false }
    }
    // JSON members are quoted; in pickles and the like the name shows as plain bytes.
    let quote = encoding == .json ? "\"" : ""
    return rule.fields.allSatisfy { field in
      fieldNames.contains(field)
        || head.contains(subsequence: Array("\(quote)\(field)\(quote)".utf8))
    }
  }
}

extension Array where Element == UInt8 {
  func contains(subsequence needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
    let first = needle[0]
    var index = 0
    while index <= count - needle.count {
      if self[index] == first, self[index..<(index + needle.count)].elementsEqual(needle) {
        return true
      }
      index += 1
    }
    return false
  }
}
