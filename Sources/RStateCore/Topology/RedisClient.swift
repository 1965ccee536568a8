import Glibc

/// How rstate's commands reach the servers behind one set of connection settings. Commands
/// are routed by their keys (a keyless command goes to "the server"), and keyspace-wide work
/// runs "for each primary": the one node of a standalone server, every primary of a Redis
/// Cluster. Whether the server is a cluster is found out when keyspace-wide work first asks
/// (CLUSTER SHARDS, or CLUSTER SLOTS before Redis 7), or from a MOVED reply, so a plain
/// command costs no extra round trip.
public final class RedisClient {
  public let settings: ConnectionSettings
  /// The node the settings name; the way into a cluster.
  public let seed: Connection
  /// Called for each MOVED or ASK a command follows (the REPL prints redis-cli's line).
  public var onRedirect: ((ClusterRedirect) -> Void)?

  private var discovered = false
  private var layout: ClusterLayout?
  /// Set by a MOVED: the layout is read again before the next keyspace-wide work.
  private var layoutIsStale = false
  private var nodes: [Endpoint: Connection] = [:]
  private var otherDatabases: [Int: Connection] = [:]

  /// Redirects and TRYAGAIN/CLUSTERDOWN retries one command may take before its error is
  /// reported.
  static let attemptLimit = 16

  public init(settings: ConnectionSettings) {
    self.settings = settings
    seed = Connection(settings: settings)
  }

  /// Connects now, so unreachable or unauthenticated servers are reported before any work.
  public func open() throws(RStateError) {
    try seed.open()
    if settings.requireCluster { _ = try clusterLayout() }
  }

  /// The cluster's nodes and slots; nil for a standalone server.
  public func clusterLayout() throws(RStateError) -> ClusterLayout? {
    if !discovered || layoutIsStale { try discover() }
    return layout
  }

  public var isCluster: Bool {
    get throws(RStateError) { try clusterLayout() != nil }
  }

  /// Every primary node: the one server, or each primary of a cluster.
  public var primaries: [Connection] {
    get throws(RStateError) {
      guard let layout = try clusterLayout() else { return [seed] }
      return layout.primaries.map { node(at: $0.endpoint) }
    }
  }

  /// Runs `body` once per primary node, for SCAN, INFO, flush and health.
  public func forEachPrimary(_ body: (Connection) throws(RStateError) -> Void) throws(RStateError) {
    for connection in try primaries { try body(connection) }
  }

  /// The connection to a node, made once per address with the same login and TLS settings.
  public func node(at endpoint: Endpoint) -> Connection {
    if endpoint == seed.endpoint { return seed }
    if let existing = nodes[endpoint] { return existing }
    var other = settings
    other.endpoint = endpoint
    other.db = 0
    let made = Connection(settings: other)
    nodes[endpoint] = made
    return made
  }

  /// The connection that serves a key's slot (the seed for a standalone server or before
  /// the layout is known; a MOVED reply then says where to go).
  public func connection(forKey key: [UInt8]) -> Connection {
    guard let layout, let owner = layout.owner(of: HashSlot.slot(of: key)) else { return seed }
    return node(at: owner.endpoint)
  }

  /// The connection that serves a command's first key, or "the server" for a keyless one.
  public func connection(for command: Command) -> Connection {
    guard let index = command.keyIndices.first, index < command.arguments.count else {
      return seed
    }
    return connection(forKey: command.arguments[index])
  }

  /// The connection for a db of a standalone server: the client's own for its db, one more
  /// (kept) per other db, for work that spans dbs (record files, verification, backups).
  public func connection(db: Int) -> Connection {
    if db == settings.db { return seed }
    if let existing = otherDatabases[db] { return existing }
    var other = settings
    other.db = db
    let made = Connection(settings: other)
    otherDatabases[db] = made
    return made
  }

  /// Sends a command to the node that serves its keys, following MOVED (and remembering
  /// it) and ASK (with ASKING, this once) as `redis-cli -c` does, and retrying TRYAGAIN and
  /// CLUSTERDOWN a bounded number of times. Error replies are returned as values.
  public func send(_ command: Command) throws(RStateError) -> RESPValue {
    try send(command, on: connection(for: command))
  }

