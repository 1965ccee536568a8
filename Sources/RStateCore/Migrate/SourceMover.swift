/// `migrate --move`: deletes source keys whose copy on the target is verified. Each batch is
/// WATCHed on the source, compared key by key (type, canonical SHA-256, expiry) on both
/// servers, and only the keys that match are UNLINKed in one MULTI/EXEC, so a key changed on
/// the source after it was copied is kept, never lost.
public final class SourceMover {
  private let source: RedisSource
  private let target: RedisTarget
  private let transform: RecordTransform
  public private(set) var moved = 0
  /// Keys left on the source, with why (changed since copied, or not found identical).
  public private(set) var kept: [(key: [UInt8], reason: String)] = []
  public private(set) var keptCount = 0

  public init(source: RedisSource, target: RedisTarget, transform: RecordTransform) {
    self.source = source
    self.target = target
    self.transform = transform
  }

  /// Moves the keys of records the target acknowledged (target-side names). On a cluster
  /// source a transaction may only touch one slot, so the keys go slot by slot there.
  public func move(_ records: [KeyRecord]) throws(RStateError) {
    guard !records.isEmpty else { return }
    let pairs = records.map { ($0.withOriginalKey(transform).key, $0.key, $0.db) }
    guard try source.client.isCluster else {
      return try move(pairs, on: source.side.connection(db: source.db))
    }
    for group in Dictionary(grouping: pairs, by: { HashSlot.slot(of: $0.0) }).values {
      try move(group, on: source.sideConnection(for: group[0].0))
    }
  }

  /// WATCH, compare, then MULTI/UNLINK/EXEC the identical keys, all on `server`.
  private func move(_ pairs: [([UInt8], [UInt8], Int)], on server: Connection) throws(RStateError) {
    _ = try server.send(Command([Array("WATCH".utf8)] + pairs.map(\.0)))
    let matching = try identical(pairs, on: server)
    if matching.isEmpty {
      _ = try server.send(Command("UNWATCH"))
    } else if try !unlinkAtomically(matching.map { pairs[$0].0 }, on: server) {
      // Something in the batch changed meanwhile: go key by key.
      for index in matching {
        let pair = pairs[index]
        _ = try server.send(Command([Array("WATCH".utf8), pair.0]))
        if try identical([pair], on: server).isEmpty {
          _ = try server.send(Command("UNWATCH"))
          keep(pair.0, "it changed on the source after it was copied")
        } else if try !unlinkAtomically([pair.0], on: server) {
          keep(pair.0, "it changed on the source after it was copied")
        } else {
          moved += 1
        }
      }
      return
    }
    moved += matching.count
  }

  private func keep(_ key: [UInt8], _ reason: String) {
    keptCount += 1
    if kept.count < 10 { kept.append((key, reason)) }
  }

  /// MULTI, UNLINK, EXEC; false when EXEC was aborted because a watched key changed.
  private func unlinkAtomically(_ keys: [[UInt8]], on server: Connection) throws(RStateError)
    -> Bool
  {
    let replies = try server.pipeline([
      Command("MULTI"), Command([Array("UNLINK".utf8)] + keys), Command("EXEC"),
    ])
    if let error = replies.lazy.compactMap(\.serverError).first {
      throw .server(command: "UNLINK", message: error.message)
    }
    return replies[2] != .null
  }

  /// Indices of the pairs whose source and target keys hold the same type, value and expiry.
  private func identical(_ pairs: [([UInt8], [UInt8], Int)], on server: Connection)
    throws(RStateError) -> [Int]
  {
    let sourceSide = try KeyShape.read(pairs.map(\.0), db: source.db, on: server)
    var targetSide: [[UInt8]: KeyShape] = [:]
    for (db, group) in Dictionary(grouping: pairs, by: \.2) {
      targetSide.merge(
        try KeyShape.read(group.map(\.1), db: db, via: target.side),
        uniquingKeysWith: { a, _ in a })
    }
    var matching: [Int] = []
    for (index, pair) in pairs.enumerated() {
      guard let here = sourceSide[pair.0], let there = targetSide[pair.1] else {
        keep(pair.0, "its copy was not found on the target")
        continue
      }
      if here.matches(there, within: target.ttlTolerance) {
        matching.append(index)
      } else {
        keep(pair.0, "its copy on the target differs")
      }
    }
    return matching
  }
}
