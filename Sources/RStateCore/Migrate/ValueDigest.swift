/// SHA-256 over a canonical form of a value, for comparing a key on two servers (or a record
/// with a server): lists and streams in order, sets, hashes and zsets order-independent (and
/// repeats from SCAN-style windows ignored), zset scores compared as numbers.
public struct ValueDigest: Sendable, Equatable {
  public let bytes: [UInt8]

  public init(_ value: KeyRecord.Value) {
    var accumulator = Accumulator()
    accumulator.add(value)
    self = accumulator.finish()
  }

  /// Digests a value that arrives in parts (a big key read window by window).
  public struct Accumulator {
    private var ordered = SHA256()
    private var elements: [UInt128] = []
    private var kind: UInt8?

    public init() {}

    public mutating func add(_ value: KeyRecord.Value) {
      switch value {
      case .string(let bytes): tag(1); Self.field(bytes, into: &ordered)
      case .dumpOnly(let payload): tag(2); Self.field(payload, into: &ordered)
      case .list(let items):
        tag(3)
        for item in items { Self.field(item, into: &ordered) }
      case .stream(let entries):
        tag(4)
        for entry in entries {
          Self.field(Array(entry.id.utf8), into: &ordered)
          Self.field(Array(String(entry.fields.count).utf8), into: &ordered)
          for pair in entry.fields {
            Self.field(pair.field, into: &ordered)
            Self.field(pair.value, into: &ordered)
          }
        }
      case .set(let members):
        tag(5)
        for member in members { elements.append(Self.element([member])) }
      case .hash(let pairs):
        tag(6)
        for pair in pairs { elements.append(Self.element([pair.field, pair.value])) }
      case .zset(let members):
        tag(7)
        for member in members {
          elements.append(Self.element([member.member, Array(Self.score(member.score).utf8)]))
        }
      }
    }

    public mutating func finish() -> ValueDigest {
      var hasher = ordered
      elements.sort()
      var previous: UInt128?
      for element in elements where element != previous {
        var littleEndian = element.littleEndian
        withUnsafeBytes(of: &littleEndian) { hasher.update($0) }
        previous = element
      }
      return ValueDigest(bytes: hasher.finalize())
    }

    private mutating func tag(_ value: UInt8) {
      if kind == nil {
        kind = value
        ordered.update(CollectionOfOne(value))
      }
    }

    private static func field(_ bytes: [UInt8], into hasher: inout SHA256) {
      var length = UInt64(bytes.count).littleEndian
      withUnsafeBytes(of: &length) { hasher.update($0) }
      hasher.update(bytes)
    }

    /// 128 bits of an element's SHA-256: enough to tell elements apart, and flat, so a
    /// big set's element digests take 16 bytes each.
    private static func element(_ parts: [[UInt8]]) -> UInt128 {
      var hasher = SHA256()
      for part in parts { field(part, into: &hasher) }
      return hasher.finalize().prefix(16).reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }

    /// Scores as numbers: `1`, `1.0` and `1e0` are the same score; `+inf` and `inf` too.
    private static func score(_ text: String) -> String {
      guard let value = Double(text.lowercased() == "+inf" ? "inf" : text) else { return text }
      return value.isInfinite ? (value > 0 ? "inf" : "-inf") : String(value)
    }
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }
}

/// A key as a server holds it, for comparing: its type, a digest of its value and its
/// absolute expiry.
public struct KeyShape: Sendable, Equatable {
  public var type: String
  public var digest: ValueDigest
  public var expireAtMilliseconds: Int64?

  /// Reads the keys (big ones window by window) and digests each; missing keys are absent
  /// from the result.
  /// The shapes of keys wherever the client's servers keep them (each cluster node's own).
  public static func read(_ keys: [[UInt8]], db: Int, via client: RedisClient)
    throws(RStateError) -> [[UInt8]: KeyShape]
  {
    var shapes: [[UInt8]: KeyShape] = [:]
    for (server, group) in try client.partition(keys, db: db) {
      shapes.merge(try read(group, db: db, on: server)) { first, _ in first }
    }
    return shapes
  }

  public static func read(_ keys: [[UInt8]], db: Int, on server: Connection) throws(RStateError)
    -> [[UInt8]: KeyShape]
  {
    var parts: [[UInt8]: (type: String, digest: ValueDigest.Accumulator, expiry: Int64?)] = [:]
    try KeyReader.read(keys, db: db, on: server) { record throws(RStateError) in
      parts[
        record.key, default: (record.type, ValueDigest.Accumulator(), record.expireAtMilliseconds)
      ]
      .digest.add(record.value)
    }
    var shapes: [[UInt8]: KeyShape] = [:]
    for (key, var found) in parts {
      shapes[key] = KeyShape(
        type: found.type, digest: found.digest.finish(), expireAtMilliseconds: found.expiry)
    }
    return shapes
  }

  /// Same type and value, and expiries within `tolerance` milliseconds of each other.
  public func matches(_ other: KeyShape, within tolerance: Int64) -> Bool {
    type == other.type && digest == other.digest
      && Self.expiriesMatch(expireAtMilliseconds, other.expireAtMilliseconds, within: tolerance)
  }

  public static func expiriesMatch(_ expected: Int64?, _ actual: Int64?, within tolerance: Int64)
    -> Bool
  {
    switch (expected, actual) {
    case (nil, nil): return true
    case (let a?, let b?):
      // Expiries from a record file or a server may be anything: no overflow.
      let (difference, overflow) = a.subtractingReportingOverflow(b)
      return !overflow && difference.magnitude <= tolerance.magnitude
    default: return false
    }
  }
}