  /// As `send(_:)`, starting at `server` (the REPL's current node).
  public func send(_ command: Command, on server: Connection) throws(RStateError) -> RESPValue {
    var server = server
    var asking = false
    var reply = RESPValue.null
    for attempt in 0..<Self.attemptLimit {
      reply =
        asking
        ? try server.pipeline([Command("ASKING"), command])[1] : try server.send(command)
      asking = false
      guard let error = reply.serverError else { return reply }
      if let redirect = ClusterRedirect(error, answeredBy: server.endpoint) {
        onRedirect?(redirect)
        if redirect.isMoved { noteMoved(redirect) }
        server = node(at: redirect.endpoint)
        asking = !redirect.isMoved
        continue
      }
      guard error.code == "TRYAGAIN" || error.code == "CLUSTERDOWN" else { return reply }
      // A slot being migrated or a failover in progress: wait a little longer each time.
      usleep(UInt32(min(50_000 * (attempt + 1), 500_000)))
    }
    return reply
  }

  /// Keys grouped by the connection that serves them: their node on a cluster (layout read
  /// first), the connection for `db` otherwise. Groups keep the keys' order.
  public func partition(_ keys: [[UInt8]], db: Int) throws(RStateError) -> [(
    server: Connection, keys: [[UInt8]]
  )] {
    guard try isCluster else { return [(connection(db: db), keys)] }
    var groups: [ObjectIdentifier: (server: Connection, keys: [[UInt8]])] = [:]
    for key in keys {
      let server = connection(forKey: key)
      groups[ObjectIdentifier(server), default: (server, [])].keys.append(key)
    }
    return Array(groups.values)
  }

  /// Remembers where a MOVED reply says a slot now lives; returns the redirect it parsed.
  @discardableResult
  public func learn(from error: ServerError, answeredBy server: Connection) -> ClusterRedirect? {
    guard let redirect = ClusterRedirect(error, answeredBy: server.endpoint) else { return nil }
    if redirect.isMoved { noteMoved(redirect) }
    return redirect
  }

  /// Sends commands to the nodes that serve their keys, one pipeline per node, and returns
  /// the replies in the commands' order; a command redirected meanwhile (a slot moving) is
  /// sent again on its own through `send`.
  public func pipeline(_ commands: [Command]) throws(RStateError) -> [RESPValue] {
    guard commands.count > 1, try isCluster else { return try seed.pipeline(commands) }
    var byNode: [ObjectIdentifier: (server: Connection, indices: [Int])] = [:]
    for (index, command) in commands.enumerated() {
      let server = connection(for: command)
      byNode[ObjectIdentifier(server), default: (server, [])].indices.append(index)
    }
    var replies = [RESPValue](repeating: .null, count: commands.count)
    for (server, indices) in byNode.values {
      let answered = try server.pipeline(indices.map { commands[$0] })
      for (index, reply) in zip(indices, answered) { replies[index] = reply }
    }
    for index in replies.indices {
      guard let error = replies[index].serverError,
        ClusterRedirect(error, answeredBy: seed.endpoint) != nil || error.code == "TRYAGAIN"
      else { continue }
      replies[index] = try send(commands[index])
    }
    return replies
  }

  private func noteMoved(_ redirect: ClusterRedirect) {
    if layout == nil && discovered { discovered = false }
    layout?.move(slot: redirect.slot, to: redirect.endpoint)
    layoutIsStale = true
  }

  private func discover() throws(RStateError) {
    discovered = true
    layoutIsStale = false
    var host = "127.0.0.1"
    if case .tcp(let seedHost, _) = seed.endpoint { host = seedHost }
    let shards = try seed.send(Command("CLUSTER", "SHARDS"))
    if shards.serverError == nil {
      layout = ClusterLayout.parse(shards: shards, seedHost: host, tls: settings.tls)
      return
    }
    let error = shards.serverError!
    if error.message.lowercased().contains("cluster support disabled") {
      return try standalone(error.message)
    }
    // Before Redis 7, or CLUSTER SHARDS refused: CLUSTER SLOTS.
    let slots = try seed.send(Command("CLUSTER", "SLOTS"))
    if let refusal = slots.serverError {
      return try standalone(refusal.message)
    }
    layout = ClusterLayout.parse(slots: slots, seedHost: host)
  }

  /// Not a cluster (or CLUSTER refused, as managed services may): one server, unless `-c`
  /// asked for a cluster.
  private func standalone(_ message: String) throws(RStateError) {
    layout = nil
    if settings.requireCluster {
      throw .usage(
        "--cluster: \(seed.endpoint) is not a Redis Cluster node (CLUSTER answered: \(message))")
    }
  }
}

@available(*, unavailable) extension RedisClient: Sendable {}
