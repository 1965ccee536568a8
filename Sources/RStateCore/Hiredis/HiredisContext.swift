import CRStateHiredis
import Glibc

/// Owns one hiredis connection. The only type that calls hiredis: every call goes through
/// `check`/`reply`, which turn the context's error into an `RStateError` and mark it dead,
/// since hiredis says a context must not be reused after an error.
final class HiredisContext {
  private let raw: UnsafeMutablePointer<redisContext>
  let endpoint: Endpoint
  private(set) var isBroken = false

  private init(raw: UnsafeMutablePointer<redisContext>, endpoint: Endpoint) {
    self.raw = raw
    self.endpoint = endpoint
  }

  deinit { redisFree(raw) }

  static func connect(to endpoint: Endpoint, timeout: Double?) throws(RStateError) -> HiredisContext
  {
    let context: UnsafeMutablePointer<redisContext>?
    switch (endpoint, timeout) {
    case (.tcp(let host, let port), let timeout?):
      context = redisConnectWithTimeout(host, Int32(port), timeval(seconds: timeout))
    case (.tcp(let host, let port), nil):
      context = redisConnect(host, Int32(port))
    case (.unix(let path), let timeout?):
      context = redisConnectUnixWithTimeout(path, timeval(seconds: timeout))
    case (.unix(let path), nil):
      context = redisConnectUnix(path)
    }
    guard let context else {
      throw .cannotConnect(endpoint: endpoint.description, reason: "out of memory")
    }
    if context.pointee.err != 0 {
      let error = connectError(context, endpoint: endpoint)
      redisFree(context)
      throw error
    }
    if case .tcp = endpoint { _ = redisEnableKeepAlive(context) }
    return HiredisContext(raw: context, endpoint: endpoint)
  }

  /// Bounds every later read and write; nil waits forever.
  func setIOTimeout(_ seconds: Double?) throws(RStateError) {
    if redisSetTimeout(raw, timeval(seconds: seconds ?? 0)) != REDIS_OK {
      throw brokenError(operation: "setting the socket timeout for")
    }
  }

