/// A Redis server (one db) as a source: SCAN on one connection (the next SCAN in flight while
/// a batch is read), PTTL and MEMORY USAGE then DUMP on another. Keys too big for one
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
  /// The connection values are read on (and, with --move, deleted on).
  public var readerConnection: Connection { reader }

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

  /// One batch. With DUMP: a pipeline of PTTL and MEMORY USAGE, then DUMP for the keys
  /// that are small enough (their type read from the payload, saving a TYPE per key), and
  /// windowed typed reads for the rest. Without: typed reads for all.
  private func read(_ keys: [[UInt8]], emit: (KeyRecord) throws(RStateError) -> Void)
    throws(RStateError)
  {
    guard useDump else { return try KeyReader.read(keys, db: db, on: reader, emit: emit) }
    var lookups: [Command] = []
    lookups.reserveCapacity(keys.count * 2)
    for key in keys {
      lookups.append(Command([Words.pttl, key], keyIndices: [1]))
      lookups.append(Command([Words.memory, Words.usage, key], keyIndices: [2]))
    }
    let replies = try reader.pipeline(lookups)
    let now = unixTimeMilliseconds()
    var small: [(key: [UInt8], expireAt: Int64?)] = []
    var big: [[UInt8]] = []
    for (index, key) in keys.enumerated() {
      let ttl = TimeToLive(pttlReply: replies[2 * index])
      guard ttl != .missing else { continue }  // gone since SCAN saw it
      var expireAt: Int64?
      if case .expiresIn(let ms) = ttl { expireAt = now + ms }
      if case .integer(let bytes) = replies[2 * index + 1], bytes <= largestDumpBytes {
        small.append((key, expireAt))
      } else {
        big.append(key)
      }
    }
    if !small.isEmpty {
      let dumps = try reader.pipeline(small.map { Command([Words.dump, $0.key], keyIndices: [1]) })
      for (entry, dump) in zip(small, dumps) {
        guard case .bulk(let payload) = dump else { continue }  // deleted in between
        guard payload.count <= largestDumpBytes, let type = Self.typeName(ofPayload: payload) else {
          big.append(entry.key)
          continue
        }
        try emit(
          KeyRecord(
            key: entry.key, db: db, type: type, value: .dumpOnly(payload),
            expireAtMilliseconds: entry.expireAt))
      }
    }
    if !big.isEmpty { try KeyReader.read(big, db: db, on: reader, emit: emit) }
  }

  /// The Redis type of a DUMP payload, from its first byte (the RDB object type).
  static func typeName(ofPayload payload: [UInt8]) -> String? {
    switch payload.first {
    case 0?: return "string"
    case 1?, 10?, 14?, 18?: return "list"
    case 2?, 11?, 20?: return "set"
    case 3?, 5?, 12?, 17?: return "zset"
    case 4?, 9?, 13?, 16?, 22?, 23?, 24?, 25?: return "hash"
    case 15?, 19?, 21?: return "stream"
    default: return nil
    }
  }

  private enum Words {
    static let pttl = Array("PTTL".utf8)
    static let memory = Array("MEMORY".utf8)
    static let usage = Array("USAGE".utf8)
    static let dump = Array("DUMP".utf8)
  }

  public func typedRecords(for record: KeyRecord) throws(RStateError) -> [KeyRecord]? {
    var records: [KeyRecord] = []
    try KeyReader.read([record.key], db: db, on: reader) { records.append($0) }
    return records
  }
}
