import CRStateHiredis

/// hiredis's RESP parser, fed with bytes rstate read from the socket itself (plain or TLS):
/// hiredis 0.14 has no TLS, so it parses and rstate does the I/O. `ServerChannel` feeds it
/// only whole replies that `RESPScanner` checked, since hiredis allocates by the counts it
/// reads and rescans unfinished lines.
final class HiredisReader {
  private let raw: UnsafeMutablePointer<redisReader>

  init() {
    guard let reader = redisReaderCreate() else { fatalError("hiredis: out of memory") }
    raw = reader
  }

  deinit { redisReaderFree(raw) }

  func feed(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    // Fails only when out of memory or after a protocol error, which `nextReply` reports.
    _ = redisReaderFeed(raw, base.assumingMemoryBound(to: CChar.self), bytes.count)
  }

  /// The next complete reply, nil when more bytes are needed; a protocol error is the
  /// parser's message.
  func nextReply() -> Result<RESPValue?, ProtocolViolation> {
    var reply: UnsafeMutableRawPointer?
    if redisReaderGetReply(raw, &reply) != REDIS_OK {
      return .failure(
        ProtocolViolation(message: String(cString: rstate_hiredis_reader_errstr(raw))))
    }
    guard let reply else { return .success(nil) }
    defer { freeReplyObject(reply) }
    // Before the copy: a large reply's bytes are not held three times at once.
    rstate_hiredis_reader_trim(raw)
    return .success(RESPValue(copying: reply.assumingMemoryBound(to: redisReply.self)))
  }

  struct ProtocolViolation: Error {
    var message: String
  }
}

@available(*, unavailable) extension HiredisReader: Sendable {}

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
