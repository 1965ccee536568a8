import Glibc

/// One open connection's bytes: a transport (plain or TLS) that rstate reads and writes
/// itself, commands queued as RESP, and hiredis's parser for the replies. A failure marks the
/// channel broken, since the stream is out of step after it; `Connection` then opens another.
final class ServerChannel {
  private let transport: any Transport
  private let reader = HiredisReader()
  private var output: [UInt8] = []
  private var readBuffer = [UInt8](repeating: 0, count: 64 << 10)
  private var ioTimeout: Double?
  private let usesTLS: Bool
  private var replied = false
  let endpoint: Endpoint
  private(set) var isBroken = false

  private init(transport: any Transport, endpoint: Endpoint, usesTLS: Bool) {
    self.transport = transport
    self.endpoint = endpoint
    self.usesTLS = usesTLS
  }

  /// Connects, and with TLS completes the handshake, within the connect timeout.
  static func open(_ settings: ConnectionSettings) throws(RStateError) -> ServerChannel {
    let socket = try SocketTransport.connect(
      to: settings.endpoint, timeout: settings.connectTimeout)
    guard settings.tls else {
      return ServerChannel(transport: socket, endpoint: settings.endpoint, usesTLS: false)
    }
    let context = try TLSContext.shared(for: settings.tlsOptions)
    let tls = try TLSTransport(
      over: socket, endpoint: settings.endpoint, context: context,
      timeout: settings.connectTimeout)
    return ServerChannel(transport: tls, endpoint: settings.endpoint, usesTLS: true)
  }

  /// Bounds every later read and write; nil waits forever.
  func setIOTimeout(_ seconds: Double?) { ioTimeout = seconds }

  /// Queues commands already encoded as RESP; they are written by `writeQueued` or the next
  /// `readReply`.
  func append(encoded bytes: [UInt8]) {
    if output.isEmpty { output = bytes } else { output += bytes }
  }

  /// Writes whatever is queued without waiting for replies.
  func writeQueued() throws(RStateError) {
    guard !output.isEmpty else { return }
    do {
      try transport.writeAll(output, timeout: ioTimeout)
    } catch {
      throw broken(error, operation: "writing to")
    }
    output = []
  }

  /// A reply already read off the socket and parsed, if there is one; never blocks.
  func bufferedReply() throws(RStateError) -> RESPValue? {
    switch reader.nextReply() {
    case .success(let reply):
      if reply != nil { replied = true }
      return reply
    case .failure(let violation):
      isBroken = true
      throw .connectionLost(
        endpoint: endpoint.description,
        reason: "protocol error: \(violation.message)" + firstReplyHint)
    }
  }

  /// Waits up to `seconds` for a reply's bytes.
  func waitReadable(seconds: Double) -> Bool {
    if transport.hasBufferedInput { return true }
    var descriptor = pollfd(fd: transport.descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, Int32(seconds * 1000)) > 0
  }

  /// Writes whatever is queued and reads the next reply.
  func readReply() throws(RStateError) -> RESPValue {
    try writeQueued()
    while true {
      if let reply = try bufferedReply() { return reply }
      let outcome = readBuffer.withUnsafeMutableBytes { buffer in
        Result { () throws(TransportFailure) in try transport.read(into: buffer, timeout: ioTimeout)
        }
      }
      let count: Int
      switch outcome {
      case .success(let read): count = read
      case .failure(let failure): throw broken(failure, operation: "waiting for a reply from")
      }
      readBuffer.withUnsafeBytes { reader.feed(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }
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