  /// Queues commands already encoded as RESP; they are written by the next `readReply`.
  func append(encoded bytes: [UInt8]) throws(RStateError) {
    let status = bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) {
        redisAppendFormattedCommand(raw, $0.baseAddress, $0.count)
      }
    }
    if status != REDIS_OK { throw brokenError(operation: "queueing a command for") }
  }

  /// Writes whatever is queued without waiting for replies.
  func writeQueued() throws(RStateError) {
    try withoutBrokenPipeSignal { () throws(RStateError) in
      var done: Int32 = 0
      while done == 0 {
        if redisBufferWrite(raw, &done) != REDIS_OK { throw brokenError(operation: "writing to") }
      }
    }
  }

  /// A write to a server that has gone away raises SIGPIPE, which would end rstate before it
  /// could report the lost connection (or save a migration's checkpoint): the signal is held
  /// back during the write and discarded; the write's EPIPE is reported instead.
  private func withoutBrokenPipeSignal(_ body: () throws(RStateError) -> Void) throws(RStateError) {
    var brokenPipe = sigset_t()
    sigemptyset(&brokenPipe)
    sigaddset(&brokenPipe, SIGPIPE)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &brokenPipe, &previous)
    defer {
      var pending = sigset_t()
      sigpending(&pending)
      if sigismember(&pending, SIGPIPE) == 1 && sigismember(&previous, SIGPIPE) == 0 {
        var now = timespec()
        sigtimedwait(&brokenPipe, nil, &now)
      }
      pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
    try body()
  }

  /// A reply already read off the socket and parsed, if there is one; never blocks.
  func bufferedReply() throws(RStateError) -> RESPValue? {
    var reply: UnsafeMutableRawPointer?
    if redisReaderGetReply(raw.pointee.reader, &reply) != REDIS_OK {
      throw brokenError(operation: "reading a reply from")
    }
    guard let reply else { return nil }
    return try take(reply)
  }

  /// Waits up to `seconds` for the socket to become readable.
  func waitReadable(seconds: Double) -> Bool {
    var descriptor = pollfd(fd: raw.pointee.fd, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, Int32(seconds * 1000)) > 0
  }

  /// Writes whatever is queued and reads the next reply.
  func readReply() throws(RStateError) -> RESPValue {
    if rstate_hiredis_pending_output(raw) > 0 { try writeQueued() }
    var reply: UnsafeMutableRawPointer?
    let status = redisGetReply(raw, &reply)
    if status != REDIS_OK { return try take(nil) }
    return try take(reply)
  }

  private func take(_ reply: UnsafeMutableRawPointer?) throws(RStateError) -> RESPValue {
    guard let reply else { throw brokenError(operation: "waiting for a reply from") }
    let typed = reply.assumingMemoryBound(to: redisReply.self)
    defer { freeReplyObject(reply) }
    return RESPValue(copying: typed)
  }

  private func brokenError(operation: String) -> RStateError {
    isBroken = true
    let code = raw.pointee.err
    let message = String(cString: rstate_hiredis_errstr(raw))
    let savedErrno = errno
    if code == REDIS_ERR_IO && (savedErrno == EAGAIN || savedErrno == EWOULDBLOCK) {
      return .timedOut(endpoint: endpoint.description, operation: operation)
    }
    if code == REDIS_ERR_EOF {
      return .connectionLost(endpoint: endpoint.description, reason: "server closed the connection")
    }
    return .connectionLost(endpoint: endpoint.description, reason: lowercasingFirst(message))
  }

  private static func connectError(
    _ context: UnsafeMutablePointer<redisContext>, endpoint: Endpoint
  ) -> RStateError {
    let message = String(cString: rstate_hiredis_errstr(context))
    if errno == ETIMEDOUT || errno == EINPROGRESS || message.contains("timed out") {
      return .timedOut(endpoint: endpoint.description, operation: "connecting to")
    }
    var reason = lowercasingFirst(message)
    if reason == "name or service not known" || reason.hasPrefix("temporary failure in name") {
      reason = "unknown host (\(reason))"
    }
    return .cannotConnect(endpoint: endpoint.description, reason: reason)
  }
}

@available(*, unavailable) extension HiredisContext: Sendable {}

extension timeval {
  init(seconds: Double) {
    let whole = seconds.rounded(.down)
    self.init(tv_sec: Int(whole), tv_usec: Int((seconds - whole) * 1_000_000))
  }
}

extension RESPValue {
  /// Deep-copies a hiredis reply tree; the caller frees the C reply right after.
  init(copying reply: UnsafeMutablePointer<redisReply>) {
    let node = reply.pointee
    func bytes() -> [UInt8] {
      guard let str = node.str, node.len > 0 else { return [] }
      return str.withMemoryRebound(to: UInt8.self, capacity: node.len) {
        Array(UnsafeBufferPointer(start: $0, count: node.len))
      }
    }
    switch node.type {
    case REDIS_REPLY_STATUS:
      // +OK answers most writes of a bulk load: share one array instead of allocating.
      if node.len == 2, node.str[0] == 0x4F, node.str[1] == 0x4B {
        self = .status(RESPValue.okBytes)
      } else {
        self = .status(bytes())
      }
    case REDIS_REPLY_ERROR: self = .error(bytes())
    case REDIS_REPLY_INTEGER: self = .integer(node.integer)
    case REDIS_REPLY_STRING: self = .bulk(bytes())
    case REDIS_REPLY_ARRAY:
      var elements: [RESPValue] = []
      elements.reserveCapacity(node.elements)
      for index in 0..<node.elements {
        elements.append(RESPValue(copying: node.element[index]!))
      }
      self = .array(elements)
    default: self = .null
    }
  }
}
