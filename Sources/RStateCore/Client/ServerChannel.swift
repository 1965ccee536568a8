import Glibc

/// One open connection's bytes: a transport (plain or TLS) that rstate reads and writes
/// itself, commands queued as RESP, and the replies. Each reply's bytes pass `RESPScanner`
/// (its limits, where it ends) before hiredis parses the whole reply at once. A failure
/// marks the channel broken, since the stream is out of step after it; `Connection` then
/// opens another.
final class ServerChannel {
  private let transport: any Transport
  private let reader = HiredisReader()
  private var scanner = RESPScanner()
  /// What the reply being scanned answers, for messages.
  private var replyName = ""
  private var output: [UInt8] = []
  /// Bytes read off the socket; those from `unscanned` to `received` belong to later replies.
  private var readBuffer = [UInt8](repeating: 0, count: 64 << 10)
  private var unscanned = 0
  private var received = 0
  /// The bytes of a reply in progress that spans reads.
  private var partial: [UInt8] = []
  private let usesTLS: Bool
  private var replied = false
  let endpoint: Endpoint
  private(set) var isBroken = false

  private init(transport: any Transport, endpoint: Endpoint, usesTLS: Bool) {
    self.transport = transport
    self.endpoint = endpoint
    self.usesTLS = usesTLS
  }

  /// Connects, and with TLS completes the handshake, by one deadline.
  static func open(_ settings: ConnectionSettings, by deadline: Deadline) throws(RStateError)
    -> ServerChannel
  {
    let socket = try SocketTransport.connect(to: settings.endpoint, by: deadline)
    guard settings.tls else {
      return ServerChannel(transport: socket, endpoint: settings.endpoint, usesTLS: false)
    }
    let context = try TLSContext.shared(for: settings.tlsOptions)
    let tls = try TLSTransport(
      over: socket, endpoint: settings.endpoint, context: context, by: deadline)
    return ServerChannel(transport: tls, endpoint: settings.endpoint, usesTLS: true)
  }

  /// Queues commands already encoded as RESP; they are written by `writeQueued` or the next
  /// `readReply`.
  func append(encoded bytes: [UInt8]) {
    if output.isEmpty { output = bytes } else { output += bytes }
  }

  /// Writes whatever is queued without waiting for replies.
  func writeQueued(by deadline: Deadline) throws(RStateError) {
    guard !output.isEmpty else { return }
    do {
      try transport.writeAll(output, by: deadline)
    } catch {
      throw broken(error, operation: "writing to")
    }
    output = []
  }

  /// True while part of a reply has arrived and the rest has not.
  var isInReply: Bool { scanner.isInReply }

  /// The next reply if all of it has arrived; never waits. `name` and `limits` are those of
  /// the command it answers (kept for a reply already in progress).
  func bufferedReply(to name: String, limits: ReplyLimits) throws(RStateError) -> RESPValue? {
    if !scanner.isInReply {
      scanner.limits = limits
      replyName = name
    }
    guard unscanned < received else { return nil }
    let outcome = readBuffer.withUnsafeBytes { buffer in
      scanner.scan(UnsafeRawBufferPointer(rebasing: buffer[unscanned..<received]))
    }
    switch outcome {
    case .success(.incomplete):
      partial += readBuffer[unscanned..<received]
      unscanned = received
      return nil
    case .success(.complete(let length)):
      let end = unscanned + length
      if partial.isEmpty {
        readBuffer.withUnsafeBytes {
          reader.feed(UnsafeRawBufferPointer(rebasing: $0[unscanned..<end]))
        }
      } else {
        partial += readBuffer[unscanned..<end]
        partial.withUnsafeBytes { reader.feed($0) }
        partial = []
      }
      unscanned = end
      return try parsed()
    case .failure(let violation):
      isBroken = true
      switch violation {
      case .malformed(let reason):
        throw .connectionLost(
          endpoint: endpoint.description, reason: "protocol error: \(reason)" + firstReplyHint)
      case .tooLarge(let what):
        throw .unexpectedReply(command: replyName, reply: what)
      }
    }
  }

  /// The reply hiredis made of the whole reply just fed.
  private func parsed() throws(RStateError) -> RESPValue {
    switch reader.nextReply() {
    case .success(let reply?):
      replied = true
      return reply
    case .success(nil):
      isBroken = true
      throw .connectionLost(
        endpoint: endpoint.description, reason: "protocol error: an incomplete reply")
    case .failure(let violation):
      isBroken = true
      throw .connectionLost(
        endpoint: endpoint.description,
        reason: "protocol error: \(violation.message)" + firstReplyHint)
    }
  }

  /// Reads what has arrived, waiting for it until `deadline`; false when nothing came by
  /// then (the channel stays usable: the caller decides whether that is a failure).
  @discardableResult
  func receive(by deadline: Deadline) throws(RStateError) -> Bool {
    precondition(unscanned == received, "bytes read earlier are not scanned yet")
    let outcome = readBuffer.withUnsafeMutableBytes { buffer in
      Result { () throws(TransportFailure) in try transport.read(into: buffer, by: deadline) }
    }
    switch outcome {
    case .success(let count):
      unscanned = 0
      received = count
      return true
    case .failure(.timedOut):
      return false
    case .failure(let failure):
      throw broken(failure, operation: "waiting for a reply from")
    }
  }

  /// Writes whatever is queued and reads the next reply, all of it by `deadline`.
  func readReply(to name: String, limits: ReplyLimits, by deadline: Deadline) throws(RStateError)
    -> RESPValue
  {
    try writeQueued(by: deadline)
    while true {
      if let reply = try bufferedReply(to: name, limits: limits) { return reply }
      guard try receive(by: deadline) else { throw timedOut() }
    }
  }

  /// A reply that did not come in time: the stream is out of step once it does.
  func timedOut() -> RStateError {
    broken(.timedOut, operation: "waiting for a reply from")
  }

  private func broken(_ failure: TransportFailure, operation: String) -> RStateError {
    isBroken = true
    if case .timedOut = failure {
      return .timedOut(endpoint: endpoint.description, operation: operation)
    }
    return .connectionLost(endpoint: endpoint.description, reason: failure.reason + firstReplyHint)
  }

  /// A connection dropped before its first reply is most often a TLS mismatch.
  private var firstReplyHint: String {
    if replied { return "" }
    if !usesTLS { return " (if the server expects TLS, connect with --tls or a rediss:// URL)" }
    if !hasClientCertificate {
      return " (if the server requires a client certificate, give it with --cert and --key)"
    }
    return ""
  }

  private var hasClientCertificate: Bool {
    (transport as? TLSTransport)?.hasClientCertificate ?? false
  }
}

@available(*, unavailable) extension ServerChannel: Sendable {}
