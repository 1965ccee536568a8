import Glibc

/// Why a read or write on a transport did not complete.
enum TransportFailure: Error {
  case timedOut
  /// The server closed the connection (an orderly end of the stream).
  case closed
  case failed(String)

  var reason: String {
    switch self {
    case .timedOut: return "timed out"
    case .closed: return "server closed the connection"
    case .failed(let reason): return reason
    }
  }
}

/// A moment on the monotonic clock by which a wait must end: a timeout bounds a whole reply
/// (or a whole connect), not each read, so a server that drips a byte at a time cannot hold
/// rstate past it.
struct Deadline {
  /// Monotonic seconds; infinity waits as long as it takes.
  let instant: Double

  static let never = Deadline(instant: .infinity)

  /// `seconds` from now; nil never ends.
  static func after(_ seconds: Double?) -> Deadline {
    guard let seconds else { return .never }
    return Deadline(instant: monotonicSeconds() + (seconds > 0 ? seconds : 0))
  }

  /// The earlier of the two.
  func capped(at other: Deadline) -> Deadline { instant <= other.instant ? self : other }

  var hasPassed: Bool { monotonicSeconds() >= instant }

  /// poll(2)'s timeout: the milliseconds left, rounded up and at most Int32.max; -1 for never.
  var pollMilliseconds: Int32 {
    if instant == .infinity { return -1 }
    let left = (instant - monotonicSeconds()) * 1000
    guard left > 0 else { return 0 }  // NaN too
    guard left < Double(Int32.max) else { return Int32.max }
    return Int32(left.rounded(.up))
  }
}

/// A byte stream to a server: a plain socket, or TLS over one. Reads and writes give up when
/// `deadline` passes.
protocol Transport: AnyObject {
  var descriptor: Int32 { get }
  /// Reads some bytes, at least one.
  func read(into buffer: UnsafeMutableRawBufferPointer, by deadline: Deadline)
    throws(TransportFailure) -> Int
  /// Writes some bytes, at least one.
  func write(_ bytes: UnsafeRawBufferPointer, by deadline: Deadline) throws(TransportFailure)
    -> Int
}

extension Transport {
  func writeAll(_ bytes: [UInt8], by deadline: Deadline) throws(TransportFailure) {
    // withUnsafeBytes rethrows untyped errors: carry the failure out as a Result.
    let outcome = bytes.withUnsafeBytes { buffer in
      Result { () throws(TransportFailure) in
        var offset = 0
        while offset < buffer.count {
          offset += try write(UnsafeRawBufferPointer(rebasing: buffer[offset...]), by: deadline)
        }
      }
    }
    try outcome.get()
  }
}

/// A connected TCP or unix-domain socket, non-blocking underneath so every wait has a bound.
final class SocketTransport: Transport {
  let descriptor: Int32

  private init(descriptor: Int32) { self.descriptor = descriptor }

  deinit { Glibc.close(descriptor) }

  /// Connects to a TCP host (each address it resolves to, in turn, all by one deadline) or a
  /// unix socket.
  static func connect(to endpoint: Endpoint, by deadline: Deadline) throws(RStateError)
    -> SocketTransport
  {
    switch endpoint {
    case .tcp(let host, let port):
      return try connectTCP(host: host, port: port, deadline: deadline)
    case .unix(let path): return try connectUnix(path: path, deadline: deadline)
    }
  }

