/// One authenticated connection to one server. It opens lazily, and when a command finds the
/// connection broken it reconnects once, restoring auth, db and client name, before giving up.
public final class Connection {
  /// A login typed in the shell (AUTH, HELLO … AUTH) is kept here, so reconnects, `connect`
  /// and the shell's side connections log in with it too.
  public private(set) var settings: ConnectionSettings
  private var context: ServerChannel?
  /// The db the connection is on; SELECT through `send` updates it so a reconnect restores it.
  public private(set) var db: Int

  public init(settings: ConnectionSettings) {
    self.settings = settings
    self.db = settings.db
  }

  /// The server commands go to: the settings' endpoint, or the primary Sentinel named.
  public var endpoint: Endpoint { resolvedEndpoint ?? settings.endpoint }
  private var resolvedEndpoint: Endpoint?
  /// When the sentinels were last asked for the primary.
  private var askedSentinels = 0.0

  /// Connects and authenticates now, so connection problems surface before any work starts.
  public func open() throws(RStateError) {
    let context = try liveContext()
    try finishHandshake(context)
  }

  /// Drops the connection; the next command opens a new one.
  public func close() {
    context = nil
    refusedBeforeLogin = false
    selectRefusal = nil
    pendingHandshake = []
    awaiting = nil
    streaming = false
  }

  /// Sends one command. A server error reply is returned as `.error`, not thrown.
  public func send(_ command: Command) throws(RStateError) -> RESPValue {
    try pipeline([command])[0]
  }

  /// Sends every command in one write and reads the replies in order. On a new connection
  /// the handshake travels in the same write, so the first command costs no extra round trip.
  public func pipeline(_ commands: [Command]) throws(RStateError) -> [RESPValue] {
    guard !commands.isEmpty else { return [] }
    let context = try liveContext()
    var encoded: [UInt8] = []
    for command in commands { RESPEncoder.append(command.arguments, to: &encoded) }
    context.append(encoded: encoded)
    try finishHandshake(context)
    var replies: [RESPValue] = []
    replies.reserveCapacity(commands.count)
    for command in commands {
      replies.append(
        try context.readReply(
          to: command.name, limits: command.replyLimits, by: replyDeadline()))
    }
    for (command, reply) in zip(commands, replies) { note(command, reply) }
    if settings.sentinel != nil, !retriedAfterFailover,
      replies.contains(where: { $0.serverError?.code == "READONLY" })
    {
      // The primary became a replica (a failover): ask the sentinels again and resend; a
      // replica refuses writes, so nothing was written twice.
      close()
      retriedAfterFailover = true
      defer { retriedAfterFailover = false }
      return try pipeline(commands)
    }
    return replies
  }

  private var retriedAfterFailover = false

  /// True when a reply says the server is no longer the primary Sentinel named, so the
  /// caller may reconnect (asking the sentinels again) and send the command once more.
  public func isStalePrimary(_ reply: RESPValue) -> Bool {
    settings.sentinel != nil && reply.serverError?.code == "READONLY"
  }

  /// Writes a command without waiting for its reply, so the server works on it while the
  /// caller does something else; `receive()` reads the reply. Nothing else may be sent on
  /// this connection in between.
  public func sendWithoutWaiting(_ command: Command) throws(RStateError) {
    var encoded: [UInt8] = []
    RESPEncoder.append(command.arguments, to: &encoded)
    try sendWithoutWaiting(encoded: encoded)
    awaiting = command
    if Self.startsStream(command) { streaming = true }
  }

  /// After SUBSCRIBE or MONITOR, messages come whenever they are published: waiting for the
  /// next one has no deadline (only its bytes, once they start, have). Until `close()`.
  private var streaming = false

  private static func startsStream(_ command: Command) -> Bool {
    command.argument(0, is: "subscribe") || command.argument(0, is: "psubscribe")
      || command.argument(0, is: "ssubscribe") || command.argument(0, is: "monitor")
  }

  /// Writes commands already encoded as RESP without waiting; `receive()` reads each reply.
  /// The server works on a batch while rstate prepares the next: the bulk-write pipeline.
  public func sendWithoutWaiting(encoded: [UInt8]) throws(RStateError) {
    guard !encoded.isEmpty else { return }
    let context = try liveContext()
    try finishHandshake(context)
    context.append(encoded: encoded)
    try context.writeQueued(by: replyDeadline())
    awaiting = nil
  }

  /// The command sent without waiting whose reply has not come yet (to follow SELECT).
  private var awaiting: Command?

