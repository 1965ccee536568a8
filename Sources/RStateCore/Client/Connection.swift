/// One authenticated connection to one server. It opens lazily, and when a command finds the
/// connection broken it reconnects once, restoring auth, db and client name, before giving up.
public final class Connection {
  public let settings: ConnectionSettings
  private var context: HiredisContext?
  /// The db the connection is on; SELECT through `send` updates it so a reconnect restores it.
  public private(set) var db: Int

  public init(settings: ConnectionSettings) {
    self.settings = settings
    self.db = settings.db
  }

  public var endpoint: Endpoint { settings.endpoint }

  /// Connects and authenticates now, so connection problems surface before any work starts.
  public func open() throws(RStateError) {
    if context == nil || context?.isBroken == true { context = try connect() }
  }

  /// Drops the connection; the next command opens a new one.
  public func close() { context = nil }

  /// Sends one command. A server error reply is returned as `.error`, not thrown.
  public func send(_ command: Command) throws(RStateError) -> RESPValue {
    let reply = try withLiveContext { context throws(RStateError) in
      try context.command(command.arguments)
    }
    noteSelect(command, reply)
    return reply
  }

  /// Sends every command in one write and reads the replies in order.
  public func pipeline(_ commands: [Command]) throws(RStateError) -> [RESPValue] {
    guard !commands.isEmpty else { return [] }
    let replies = try withLiveContext { context throws(RStateError) in
      for command in commands { try context.append(command.arguments) }
      var replies: [RESPValue] = []
      replies.reserveCapacity(commands.count)
      for _ in commands { replies.append(try context.readReply()) }
      return replies
    }
    for (command, reply) in zip(commands, replies) { noteSelect(command, reply) }
    return replies
  }

  /// Runs `body` on an open context. A context found broken before the call is replaced
  /// (the one reconnect); one that breaks during the call is reported and replaced next time.
  private func withLiveContext<Result>(
    _ body: (HiredisContext) throws(RStateError) -> Result
  ) throws(RStateError) -> Result {
    if context == nil || context?.isBroken == true { context = try connect() }
    return try body(context!)
  }

  private func noteSelect(_ command: Command, _ reply: RESPValue) {
    guard command.name == "SELECT", command.arguments.count == 2, reply == .status(Array("OK".utf8)),
      let db = Int(String(decoding: command.arguments[1], as: UTF8.self))
    else { return }
    self.db = db
  }

  private func connect() throws(RStateError) -> HiredisContext {
    let context = try HiredisContext.connect(
      to: settings.endpoint, timeout: settings.connectTimeout)
    // The handshake shares the connect timeout so a silent server cannot hang start-up.
    try context.setIOTimeout(settings.connectTimeout ?? settings.socketTimeout)
    try handshake(context)
    try context.setIOTimeout(settings.socketTimeout)
    return context
  }

  /// AUTH, SELECT and CLIENT SETNAME in one round trip.
  private func handshake(_ context: HiredisContext) throws(RStateError) {
    var steps: [(kind: HandshakeStep, command: [[UInt8]])] = []
    if let password = settings.password {
      var auth: [[UInt8]] = [Array("AUTH".utf8)]
      if let user = settings.user { auth.append(Array(user.utf8)) }
      auth.append(Array(password.value.utf8))
      steps.append((.auth, auth))
    }
    if db != 0 { steps.append((.select, [Array("SELECT".utf8), Array(String(db).utf8)])) }
    if let name = settings.clientName {
      steps.append((.setName, [Array("CLIENT".utf8), Array("SETNAME".utf8), Array(name.utf8)]))
    }
    guard !steps.isEmpty else { return }
    for step in steps { try context.append(step.command) }
    var replies: [RESPValue] = []
    for _ in steps { replies.append(try context.readReply()) }

    let where_ = settings.endpoint.description
    for (step, reply) in zip(steps, replies) {
      guard let error = reply.serverError else { continue }
      if error.isLoading { throw .loading(endpoint: where_) }
      switch step.kind {
      case .auth:
        throw .authenticationFailed(
          user: settings.user, endpoint: where_, serverMessage: error.message)
      case .select where error.code == "NOAUTH", .setName where error.code == "NOAUTH":
        throw .authenticationFailed(
          user: settings.user, endpoint: where_,
          serverMessage: "the server requires a password (give one with --askpass, -a, "
            + "REDIS_PASSWORD or the URL)")
      case .select:
        throw .selectFailed(db: db, endpoint: where_, serverMessage: error.message)
      case .setName:
        continue  // Managed services may rename or forbid CLIENT; the name is a courtesy.
      }
    }
  }

  private enum HandshakeStep { case auth, select, setName }
}

@available(*, unavailable) extension Connection: Sendable {}
