/// What to SCAN for: a glob, a type filter and the batch hint.
public struct ScanFilter: Sendable, Equatable {
  public var pattern: [UInt8]?
  public var type: String?
  /// SCAN's COUNT hint: how much work the server does per call, not how many keys return.
  public var count: Int

  public init(pattern: [UInt8]? = nil, type: String? = nil, count: Int = 1000) {
    self.pattern = pattern
    self.type = type
    self.count = count
  }

  func command(cursor: [UInt8]) -> Command {
    var words: [[UInt8]] = [Array("SCAN".utf8), cursor]
    if let pattern { words += [Array("MATCH".utf8), pattern] }
    words += [Array("COUNT".utf8), Array(String(count).utf8)]
    if let type { words += [Array("TYPE".utf8), Array(type.utf8)] }
    return Command(words)
  }
}

/// Walks the keyspace with SCAN (never KEYS) on every primary, handing over each batch as it
/// arrives, so memory stays flat however many keys there are. SCAN may return a key twice;
/// callers that must not see repeats use `KeySet`.
public enum KeyScan {
  /// Calls `body` with each batch of keys and the connection that holds them; `body`
  /// returns false to stop early. Every primary of a cluster scans at once: each node has its
  /// next SCAN in flight while batches from the others are handled. With `readAhead` a
  /// node's next SCAN is also sent before `body` runs on its batch, so `body` must then not
  /// use the connection.
  public static func forEachBatch(
    _ client: RedisClient, _ filter: ScanFilter, readAhead: Bool = false,
    _ body: (_ keys: [[UInt8]], _ server: Connection) throws(RStateError) -> Bool
  ) throws(RStateError) {
    let servers = try client.primaries
    guard servers.count > 1 else {
      return try forEachBatch(on: servers[0], filter, readAhead: readAhead) {
        keys, _ throws(RStateError) in try body(keys, servers[0])
      }
    }
    let start = Array("0".utf8)
    for server in servers { try server.sendWithoutWaiting(filter.command(cursor: start)) }
    // Nodes with a SCAN sent and not yet read; after a stop or a failure their connections
    // are dropped (and reopened on next use) rather than waited for.
    var inFlight = Set(servers.indices)
    defer { for index in inFlight { servers[index].close() } }
    var active = Array(servers.indices)
    while !active.isEmpty {
      var finished: Set<Int> = []
      for index in active {
        let server = servers[index]
        let (keys, next) = try page(try server.receive())
        inFlight.remove(index)
        let more = next != start
        if !more { finished.insert(index) }
        if more && readAhead {
          try server.sendWithoutWaiting(filter.command(cursor: next))
          inFlight.insert(index)
        }
        if try !body(keys, server) { return }
        if more && !readAhead {
          try server.sendWithoutWaiting(filter.command(cursor: next))
          inFlight.insert(index)
        }
      }
      active.removeAll { finished.contains($0) }
    }
  }

  /// A SCAN reply's keys and next cursor.
  private static func page(_ reply: RESPValue) throws(RStateError) -> ([[UInt8]], [UInt8]) {
    guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].bytes,
      case .array(let found) = parts[1]
    else {
      if let error = reply.serverError {
        throw .server(command: "SCAN", message: error.message)
      }
      throw .unexpectedReply(command: "SCAN", reply: String(describing: reply))
    }
    return (found.compactMap(\.bytes), next)
  }

  /// One node's SCAN from `cursor`; `body` also gets the cursor after its batch (where a
  /// resumed scan continues; "0" at the end). Empty batches reach `body` too, so every
  /// cursor is seen.
  public static func forEachBatch(
    on server: Connection, _ filter: ScanFilter, from start: [UInt8] = Array("0".utf8),
    readAhead: Bool = false,
    _ body: (_ keys: [[UInt8]], _ next: [UInt8]) throws(RStateError) -> Bool
  ) throws(RStateError) {
    var cursor = start
    var pending = false
    repeat {
      let reply: RESPValue
      if pending {
        reply = try server.receive()
        pending = false
      } else {
        reply = try server.send(filter.command(cursor: cursor))
      }
      let (keys, next) = try page(reply)
      cursor = next
      if readAhead && cursor != Array("0".utf8) {
        try server.sendWithoutWaiting(filter.command(cursor: cursor))
        pending = true
      }
      if try !body(keys, cursor) {
        if pending { _ = try server.receive() }
        return
      }
    } while cursor != Array("0".utf8)
  }
}

/// The keys seen so far, for removing SCAN's repeats; it grows with the number of keys.
public struct KeySet {
  private var seen = Set<HashedKey>()
  public init() {}
  /// True the first time a key is offered.
  public mutating func insert(_ key: [UInt8]) -> Bool { seen.insert(HashedKey(key)).inserted }
  public var count: Int { seen.count }
}

/// A key with its FNV-1a hash computed once: hashing a byte array element by element through
/// `Hasher` dominated `flush --pattern` before.
private struct HashedKey: Hashable {
  let bytes: [UInt8]
  let fingerprint: UInt64

  init(_ bytes: [UInt8]) {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    self.bytes = bytes
    self.fingerprint = hash
  }

  func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }
  static func == (lhs: HashedKey, rhs: HashedKey) -> Bool {
    lhs.fingerprint == rhs.fingerprint && lhs.bytes == rhs.bytes
  }
}