  private func arrived(_ reply: RESPValue) -> RESPValue {
    if let command = awaiting {
      note(command, reply)
      // A stream's messages are replies to its command too (its limits, its name in errors).
      if !streaming { awaiting = nil }
    }
    return reply
  }

  /// The reply to a command sent with `sendWithoutWaiting`.
  public func receive() throws(RStateError) -> RESPValue {
    let (name, limits) = expected
    return arrived(try liveContext().readReply(to: name, limits: limits, by: replyDeadline()))
  }

  /// The command and budget of the next reply: those of the command sent without waiting,
  /// or any command's when it was sent encoded.
  private var expected: (String, ReplyLimits) {
    guard let awaiting else { return ("a pipelined command", .standard) }
    return (awaiting.name, awaiting.replyLimits)
  }

  /// The next reply, checking `interrupted` while waiting; nil when it returned true first
  /// (Ctrl-C out of SUBSCRIBE, MONITOR or a blocking command). The socket timeout, when set,
  /// bounds the whole reply; after SUBSCRIBE or MONITOR it bounds each message from its
  /// first byte.
  public func waitForReply(interrupted: () -> Bool) throws(RStateError) -> RESPValue? {
    let context = try liveContext()
    let (name, limits) = expected
    var deadline = streaming ? nil : replyDeadline()
    while true {
      if let reply = try context.bufferedReply(to: name, limits: limits) {
        return arrived(reply)
      }
      if interrupted() { return nil }
      if deadline == nil && context.isInReply { deadline = replyDeadline() }
      let limit = deadline ?? .never
      if limit.hasPassed { throw context.timedOut() }
      // A tenth of a second at a time, to notice Ctrl-C.
      try context.receive(by: limit.capped(at: .after(0.1)))
    }
  }

  /// When a reply must have arrived if it starts now: after the socket timeout, and never
  /// after the run's deadline.
  private func replyDeadline() -> Deadline {
    Deadline.after(settings.socketTimeout).capped(at: runDeadline)
  }

  private var runDeadline: Deadline {
    settings.runDeadline.map { Deadline(instant: $0) } ?? .never
  }

  /// The open context. One found broken (by an earlier failure) is replaced here: the one
  /// reconnect, which queues AUTH, SELECT and CLIENT SETNAME again.
  private func liveContext() throws(RStateError) -> ServerChannel {
    if let context, !context.isBroken {
      guard let sentinel = settings.sentinel, monotonicSeconds() - askedSentinels >= 1 else {
        return context
      }
      // After a failover the old primary takes writes until Sentinel turns it into a
      // replica, which can take seconds: ask again at most once a second, and move.
      askedSentinels = monotonicSeconds()
      let primary = try SentinelResolver.primary(for: settings, sentinel: sentinel)
      if primary == resolvedEndpoint { return context }
    }
    close()
    var target = settings
    if let sentinel = settings.sentinel {
      // Asked on every (re)connect, so a failover is followed.
      target.endpoint = try SentinelResolver.primary(for: settings, sentinel: sentinel)
      resolvedEndpoint = target.endpoint
      askedSentinels = monotonicSeconds()
    }
    let context = try ServerChannel.open(
      target, by: Deadline.after(settings.connectTimeout).capped(at: runDeadline))
    pendingHandshake = handshakeSteps()
    var encoded: [UInt8] = []
    for step in pendingHandshake { RESPEncoder.append(step.command, to: &encoded) }
    if !encoded.isEmpty { context.append(encoded: encoded) }
    self.context = context
    return context
  }

  private func note(_ command: Command, _ reply: RESPValue) {
    noteSelect(command, reply)
    noteLogin(command, reply)
  }

  /// Set by the shell: a server that refuses SELECT or CLIENT SETNAME for want of a login
  /// leaves the connection open, so the user can log in with AUTH, as in redis-cli.
  public var loginMayFollow = false
  /// True when the handshake's SELECT or CLIENT SETNAME was refused for want of a login:
  /// they are sent again after one.
  private var refusedBeforeLogin = false
  /// The server's refusal of the handshake's SELECT for want of a login (`NOAUTH …`): the
  /// connection is on db 0 until someone logs in. The shell says so as redis-cli does.
  public private(set) var selectRefusal: String?

