/// Every failure rstate reports. `description` is one line a user can act on and never holds a
/// password or a value; the exit status for each case is decided in one table in the executable.
public enum RStateError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The TCP or unix-socket connection could not be made.
  case cannotConnect(endpoint: String, reason: String)
  /// Connecting or waiting for a reply took longer than the configured timeout.
  case timedOut(endpoint: String, operation: String)
  /// The connection broke while a command was in flight.
  case connectionLost(endpoint: String, reason: String)
  /// The TLS handshake failed: an untrusted or mismatched certificate, or no TLS spoken.
  case tlsFailed(endpoint: String, reason: String)
  /// AUTH was refused, or the server wants a password that was not given.
  case authenticationFailed(user: String?, endpoint: String, serverMessage: String)
  /// The server is loading its dataset and refuses commands until it is done.
  case loading(endpoint: String)
  /// SELECT was refused (db out of range, or databases disabled as on a cluster).
  case selectFailed(db: Int, endpoint: String, serverMessage: String)
  /// An error reply where the command's caller needs success.
  case server(command: String, message: String)
  /// A reply of a shape the caller did not expect.
  case unexpectedReply(command: String, reply: String)
  /// A connection URL that cannot be used; `url` is already redacted.
  case invalidURL(url: String, reason: String)
  /// A connection setting with a bad value, naming where it came from.
  case invalidSetting(name: String, value: String, source: String, reason: String)
  /// A settings file (`.env`, `rstate.toml`) that cannot be read or parsed.
  case settingsFile(path: String, line: Int, column: Int?, reason: String)
  /// A data file (record file, JSON snapshot) that is truncated, corrupt or not what it
  /// claims to be, naming the line (and column) where reading stopped.
  case dataFile(path: String, line: Int, column: Int?, reason: String)
  /// Something the user asked for that cannot be done as asked.
  case usage(String)
  /// The user answered no at a confirmation prompt; nothing was changed.
  case declined(String)
  /// A feature that needs a later part of rstate or the system (e.g. TLS support).
  case unsupported(String)
  /// Reading or writing a local file failed.
  case io(path: String, reason: String)

  /// The message, one line, with anything that could be a credential masked (`Redaction`)
  /// and control bytes from servers, files or flags (a newline in a host) escaped.
  public var description: String { ServerText.printable(Redaction.scrub(unredactedDescription)) }

  private var unredactedDescription: String {
    switch self {
    case .cannotConnect(let endpoint, let reason):
      return "cannot connect to \(endpoint): \(reason)"
    case .timedOut(let endpoint, let operation):
      return "timed out \(operation) \(endpoint)"
    case .connectionLost(let endpoint, let reason):
      return "connection to \(endpoint) lost: \(reason)"
    case .tlsFailed(let endpoint, let reason):
      return "TLS connection to \(endpoint) failed: \(reason)"
    case .authenticationFailed(let user, let endpoint, let serverMessage):
      let who = user.map { "user \"\($0)\"" } ?? "the default user"
      return "authentication failed for \(who) at \(endpoint): \(serverMessage)"
    case .loading(let endpoint):
      return "\(endpoint) is loading its dataset into memory; try again when it is done"
    case .selectFailed(let db, let endpoint, let serverMessage):
      return "cannot select db \(db) at \(endpoint): \(serverMessage)"
    case .server(let command, let message):
      return "\(command) failed: \(message)"
    case .unexpectedReply(let command, let reply):
      return "unexpected reply to \(command): \(reply)"
    case .invalidURL(let url, let reason):
      return "invalid Redis URL '\(url)': \(reason)"
    case .invalidSetting(let name, let value, let source, let reason):
      return "invalid \(name) '\(value)' from \(source): \(reason)"
    case .settingsFile(let path, let line, let column, let reason),
      .dataFile(let path, let line, let column, let reason):
      let position = column.map { "\(path):\(line):\($0)" } ?? "\(path):\(line)"
      return "\(position): \(reason)"
    case .usage(let message), .unsupported(let message), .declined(let message):
      return message
    case .io(let path, let reason):
      return "\(path): \(reason)"
    }
  }

  /// True for mistakes in what the user typed or configured, as opposed to runtime failures.
  public var isUsageError: Bool {
    switch self {
    case .invalidURL, .invalidSetting, .settingsFile, .usage: return true
    default: return false
    }
  }

  /// True when trying again later may succeed (the server is starting, restarting or loading).
  public var isTransient: Bool {
    switch self {
    case .cannotConnect, .timedOut, .connectionLost, .loading: return true
    default: return false
    }
  }
}
