/// One key, or one ordered part of a big key, as the record format carries it.
public struct KeyRecord: Sendable, Equatable {
  public enum Value: Sendable, Equatable {
    case string([UInt8])
    case list([[UInt8]])
    case set([[UInt8]])
    case hash([Pair])
    /// Members with scores as the server prints them, so `inf` and `-inf` survive.
    case zset([ScoredMember])
    case stream([StreamEntry])
    /// A type with no portable form (module types): only its DUMP payload is kept.
    case dumpOnly([UInt8])

    public var elementCount: Int {
      switch self {
      case .string, .dumpOnly: return 1
      case .list(let items), .set(let items): return items.count
      case .hash(let pairs): return pairs.count
      case .zset(let members): return members.count
      case .stream(let entries): return entries.count
      }
    }
  }

  public struct Pair: Sendable, Equatable {
    public var field: [UInt8]
    public var value: [UInt8]
  }

  public struct ScoredMember: Sendable, Equatable {
    public var member: [UInt8]
    public var score: String
  }

  public struct StreamEntry: Sendable, Equatable {
    public var id: String
    public var fields: [Pair]
  }

  public var key: [UInt8]
  public var db: Int
  public var type: String
  public var value: Value
  /// Absolute expiry in Unix milliseconds; nil for a key that never expires.
  public var expireAtMilliseconds: Int64?
  /// For a key split over several records: this record's index, and whether it is the last.
  public var part: Int?
  public var isLastPart: Bool?

  public init(
    key: [UInt8], db: Int, type: String, value: Value, expireAtMilliseconds: Int64?,
    part: Int? = nil, isLastPart: Bool? = nil
  ) {
    self.key = key
    self.db = db
    self.type = type
    self.value = value
    self.expireAtMilliseconds = expireAtMilliseconds
    self.part = part
    self.isLastPart = isLastPart
  }

  /// True for a whole key, or the last part of a key split over several records.
  public var completesKey: Bool { part == nil || isLastPart == true }

  /// The record as one JSON line (without the newline).
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("key", .bytes(key)), ("db", .integer(Int64(db))), ("type", .string(type)),
    ]
    switch value {
    case .string(let bytes): members.append(("value", .bytes(bytes)))
    case .list(let items), .set(let items):
      members.append(("value", .array(items.map { .bytes($0) })))
    case .hash(let pairs):
      members.append(("value", .array(pairs.map { .array([.bytes($0.field), .bytes($0.value)]) })))
    case .zset(let scored):
      members.append(
        ("value", .array(scored.map { .array([.bytes($0.member), .string($0.score)]) })))
    case .stream(let entries):
      members.append(
        (
          "value",
          .array(
            entries.map {
              .object([
                ("id", .string($0.id)),
                ("fields", .array($0.fields.map { .array([.bytes($0.field), .bytes($0.value)]) })),
              ])
            })
        ))
    case .dumpOnly(let payload):
      members.append(("value", .null))
      members.append(("dump", .string(Base64.encode(payload))))
    }
    members.append(("expire_at_ms", expireAtMilliseconds.map { .integer($0) } ?? .null))
    if let part {
      members.append(("part", .integer(Int64(part))))
      members.append(("last", .bool(isLastPart ?? false)))
    }
    return .object(members)
  }
}
