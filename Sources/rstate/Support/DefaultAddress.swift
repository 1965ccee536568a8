import RStateCore
import Synchronization

/// When no flag, variable or `.env` gave a setting, rstate connects to the default address;
/// a failure to connect there then says so, and where settings were looked for, rather than
/// leaving "connection refused" at an address nobody chose.
enum DefaultAddress {
  private static let note = Mutex<(endpoint: String, text: String)?>(nil)

  /// Remembers the note when every setting of `resolved` is a default, and forgets it
  /// otherwise.
  static func remember(_ resolved: ResolvedConnection) {
    guard resolved.settings.sentinel == nil,
      resolved.origins.allSatisfy({ $0.origin == .builtIn })
    else { return note.withLock { $0 = nil } }
    let envFile: String
    switch resolved.envFile {
    case .explicit(let path), .found(let path, _): envFile = "\(path) sets no REDIS_* variable"
    case .notFound(let search): envFile = "no .env was found in \(search.searchedDescription)"
    case .skipped: envFile = "--no-env-file was given"
    }
    let text =
      "that is the default address, used because no flag or REDIS_* variable gave a "
      + "setting and \(envFile)"
    note.withLock { $0 = (resolved.settings.endpoint.description, text) }
  }

  /// `; that is the default address, …` for an error connecting to it, else "".
  static func suffix(for error: RStateError) -> String {
    let endpoint: String
    switch error {
    case .cannotConnect(let address, _), .timedOut(let address, _): endpoint = address
    default: return ""
    }
    guard let note = note.withLock({ $0 }), note.endpoint == endpoint else { return "" }
    return "; " + note.text
  }
}