  private static func connectTCP(host: String, port: Int, deadline: Deadline) throws(RStateError)
    -> SocketTransport
  {
    let endpoint = Endpoint.tcp(host: host, port: port)
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var found: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, String(port), &hints, &found)
    guard status == 0, let first = found else {
      let reason = lowercasingFirst(String(cString: gai_strerror(status)))
      throw .cannotConnect(endpoint: endpoint.description, reason: "unknown host (\(reason))")
    }
    defer { freeaddrinfo(first) }
    var failure: RStateError = .cannotConnect(
      endpoint: endpoint.description, reason: "no address to connect to")
    var address: UnsafeMutablePointer<addrinfo>? = first
    while let candidate = address {
      address = candidate.pointee.ai_next
      let made = attempt(
        family: candidate.pointee.ai_family, address: candidate.pointee.ai_addr,
        length: candidate.pointee.ai_addrlen, deadline: deadline, endpoint: endpoint)
      switch made {
      case .success(let socket):
        var on: Int32 = 1
        setsockopt(socket.descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, 4)
        socket.keepAlive()
        return socket
      case .failure(let error): failure = error
      }
    }
    throw failure
  }

  private static func connectUnix(path: String, deadline: Deadline) throws(RStateError)
    -> SocketTransport
  {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard bytes.count < capacity else {
      throw .cannotConnect(
        endpoint: path, reason: "the socket path is longer than \(capacity - 1) bytes")
    }
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        attempt(
          family: AF_UNIX, address: $0, length: socklen_t(MemoryLayout<sockaddr_un>.size),
          deadline: deadline, endpoint: .unix(path: path))
      }
    }
    return try result.get()
  }

  private static func attempt(
    family: Int32, address: UnsafePointer<sockaddr>?, length: socklen_t, deadline: Deadline,
    endpoint: Endpoint
  ) -> Result<SocketTransport, RStateError> {
    let kind = Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue)
    let descriptor = socket(family, kind, 0)
    guard descriptor >= 0 else {
      return .failure(.cannotConnect(endpoint: endpoint.description, reason: errnoText()))
    }
    let socket = SocketTransport(descriptor: descriptor)
    if Glibc.connect(descriptor, address, length) == 0 { return .success(socket) }
    guard errno == EINPROGRESS || errno == EAGAIN || errno == EINTR else {
      return .failure(.cannotConnect(endpoint: endpoint.description, reason: errnoText()))
    }
    switch wait(descriptor, for: POLLOUT, by: deadline) {
    case .success: break
    case .failure(.timedOut):
      return .failure(.timedOut(endpoint: endpoint.description, operation: "connecting to"))
    case .failure(let other):
      return .failure(.cannotConnect(endpoint: endpoint.description, reason: other.reason))
    }
    var code: Int32 = 0
    var size = socklen_t(4)
    getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &size)
    guard code == 0 else {
      return .failure(
        .cannotConnect(
          endpoint: endpoint.description, reason: lowercasingFirst(String(cString: strerror(code)))
        ))
    }
    return .success(socket)
  }

  /// TCP keepalive probes after 15 s idle, as hiredis and redis-cli set them, so a vanished
  /// peer is noticed on long waits.
  private func keepAlive() {
    var on: Int32 = 1
    var seconds: Int32 = 15
    var probes: Int32 = 3
    setsockopt(descriptor, SOL_SOCKET, SO_KEEPALIVE, &on, 4)
    setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_KEEPIDLE, &seconds, 4)
    var interval = seconds / 3
    setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_KEEPINTVL, &interval, 4)
    setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_KEEPCNT, &probes, 4)
  }

  func read(into buffer: UnsafeMutableRawBufferPointer, by deadline: Deadline)
    throws(TransportFailure) -> Int
  {
    while true {
      let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
      if count > 0 { return count }
      if count == 0 { throw .closed }
      if errno == EINTR { continue }
      guard errno == EAGAIN || errno == EWOULDBLOCK else { throw .failed(errnoText()) }
      try Self.wait(descriptor, for: POLLIN, by: deadline).get()
    }
  }

  func write(_ bytes: UnsafeRawBufferPointer, by deadline: Deadline) throws(TransportFailure)
    -> Int
  {
    while true {
      // MSG_NOSIGNAL: a server that went away is an EPIPE to report, not a SIGPIPE.
      let count = send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
      if count >= 0 { return count }
      if errno == EINTR { continue }
      guard errno == EAGAIN || errno == EWOULDBLOCK else { throw .failed(errnoText()) }
      try Self.wait(descriptor, for: POLLOUT, by: deadline).get()
    }
  }

  /// Waits until the socket is ready for `events`, or the deadline passes.
  static func wait(_ descriptor: Int32, for events: Int32, by deadline: Deadline) -> Result<
    Void, TransportFailure
  > {
    var entry = pollfd(fd: descriptor, events: Int16(events), revents: 0)
    while true {
      let ready = poll(&entry, 1, deadline.pollMilliseconds)
      if ready > 0 { return .success(()) }
      // poll waits at most Int32.max ms at a time; a later deadline waits again.
      if ready == 0 {
        if deadline.hasPassed { return .failure(.timedOut) }
        continue
      }
      if errno != EINTR { return .failure(.failed(errnoText())) }
    }
  }
}

@available(*, unavailable) extension SocketTransport: Sendable {}

/// The current errno as a message, lowercased as rstate's messages are.
func errnoText() -> String { lowercasingFirst(String(cString: strerror(errno))) }
