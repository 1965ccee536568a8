/// One RESP2 reply, copied out of hiredis so it can outlive the C reply and cross threads.
public enum RESPValue: Sendable, Equatable {
  case status([UInt8])
  case error([UInt8])
  case integer(Int64)
  case bulk([UInt8])
  case null
  case array([RESPValue])

  static let okBytes: [UInt8] = Array("OK".utf8)

  /// The reply's bytes when it is a bulk or status string.
  public var bytes: [UInt8]? {
    switch self {
    case .bulk(let bytes), .status(let bytes): return bytes
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
