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
  /// Calls `body` with each non-empty batch of keys and the connection that holds them;
  /// `body` returns false to stop early.
  public static func forEachBatch(
    _ client: RedisClient, _ filter: ScanFilter,
    _ body: (_ keys: [[UInt8]], _ server: Connection) throws(RStateError) -> Bool
  ) throws(RStateError) {
    for server in client.primaries {
      var cursor: [UInt8] = Array("0".utf8)
      repeat {
        let reply = try server.send(filter.command(cursor: cursor))
        guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].bytes,
          case .array(let found) = parts[1]
        else {
          if let error = reply.serverError {
            throw .server(command: "SCAN", message: error.message)
          }
          throw .unexpectedReply(command: "SCAN", reply: String(describing: reply))
        }
        cursor = next
        let keys = found.compactMap(\.bytes)
        if !keys.isEmpty, try !body(keys, server) { return }
      } while cursor != Array("0".utf8)
    }
  }
}

/// The keys seen so far, for removing SCAN's repeats; it grows with the number of keys.
public struct KeySet {
  private var seen = Set<[UInt8]>()
  public init() {}
  /// True the first time a key is offered.
  public mutating func insert(_ key: [UInt8]) -> Bool { seen.insert(key).inserted }
  public var count: Int { seen.count }
}
