/// A Redis server (one db) as a source: SCAN on one connection (the next SCAN in flight while
/// a batch is read), TYPE/PTTL/MEMORY USAGE then DUMP on another. Keys too big for one
/// RESTORE or for rstate's memory bound, and every key when the target is older than the
/// source, are read typed in windows instead. The source is only read, never written.
public final class RedisSource: MigrationSource {
  public let client: RedisClient
  public let filter: ScanFilter
  /// Read DUMP payloads (false: typed values, for older targets, files and verification).
  public var useDump: Bool
  /// Keys estimated above this are read typed in windows, so memory stays bounded.
  public var largestDumpBytes: Int
  private let scanner: Connection
  private var reader: Connection { client.primaries[0] }

  public init(client: RedisClient, filter: ScanFilter, useDump: Bool, largestDumpBytes: Int) {
    self.client = client
    self.filter = filter
    self.useDump = useDump
    self.largestDumpBytes = largestDumpBytes
    scanner = Connection(settings: client.settings)
  }

  public var description: String { client.settings.redactedURL }
  public var db: Int { client.settings.db }

  public var estimatedKeyCount: Int? {
    guard filter.pattern == nil, filter.type == nil,
      case .integer(let size)? = try? reader.send(Command("DBSIZE"))
    else { return nil }
    return Int(size)
  }

  public func run(
    from position: SourcePosition?, _ handle: (SourceEvent) throws(RStateError) -> Bool
  ) throws(RStateError) {
    var start: [UInt8] = Array("0".utf8)
    switch position {
    case .finished?: return
    case .cursor(let cursor)?: start = cursor
    default: break
    }
    try KeyScan.forEachBatch(on: scanner, filter, from: start, readAhead: true) {
      keys, next throws(RStateError) in
      var stopped = false
      try read(keys) { record throws(RStateError) in
        if !stopped, try !handle(.record(record)) { stopped = true }
      }
      if stopped { return false }
      return try handle(.position(next == Array("0".utf8) ? .finished : .cursor(next)))
    }
  }

  /// One batch: a pipeline of TYPE, PTTL and MEMORY USAGE, then DUMP for the small keys and
  /// windowed typed reads for the rest.
  private func read(_ keys: [[UInt8]], emit: (KeyRecord) throws(RStateError) -> Void)
    throws(RStateError)
  {
    var lookups: [Command] = []
    lookups.reserveCapacity(keys.count * 3)
    for key in keys {
      lookups.append(Command([Array("TYPE".utf8), key], keyIndices: [1]))
      lookups.append(Command([Array("PTTL".utf8), key], keyIndices: [1]))
      if useDump {
        lookups.append(
          Command([Array("MEMORY".utf8), Array("USAGE".utf8), key], keyIndices: [2]))
      }
    }
    let replies = try reader.pipeline(lookups)
    let now = unixTimeMilliseconds()
    let stride = useDump ? 3 : 2
    var small: [(key: [UInt8], type: String, expireAt: Int64?)] = []
    var typed: [(key: [UInt8], type: String, expireAt: Int64?)] = []
    for (index, key) in keys.enumerated() {
      let type = replies[stride * index].text ?? "none"
      let ttl = TimeToLive(pttlReply: replies[stride * index + 1])
      guard type != "none", ttl != .missing else { continue }  // gone since SCAN saw it
      var expireAt: Int64?
      if case .expiresIn(let ms) = ttl { expireAt = now + ms }
      if useDump, case .integer(let bytes) = replies[stride * index + 2],
        bytes <= largestDumpBytes
      {
        small.append((key, type, expireAt))
      } else {
        typed.append((key, type, expireAt))
      }
    }
    if !small.isEmpty {
      let dumps = try reader.pipeline(
        small.map { Command([Array("DUMP".utf8), $0.key], keyIndices: [1]) })
      for (entry, dump) in zip(small, dumps) {
        guard case .bulk(let payload) = dump else { continue }  // deleted in between
        if payload.count > largestDumpBytes {
          typed.append(entry)
          continue
        }
        try emit(
          KeyRecord(
            key: entry.key, db: db, type: entry.type, value: .dumpOnly(payload),
            expireAtMilliseconds: entry.expireAt))
      }
    }
    if !typed.isEmpty { try KeyReader.read(typed, db: db, on: reader, emit: emit) }
  }

  public func typedRecords(for record: KeyRecord) throws(RStateError) -> [KeyRecord]? {
    var records: [KeyRecord] = []
    try KeyReader.read([record.key], db: db, on: reader) { records.append($0) }
    return records
  }
}
