/// What a comparison of a source with a target found.
public struct VerificationReport: Sendable, Equatable {
  public var verified = 0
  public var missing = 0
  public var different = 0
  /// Keys on the target that the source does not have (only with both ways).
  public var extra = 0
  /// Source keys whose expiry has passed: not expected on the target.
  public var expired = 0
  /// Keys that differ because `--on-conflict skip` left the target's own value: as asked.
  public var skipped = 0
  /// A few of the differences, as "key: reason", to show.
  public var samples: [(key: [UInt8], reason: String)] = []

  public init() {}

  public var isClean: Bool { missing == 0 && different == 0 && extra == 0 }

  public static func == (lhs: VerificationReport, rhs: VerificationReport) -> Bool {
    (lhs.verified, lhs.missing, lhs.different, lhs.extra, lhs.expired)
      == (rhs.verified, rhs.missing, rhs.different, rhs.extra, rhs.expired)
  }

  public var json: JSONValue {
    .object([
      ("verified", .integer(Int64(verified))), ("missing", .integer(Int64(missing))),
      ("different", .integer(Int64(different))), ("extra", .integer(Int64(extra))),
      ("expired", .integer(Int64(expired))), ("skipped", .integer(Int64(skipped))),
      (
        "differences",
        .array(samples.map { .object([("key", .bytes($0.key)), ("reason", .string($0.reason))]) })
      ),
    ])
  }
}

/// Compares every key a source hands out with the same key on a server: type, content
/// (SHA-256 over a canonical form, so sets and hashes compare regardless of order) and
/// expiry within a tolerance. Keys are fetched from the server in pipelined batches and big
/// keys in windows, so memory stays bounded apart from the key set kept for `bothWays`.
public final class Verifier {
  private let server: RedisClient
  private let transform: RecordTransform
  private let ttlTolerance: Int64
  private var report = VerificationReport()
  private var expectedKeys: [Int: KeySet] = [:]
  private var pending: [Expected] = []
  private var current: Expected?
  /// Keys the copy skipped on purpose (`--on-conflict skip`), by db: a difference there is
  /// what was asked for, counted as skipped.
  public var skippedKeys: [Int: Set<[UInt8]>] = [:]

  private struct Expected {
    var key: [UInt8]
    var db: Int
    var type: String
    var digest = ValueDigest.Accumulator()
    var expireAt: Int64?
    /// The key had no expiry and `--ttl` gave it one: any expiry up to this is right.
    var latestExpiry: Int64?
  }

  public init(server: RedisClient, transform: RecordTransform, ttlTolerance: Int64) {
    self.server = server
    self.transform = transform
    self.ttlTolerance = ttlTolerance
  }

  public func verify(
    _ source: any MigrationSource, bothWays: Bool, extraPattern: [UInt8]?,
    progress: (VerificationReport) -> Void = { _ in }
  ) throws(RStateError) -> VerificationReport {
    try source.run(from: nil) { event throws(RStateError) in
      guard case .record(var record) = event, transform.selects(record) else { return true }
      let now = unixTimeMilliseconds()
      let hadExpiry = record.expireAtMilliseconds != nil
      transform.apply(&record, now: now)
      if current == nil || current!.key != record.key || current!.db != record.db {
        current = Expected(
          key: record.key, db: record.db, type: record.type,
          expireAt: hadExpiry ? record.expireAtMilliseconds : nil,
          latestExpiry: hadExpiry ? nil : record.expireAtMilliseconds)
      }
      current!.digest.add(record.value)
      if record.completesKey {
        if bothWays { _ = expectedKeys[record.db, default: KeySet()].insert(record.key) }
        pending.append(current!)
        current = nil
        if pending.count >= 500 {
          try compareBatch()
          progress(report)
        }
      }
      return true
    }
    try compareBatch()
    if bothWays { try findExtra(pattern: extraPattern) }
    return report
  }

  private func compareBatch() throws(RStateError) {
    let now = unixTimeMilliseconds()
    var byDB: [Int: [Expected]] = [:]
    for expected in pending {
      if let expiry = expected.expireAt ?? expected.latestExpiry, expiry <= now + ttlTolerance,
        expected.latestExpiry == nil
      {
        report.expired += 1
        continue
      }
      byDB[expected.db, default: []].append(expected)
    }
    pending = []
    for (db, batch) in byDB {
      let found = try KeyShape.read(batch.map(\.key), db: db, via: server)
      for var expected in batch {
        guard let actual = found[expected.key] else {
          note(expected.key, "missing on the target")
          report.missing += 1
          continue
        }
        let digest = expected.digest.finish()
        let identical =
          actual.type == expected.type && actual.digest == digest
          && expiryMatches(expected, actual.expireAtMilliseconds)
        if !identical && skippedKeys[db]?.contains(expected.key) == true {
          report.skipped += 1
        } else if actual.type != expected.type {
          different(expected.key, "type \(actual.type), expected \(expected.type)")
        } else if actual.digest != digest {
          different(expected.key, "the value differs")
        } else if !expiryMatches(expected, actual.expireAtMilliseconds) {
          different(
            expected.key,
            "expiry \(describe(actual.expireAtMilliseconds)), expected \(describe(expected.expireAt ?? expected.latestExpiry))"
          )
        } else {
          report.verified += 1
        }
      }
    }
  }

  private func expiryMatches(_ expected: Expected, _ actual: Int64?) -> Bool {
    if let latest = expected.latestExpiry {
      return actual.map { $0 <= latest + ttlTolerance } ?? false
    }
    return KeyShape.expiriesMatch(expected.expireAt, actual, within: ttlTolerance)
  }

  private func describe(_ expiry: Int64?) -> String {
    guard let expiry else { return "none" }
    return "in \(max(0, expiry - unixTimeMilliseconds()))ms"
  }

  private func different(_ key: [UInt8], _ reason: String) {
    report.different += 1
    note(key, reason)
  }

  private func note(_ key: [UInt8], _ reason: String) {
    if report.samples.count < 20 { report.samples.append((key, reason)) }
  }

  private func findExtra(pattern: [UInt8]?) throws(RStateError) {
    for (db, keys) in expectedKeys {
      var seen = keys
      let collect = { (batch: [[UInt8]]) -> Bool in
        for key in batch where seen.insert(key) {
          self.report.extra += 1
          self.note(key, "on the target only")
        }
        return true
      }
      if try server.isCluster {
        try KeyScan.forEachBatch(server, ScanFilter(pattern: pattern)) { batch, _ in collect(batch)
        }
      } else {
        try KeyScan.forEachBatch(on: server.connection(db: db), ScanFilter(pattern: pattern)) {
          batch, _ in collect(batch)
        }
      }
    }
  }
}
