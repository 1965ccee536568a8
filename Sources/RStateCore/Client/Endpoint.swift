/// Where a Redis server listens.
public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
  case tcp(host: String, port: Int)
  case unix(path: String)

  public static let defaultHost = "127.0.0.1"
  public static let defaultPort = 6379

  /// `host:port` (IPv6 hosts in brackets) or the socket path, as in error messages.
  public var description: String {
    switch self {
    case .tcp(let host, let port):
      return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    case .unix(let path):
      return path
    }
  }

  /// True when the server is on this machine, so plaintext does not cross a network.
  public var isLocal: Bool {
    switch self {
    case .unix: return true
    case .tcp(let host, _):
      return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
  }
}

/// A password that prints as `***` wherever it is interpolated by accident.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
  public let value: String
  /// Registered with `Redaction`, so no message can show it.
  public init(_ value: String) {
    self.value = value
    Redaction.register(value)
  }
  public var description: String { "***" }
  public var debugDescription: String { "***" }
}
