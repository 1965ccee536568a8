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
  /// With `--namespace`: only the keys of this namespace, checked on each node's side reader.
  public var selection: NamespaceSelection?
  /// Read DUMP payloads (false: typed values, for older targets, files and verification).
  public var useDump: Bool
  /// Keys estimated above this are read typed in windows, so memory stays bounded.
  public var largestDumpBytes: Int
  /// Reads and deletes outside the pipelined page reads (typed values, `--move`), on
  /// connections of their own.
  public let side: RedisClient
  private var scanners: [Endpoint: Connection] = [:]

  /// DUMP payloads of one page held at once, estimated from MEMORY USAGE; keys beyond it
  /// are read typed.
  static let pageDumpBytes = 16 << 20

  public init(client: RedisClient, filter: ScanFilter, useDump: Bool, largestDumpBytes: Int) {
    self.client = client
    self.filter = filter
    self.useDump = useDump
    self.largestDumpBytes = largestDumpBytes
    side = RedisClient(settings: client.settings)
  }

  public var description: String { client.settings.redactedURL }
  public var db: Int { client.settings.db }

  public var estimatedKeyCount: Int? {
    guard filter.pattern == nil, filter.type == nil, let servers = try? client.primaries else {
      return nil
    }
    var total = 0
    for server in servers {
      guard case .integer(let size)? = try? server.send(Command("DBSIZE")) else { return nil }
      total += Int(size)
    }
    return total
  }

  /// The side connection that holds `key` (its node on a cluster).
  public func sideConnection(for key: [UInt8]) throws(RStateError) -> Connection {
    guard try client.isCluster else { return side.connection(db: db) }
    // The side client reads the layout itself the first time (its own connections).
    _ = try side.clusterLayout()
    return side.connection(forKey: key)
  }

  /// The nodes scanned in turn: the server, or a cluster's primaries in slot order (the order
  /// a resumed run relies on), with a fingerprint of which node serves which slots.
  private func scannedNodes() throws(RStateError) -> (nodes: [Endpoint], layout: String)? {
    guard let layout = try client.clusterLayout() else { return nil }
    let primaries = layout.primaries.sorted {
      ($0.slots.first?.lowerBound ?? 0) < ($1.slots.first?.lowerBound ?? 0)
    }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in primaries.map({ "\($0.endpoint)=\(ClusterSummary.ranges($0));" }).joined().utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return (primaries.map(\.endpoint), String(hash, radix: 16))
  }

  private func scanner(for endpoint: Endpoint) -> Connection {
    if let existing = scanners[endpoint] { return existing }
    var settings = client.settings
    settings.endpoint = endpoint
    let made = Connection(settings: settings)
    scanners[endpoint] = made
    return made
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

  /// One node's part of the scan: where it reads, and the position after each cursor (on a
  /// cluster `LAYOUT/NODE/CURSOR`, the node by its place in slot order).
  private struct Node {
    var reader: Connection
    var scanner: Connection
    var sideReader: Connection
    var position: (_ cursor: [UInt8]) -> SourcePosition
  }

  public func run(
    from position: SourcePosition?, _ handle: (SourceEvent) throws(RStateError) -> Bool
  ) throws(RStateError) {
    let zero = Array("0".utf8)
    var start = zero
    var firstNode = 0
    let cluster = try scannedNodes()
    switch position {
    case .finished?: return
    case .cursor(let cursor)?:
      start = cursor
      guard let cluster else { break }
      // LAYOUT/NODE/CURSOR: a SCAN cursor means nothing on another node, and keys that moved
      // to a primary already scanned would be missed, so a changed layout cannot resume.
      let parts = cursor.split(separator: UInt8(ascii: "/"), maxSplits: 2).map {
        String(decoding: $0, as: UTF8.self)
      }
      guard parts.count == 3, parts[0] == cluster.layout, let index = Int(parts[1]) else {
        throw .usage(
          "cannot resume: the cluster's primaries or slots changed since the checkpoint (a "
            + "resharding or a failover); remove the checkpoint and run again without --resume: "
            + "keys already copied count as unchanged")
      }
      firstNode = index
      start = Array(parts[2].utf8)
    default: break
    }
    guard let cluster else {
      let node = Node(
        reader: client.seed, scanner: scanner(for: client.seed.endpoint),
        sideReader: side.connection(db: db),
        position: { $0 == zero ? .finished : .cursor($0) })
      _ = try scan(node, from: start, handle)
      return
    }
    let nodes = cluster.nodes
    let prefix = cluster.layout + "/"
    for index in firstNode..<nodes.count {
      let last = index == nodes.count - 1
      let node = Node(
        reader: client.node(at: nodes[index]), scanner: scanner(for: nodes[index]),
        sideReader: side.node(at: nodes[index]),
        position: { cursor in
          if cursor != zero { return .cursor(Array("\(prefix)\(index)/".utf8) + cursor) }
          return last ? .finished : .cursor(Array("\(prefix)\(index + 1)/0".utf8))
        })
      guard try scan(node, from: index == firstNode ? start : zero, handle) else { return }
    }
  }

  /// Scans one node from `start`; false when `handle` stopped the run.
  private func scan(
    _ node: Node, from start: [UInt8], _ handle: (SourceEvent) throws(RStateError) -> Bool
  ) throws(RStateError) -> Bool {
    var stopped = false
    guard useDump else {
      try KeyScan.forEachBatch(on: node.scanner, filter, from: start, readAhead: true) {
        scanned, next throws(RStateError) in
        let keys = try selection?.select(scanned, on: node.sideReader) ?? scanned
        stopped = try !emit(Page(position: node.position(next), big: keys), node, to: handle)
        return !stopped
      }
      return !stopped
    }
    var lookedUp: Page?
    var read: Page?
    try KeyScan.forEachBatch(on: node.scanner, filter, from: start, readAhead: true) {
      scanned, next throws(RStateError) in
      let keys = try selection?.select(scanned, on: node.sideReader) ?? scanned
      try sendRequest(dumping: lookedUp, lookingUp: keys, on: node.reader)
      if let page = read, try !emit(page, node, to: handle) { stopped = true }
      // Read even after a stop, so the connection stays in step.
      read = try lookedUp.map { page throws(RStateError) in
        try receiveDumps(of: page, on: node.reader)
      }
      lookedUp = try receiveLookups(keys, position: node.position(next), on: node.reader)
      return !stopped
    }
    guard !stopped else { return false }
    try sendRequest(dumping: lookedUp, lookingUp: [], on: node.reader)
    if let page = read, try !emit(page, node, to: handle) { stopped = true }
    read = try lookedUp.map { page throws(RStateError) in
      try receiveDumps(of: page, on: node.reader)
    }
    if !stopped, let page = read, try !emit(page, node, to: handle) { stopped = true }
    return !stopped
  }

  /// Hands on a page's records, then its big keys read typed, then its position.
  private func emit(
    _ page: Page, _ node: Node, to handle: (SourceEvent) throws(RStateError) -> Bool
  )
    throws(RStateError) -> Bool
  {
    for record in page.records where try !handle(.record(record)) { return false }
    var stopped = false
    if !page.big.isEmpty {
      try KeyReader.read(page.big, db: db, on: node.sideReader) { record throws(RStateError) in
        if !stopped, try !handle(.record(record)) { stopped = true }
      }
    }
    if stopped { return false }
    return try handle(.position(page.position))
  }

  /// Sends, without waiting, the DUMPs of a page looked up and the look-ups of the next.
  private func sendRequest(dumping page: Page?, lookingUp keys: [[UInt8]], on reader: Connection)
    throws(RStateError)
  {
    var encoded: [UInt8] = []
    for entry in page?.small ?? [] { RESPEncoder.append([Words.dump, entry.key], to: &encoded) }
    for key in keys {
      RESPEncoder.append([Words.pttl, key], to: &encoded)
      RESPEncoder.append([Words.memory, Words.usage, key], to: &encoded)
    }
    try reader.sendWithoutWaiting(encoded: encoded)
  }

  /// Reads a page's DUMP replies; each key's type comes from its payload's first byte.
  private func receiveDumps(of page: Page, on reader: Connection) throws(RStateError) -> Page {
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
  private func receiveLookups(_ keys: [[UInt8]], position: SourcePosition, on reader: Connection)
    throws(RStateError) -> Page
  {
    let now = unixTimeMilliseconds()
    var page = Page(position: position)
    var dumpBytes = 0
    for key in keys {
      let ttl = TimeToLive(pttlReply: try reader.receive())
      let usage = try reader.receive()
      guard ttl != .missing else { continue }  // gone since SCAN saw it
      var expireAt: Int64?
      if case .expiresIn(let ms) = ttl {
        // Whatever a server answers, no overflow: a far expiry stays far.
        let (sum, overflow) = now.addingReportingOverflow(ms)
        expireAt = overflow ? Int64.max : sum
      }
      if case .integer(let bytes) = usage, bytes >= 0, bytes <= largestDumpBytes,
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
    try KeyReader.read([record.key], db: db, on: sideConnection(for: record.key)) {
      records.append($0)
    }
    return records
  }
}
