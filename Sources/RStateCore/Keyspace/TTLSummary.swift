/// Counts of keys by time-to-live bucket, grouped by key prefix, so that a prefix whose keys
/// never expire (state that leaks) stands out.
public struct TTLSummary: Sendable {
  public enum Bucket: Int, CaseIterable, Sendable {
    case noExpiry, underMinute, underHour, underDay, underWeek, underMonth, longer

    public var label: String {
      ["no expiry", "< 1 min", "< 1 h", "< 1 day", "< 7 days", "< 30 days", "longer"][rawValue]
    }

    public var jsonName: String {
      ["no_expiry", "under_1m", "under_1h", "under_1d", "under_7d", "under_30d", "longer"][rawValue]
    }

    init?(_ ttl: TimeToLive) {
      switch ttl {
      case .missing: return nil
      case .persistent: self = .noExpiry
      case .expiresIn(let ms):
        let limits: [(Int64, Bucket)] = [
          (60_000, .underMinute), (3_600_000, .underHour), (86_400_000, .underDay),
          (604_800_000, .underWeek), (2_592_000_000, .underMonth),
        ]
        self = limits.first { ms < $0.0 }?.1 ?? .longer
      }
    }
  }

  public struct Row: Sendable {
    public var prefix: [UInt8]
    public var counts = [Int](repeating: 0, count: Bucket.allCases.count)
    public var total: Int { counts.reduce(0, +) }
    /// Every key under the prefix lives forever.
    public var neverExpires: Bool { total > 0 && counts[Bucket.noExpiry.rawValue] == total }
  }

  private var rows: [[UInt8]: Row] = [:]

  public init() {}

  public mutating func add(_ key: [UInt8], _ ttl: TimeToLive) {
    guard let bucket = Bucket(ttl) else { return }
    let prefix = Self.prefix(of: key)
    rows[prefix, default: Row(prefix: prefix)].counts[bucket.rawValue] += 1
  }

  /// Rows with the most keys first.
  public var sortedRows: [Row] {
    rows.values.sorted {
      $0.total != $1.total ? $0.total > $1.total : $0.prefix.lexicographicallyPrecedes($1.prefix)
    }
  }

  /// The key up to and including its last `:` (`session:abc` → `session:`); keys without
  /// `:` share the empty prefix.
  public static func prefix(of key: [UInt8]) -> [UInt8] {
    guard let colon = key.lastIndex(of: UInt8(ascii: ":")) else { return [] }
    return Array(key[...colon])
  }
}
