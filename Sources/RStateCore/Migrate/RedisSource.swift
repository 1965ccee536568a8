/// A Redis server (one db) as a source. Three connections: SCAN (the next page in flight
/// while one is read), the pipelined value reads, and one for everything else (typed reads
/// of big keys, `--move`). With DUMP, each request to the server carries the DUMPs of one page
/// and the PTTL/MEMORY USAGE look-ups of the next, and is sent before the page read last is
/// handed on, so the server works while rstate writes to the target. Keys too big for one
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
  private var reader: Connection { client.seed }
  /// Reads and deletes outside the pipelined page reads (typed values, `--move`).
  public let readerConnection: Connection

  /// DUMP payloads of one page held at once, estimated from MEMORY USAGE; keys beyond it
  /// are read typed.
  static let pageDumpBytes = 16 << 20

  public init(client: RedisClient, filter: ScanFilter, useDump: Bool, largestDumpBytes: Int) {
    self.client = client
    self.filter = filter
    self.useDump = useDump
    self.largestDumpBytes = largestDumpBytes
    scanner = Connection(settings: client.settings)
    readerConnection = Connection(settings: client.settings)
  }

  public var description: String { client.settings.redactedURL }
  public var db: Int { client.settings.db }

  public var estimatedKeyCount: Int? {
    guard filter.pattern == nil, filter.type == nil,
      case .integer(let size)? = try? reader.send(Command("DBSIZE"))
    else { return nil }
    return Int(size)
  }

  /// A SCAN page on its way: keys looked up, then their values read.
  private struct Page {
    var position: SourcePosition
    /// Keys to DUMP, with their absolute expiry.
    var small: [(key: [UInt8], expireAt: Int64?)] = []
    /// Keys to read typed, in windows.
    var big: [[UInt8]] = []
    /// The DUMP records, once read.
    var records: [KeyRecord] = []
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
    guard useDump else {
      return try KeyScan.forEachBatch(on: scanner, filter, from: start, readAhead: true) {
        keys, next throws(RStateError) in
        try emit(Page(position: Self.position(after: next), big: keys), to: handle)
      }
    }
    var lookedUp: Page?
    var read: Page?
    var stopped = false
    try KeyScan.forEachBatch(on: scanner, filter, from: start, readAhead: true) {
      keys, next throws(RStateError) in
      try sendRequest(dumping: lookedUp, lookingUp: keys)
      if let page = read, try !emit(page, to: handle) { stopped = true }
      // Read even after a stop, so the connection stays in step.
      read = try lookedUp.map { page throws(RStateError) in try receiveDumps(of: page) }
      lookedUp = try receiveLookups(keys, position: Self.position(after: next))
      return !stopped
    }
    guard !stopped else { return }
    try sendRequest(dumping: lookedUp, lookingUp: [])
    if let page = read, try !emit(page, to: handle) { stopped = true }
    read = try lookedUp.map { page throws(RStateError) in try receiveDumps(of: page) }
    if !stopped, let page = read { _ = try emit(page, to: handle) }
  }

  private static func position(after cursor: [UInt8]) -> SourcePosition {
    cursor == Array("0".utf8) ? .finished : .cursor(cursor)
  }

  /// Hands on a page's records, then its big keys read typed, then its position.
  private func emit(_ page: Page, to handle: (SourceEvent) throws(RStateError) -> Bool)
    throws(RStateError) -> Bool
  {
    for record in page.records where try !handle(.record(record)) { return false }
    var stopped = false
    if !page.big.isEmpty {
      try KeyReader.read(page.big, db: db, on: readerConnection) { record throws(RStateError) in
        if !stopped, try !handle(.record(record)) { stopped = true }
      }
    }
    if stopped { return false }
    return try handle(.position(page.position))
  }

  /// Sends, without waiting, the DUMPs of a page looked up and the look-ups of the next.
  private func sendRequest(dumping page: Page?, lookingUp keys: [[UInt8]]) throws(RStateError) {
    var encoded: [UInt8] = []
    for entry in page?.small ?? [] { RESPEncoder.append([Words.dump, entry.key], to: &encoded) }
    for key in keys {
      RESPEncoder.append([Words.pttl, key], to: &encoded)
      RESPEncoder.append([Words.memory, Words.usage, key], to: &encoded)
    }
    try reader.sendWithoutWaiting(encoded: encoded)
  }

  /// Reads a page's DUMP replies; each key's type comes from its payload's first byte.
  private func receiveDumps(of page: Page) throws(RStateError) -> Page {
    var page = page
    page.records.reserveCapacity(page.small.count)
    for entry in page.small {
      guard case .bulk(let payload) = try reader.receive() else { continue }  // deleted since
      guard payload.count <= largestDumpBytes, let type = Self.typeName(ofPayload: payload) else {
        page.big.append(entry.key)
        continue
      }
      page.records.append(
        KeyRecord(
          key: entry.key, db: db, type: type, value: .dumpOnly(payload),
          expireAtMilliseconds: entry.expireAt))
    }
    page.small = []
    return page
  }

  /// Reads a page's PTTL and MEMORY USAGE replies and sorts its keys into DUMPs and typed reads.
  private func receiveLookups(_ keys: [[UInt8]], position: SourcePosition) throws(RStateError)
    -> Page
  {
    let now = unixTimeMilliseconds()
    var page = Page(position: position)
    var dumpBytes = 0
    for key in keys {
      let ttl = TimeToLive(pttlReply: try reader.receive())
      let usage = try reader.receive()
      guard ttl != .missing else { continue }  // gone since SCAN saw it
      var expireAt: Int64?
      if case .expiresIn(let ms) = ttl { expireAt = now + ms }
      if case .integer(let bytes) = usage, bytes <= largestDumpBytes,
        dumpBytes + Int(bytes) <= Self.pageDumpBytes
      {
        dumpBytes += Int(bytes)
        page.small.append((key, expireAt))
      } else {
        page.big.append(key)
      }
    }
    return page
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
    try KeyReader.read([record.key], db: db, on: readerConnection) { records.append($0) }
    return records
  }
}
