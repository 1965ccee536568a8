/// The keys a keyspace command works on: a SCAN filter, narrowed to one namespace's keys
/// with `--namespace`.
public struct KeyScope: Sendable {
  public var filter: ScanFilter
  public var selection: NamespaceSelection?
  /// How the scope is named in previews: `matching 'session:*'`, `of namespace 'rq.jobs'`.
  public var label: String

  public init(filter: ScanFilter, selection: NamespaceSelection? = nil) {
    self.filter = filter
    self.selection = selection
    if let selection {
      label = "of namespace '\(selection.name)'"
    } else {
      label = "matching '\(String(decoding: filter.pattern ?? Array("*".utf8), as: UTF8.self))'"
    }
  }

  /// `KeyScan.forEachBatch` over the scope. A namespace's checks use the scanning connection,
  /// so there is no read-ahead then.
  public func forEachBatch(
    _ client: RedisClient, readAhead: Bool = false,
    _ body: (_ keys: [[UInt8]], _ server: Connection) throws(RStateError) -> Bool
  ) throws(RStateError) {
    guard let selection else {
      return try KeyScan.forEachBatch(client, filter, readAhead: readAhead, body)
    }
    try KeyScan.forEachBatch(client, filter) { keys, server throws(RStateError) in
      let chosen = try selection.select(keys, on: server)
      return chosen.isEmpty ? true : try body(chosen, server)
    }
  }
}