  /// After a successful AUTH or HELLO … AUTH: its credentials become the settings' (as a
  /// `Secret`, so no message shows them), and what the missing login refused is sent again.
  private func noteLogin(_ command: Command, _ reply: RESPValue) {
    let succeeded: Bool
    if command.argument(0, is: "auth") {
      succeeded = reply == .status(Array("OK".utf8))
    } else if command.argument(0, is: "hello") {
      if case .array = reply { succeeded = true } else { succeeded = false }
    } else {
      return
    }
    guard succeeded, let (user, password) = Self.credentials(in: command) else { return }
    settings.user = user
    settings.password = Secret(password)
    guard refusedBeforeLogin, let context else { return }
    refusedBeforeLogin = false
    selectRefusal = nil
    // Read with the next command's replies, as on a new connection.
    pendingHandshake = handshakeSteps().filter { $0.kind != .auth }
    var encoded: [UInt8] = []
    for step in pendingHandshake { RESPEncoder.append(step.command, to: &encoded) }
    if !encoded.isEmpty { context.append(encoded: encoded) }
  }

  /// The user (nil for the default) and password of `AUTH [user] password` or
  /// `HELLO protover AUTH user password …`; nil for a password that is not UTF-8 text, which
  /// a reconnect could not send again unchanged.
  static func credentials(in command: Command) -> (String?, String)? {
    let arguments = command.arguments
    var user: [UInt8]?
    let password: [UInt8]
    if command.argument(0, is: "auth") {
      guard arguments.count == 2 || arguments.count == 3 else { return nil }
      if arguments.count == 3 { user = arguments[1] }
      password = arguments[arguments.count - 1]
    } else {
      guard
        let index = (2..<max(2, arguments.count)).first(where: { command.argument($0, is: "auth") }
        ),
        index + 2 < arguments.count
      else { return nil }
      user = arguments[index + 1]
      password = arguments[index + 2]
    }
    guard let text = String(validating: password, as: UTF8.self) else { return nil }
    let name = user.map { String(decoding: $0, as: UTF8.self) }
    return (name, text)
  }

  private func noteSelect(_ command: Command, _ reply: RESPValue) {
    guard command.argument(0, is: "select"), command.arguments.count == 2,
      reply == .status(Array("OK".utf8)),
      let db = Int(String(decoding: command.arguments[1], as: UTF8.self))
    else { return }
    self.db = db
  }

  private var pendingHandshake: [(kind: HandshakeStep, command: [[UInt8]])] = []

  /// AUTH, SELECT and CLIENT SETNAME, restoring the db the connection was on.
  private func handshakeSteps() -> [(kind: HandshakeStep, command: [[UInt8]])] {
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
    return steps
  }

  /// Reads the handshake's replies (writing whatever is queued first) and turns a refusal
  /// into an error; the connection is dropped then, since later replies would be refusals too.
  private func finishHandshake(_ context: ServerChannel) throws(RStateError) {
    guard !pendingHandshake.isEmpty else { return }
    let steps = pendingHandshake
    pendingHandshake = []
    // The handshake's replies are bounded by the connect timeout, so a silent server cannot
    // hang start-up, and by the socket timeout when that is shorter: they are replies too.
    let deadline = Deadline.after(settings.connectTimeout ?? settings.socketTimeout)
      .capped(at: .after(settings.socketTimeout)).capped(at: runDeadline)
    var replies: [RESPValue] = []
    for step in steps {
      replies.append(
        try context.readReply(to: step.kind.name, limits: .small, by: deadline))
    }
    do {
      try check(steps.map(\.kind), replies)
    } catch {
      close()
      throw error
    }
  }

  private func check(_ steps: [HandshakeStep], _ replies: [RESPValue]) throws(RStateError) {
    let where_ = settings.endpoint.description
    for (step, reply) in zip(steps, replies) {
      guard let error = reply.serverError else { continue }
      if error.isLoading { throw .loading(endpoint: where_) }
      switch step {
      case .auth:
        throw .authenticationFailed(
          user: settings.user, endpoint: where_,
          serverMessage: ServerText.printable(error.message))
      case .select where error.code == "NOAUTH", .setName where error.code == "NOAUTH":
        if loginMayFollow && settings.password == nil {
          refusedBeforeLogin = true
          if step == .select { selectRefusal = ServerText.printable(error.message) }
          continue
        }
        throw .authenticationFailed(
          user: settings.user, endpoint: where_,
          serverMessage: "the server requires a password (give one with --askpass, -a, "
            + "REDIS_PASSWORD or the URL)")
      case .select:
        throw .selectFailed(
          db: db, endpoint: where_, serverMessage: ServerText.printable(error.message))
      case .setName:
        continue  // Managed services may rename or forbid CLIENT; the name is a courtesy.
      }
    }
  }

  private enum HandshakeStep {
    case auth, select, setName

    var name: String {
      switch self {
      case .auth: return "AUTH"
      case .select: return "SELECT"
      case .setName: return "CLIENT SETNAME"
      }
    }
  }
}

@available(*, unavailable) extension Connection: Sendable {}
