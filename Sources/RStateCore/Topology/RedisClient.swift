/// How rstate's commands reach the servers behind one set of connection settings. Commands
/// are routed by their keys (a keyless command goes to "the server"), and keyspace-wide work
/// runs "for each primary", which is the one node of a standalone server. Cluster and Sentinel
/// become further topologies here without changes in the subcommands.
public final class RedisClient {
  public let settings: ConnectionSettings
  private let topology: Topology

  private enum Topology {
    case standalone(Connection)
  }

  public init(settings: ConnectionSettings) throws(RStateError) {
    self.settings = settings
    self.topology = .standalone(Connection(settings: settings))
  }

  /// Connects now, so unreachable or unauthenticated servers are reported before any work.
  public func open() throws(RStateError) {
    for connection in primaries { try connection.open() }
  }

  /// Every primary node; one connection on a standalone server.
  public var primaries: [Connection] {
    switch topology {
    case .standalone(let connection): return [connection]
    }
  }

  /// The connection that serves a key (or "the server" for a keyless command).
  public func connection(for command: Command) -> Connection {
    switch topology {
    case .standalone(let connection): return connection
    }
  }

  private var otherDatabases: [Int: Connection] = [:]

  /// The connection for a db of a standalone server: the client's own for its db, one more
  /// (kept) per other db, for work that spans dbs (record files, verification, backups).
  public func connection(db: Int) -> Connection {
    let primary = primaries[0]
    if db == settings.db { return primary }
    if let existing = otherDatabases[db] { return existing }
    var other = settings
    other.db = db
    let made = Connection(settings: other)
    otherDatabases[db] = made
    return made
  }

  /// Sends a command to the node that owns its keys; error replies are returned as values.
  public func send(_ command: Command) throws(RStateError) -> RESPValue {
    try connection(for: command).send(command)
  }

  /// Runs `body` once per primary node, for SCAN, INFO, flush and health.
  public func forEachPrimary(_ body: (Connection) throws(RStateError) -> Void) throws(RStateError) {
    for connection in primaries { try body(connection) }
  }
}

@available(*, unavailable) extension RedisClient: Sendable {}
