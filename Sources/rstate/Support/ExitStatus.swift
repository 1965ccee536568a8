import ArgumentParser
import RStateCore

/// The one place where failures become exit statuses. Shown in `--help` and the man page.
enum ExitStatus {
  static let success: Int32 = 0
  static let failure: Int32 = 1
  static let usage: Int32 = 64

  static let table = """
    EXIT STATUS:
      0   success, nothing to do included: flush or ttl --set matching no
          key; migrate keys unchanged, expired, or skipped as --on-conflict
          skip asked; MONITOR or SUBSCRIBE stopped by Ctrl-C, SIGTERM or the
          reader going away (ping: the server answered PONG)
      1   failure: unreachable, timed out, login refused, an error reply,
          partly done; MONITOR or SUBSCRIBE ended by the server closing the
          connection; ttl KEY: a key missing; migrate: a key failed, a
          conflict under --on-conflict fail, a run stopped early, a --verify
          difference, a --move key kept on the source (ping: anything but
          PONG, bad arguments included)
      64  usage error: a bad flag, URL, port, db, timeout or .env line
      health: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (Nagios)
    """

  /// The status for an RStateError: ping answers only 0 or 1, as container health checks
  /// expect; every other command separates usage errors (64) from runtime failures (1).
  static func code(for error: RStateError, in command: any ParsableCommand.Type) -> Int32 {
    if command == RState.Ping.self { return failure }
    // health speaks Nagios: bad arguments are UNKNOWN, anything else CRITICAL.
    if command == RState.Health.self { return error.isUsageError ? 3 : 2 }
    return error.isUsageError ? usage : failure
  }

  /// The status for arguments argument-parser rejected, where a command differs from 64:
  /// health speaks Nagios, so bad arguments are UNKNOWN (3); ping answers only 0 or 1.
  static func parsingFailure(command: String?) -> Int32? {
    switch command {
    case "health": return 3
    case "ping": return failure
    default: return nil
    }
  }

  /// health's status: the Nagios code, or with --exit binary 0 for OK and WARNING and 1 for
  /// anything worse (container health checks).
  static func health(_ status: HealthStatus, binary: Bool) -> Int32 {
    guard binary else { return Int32(max(0, status.rawValue)) }
    return status == .critical || status == .unknown ? failure : success
  }
}
