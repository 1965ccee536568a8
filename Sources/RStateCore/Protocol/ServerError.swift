/// An error reply (`-CODE detail`) with its code split off, so callers can branch on the code.
public struct ServerError: Error, Sendable, Equatable {
  /// The first word of the message: `ERR`, `WRONGTYPE`, `NOAUTH`, `LOADING`, `MOVED` …
  public let code: String
  /// The whole message as the server sent it.
  public let message: String

  public init(message bytes: [UInt8]) {
    let message = String(decoding: bytes, as: UTF8.self)
    self.message = message
    self.code = String(message.prefix { $0 != " " })
  }

  public init(message: String) {
    self.init(message: Array(message.utf8))
  }

  public var isAuthenticationFailure: Bool {
    ["WRONGPASS", "NOAUTH", "NOPERM"].contains(code)
      || message.hasPrefix("ERR invalid password")
      || message.hasPrefix("ERR AUTH <password> called without any password")
      || message.hasPrefix("ERR Client sent AUTH, but no password is set")
  }

  public var isLoading: Bool { code == "LOADING" }

  /// True when the server does not know the command or refuses it by ACL or renaming.
  public var isRefusedCommand: Bool {
    message.hasPrefix("ERR unknown command") || code == "NOPERM"
  }
}
