/// One reply, RESP2 or RESP3, copied out of the parser so it can outlive it and cross threads.
public enum RESPValue: Sendable, Equatable {
  case status([UInt8])
  case error([UInt8])
  case integer(Int64)
  case bulk([UInt8])
  case null
  case array([RESPValue])
  // RESP3 only (after HELLO 3); a RESP2 connection never sees these.
  /// A double as the server wrote it (`1.5`, `inf`, `0.10000000000000001`): redis-cli
  /// prints the wire text, so it is kept rather than converted.
  case double([UInt8])
  case boolean(Bool)
  /// Digits with an optional leading minus, beyond 64 bits.
  case bigNumber([UInt8])
  /// `=` strings: a three-byte format (`txt`, `mkd`) and the text after its colon.
  case verbatim(format: [UInt8], text: [UInt8])
  case map([RESPPair])
  case set([RESPValue])
  /// Out-of-band data (pub/sub messages, invalidations); element 0 names its kind.
  case push([RESPValue])

  static let okBytes: [UInt8] = Array("OK".utf8)

  /// The reply's bytes when it is a bulk, status or verbatim string.
  public var bytes: [UInt8]? {
    switch self {
    case .bulk(let bytes), .status(let bytes): return bytes
    case .verbatim(_, let text): return text
    default: return nil
    }
  }

  /// The reply as text when it is a bulk or status string (invalid UTF-8 is repaired).
  public var text: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

  public var serverError: ServerError? {
    if case .error(let bytes) = self { return ServerError(message: bytes) }
    return nil
  }

  public var isError: Bool {
    if case .error = self { return true }
    return false
  }
}

/// One key and value of a RESP3 map, in the order the server sent them.
public struct RESPPair: Sendable, Equatable {
  public var key: RESPValue
  public var value: RESPValue

  public init(key: RESPValue, value: RESPValue) {
    self.key = key
    self.value = value
  }
}
