/// The shell's manners on a terminal, as iredis has them: a question before a command that
/// wipes, stops or blocks the server, and a pager for replies longer than the screen. Piped
/// input gets neither, so its output stays byte for byte redis-cli's.
public enum Manners {
  /// KEYS on a db holding more keys than this asks first: it walks every key in one call and
  /// the server answers nobody else until it is done (about a tenth of a second per 100,000
  /// keys, far more with long keys).
  public static let keysThreshold = 100_000

  /// The commands that ask first.
  enum Danger: Equatable {
    case flushDB, flushAll, shutdown, keys
    /// DEBUG and its subcommand: some crash (SEGFAULT, PANIC), block (SLEEP) or change
    /// (RELOAD, SET-ACTIVE-EXPIRE) the server.
    case debug(subcommand: String?)

    init?(_ command: [[UInt8]]) {
      guard let first = command.first else { return nil }
      switch String(decoding: first, as: UTF8.self).lowercased() {
      case "flushdb": self = .flushDB
      case "flushall": self = .flushAll
      case "shutdown": self = .shutdown
      case "keys": self = .keys
      case "debug": self = .debug(subcommand: command.dropFirst().first.flatMap(Manners.shown))
      default: return nil
      }
    }
  }

  /// True for the answer that runs the command: `yes`, in any case, blanks around it allowed.
  public static func isYes(_ answer: [UInt8]) -> Bool {
    let text = String(decoding: answer, as: UTF8.self).lowercased()
    return text.split(whereSeparator: { $0 == " " || $0 == "\t" }) == ["yes"]
  }

  /// What the question says the command will do, where; nil when it needs no question.
  /// `keys` is the key count of the db (FLUSHDB, KEYS) or of every db (FLUSHALL, SHUTDOWN)
  /// when the server told it; KEYS asks only above `keysThreshold`.
  static func question(
    _ danger: Danger, server: String, db: Int, keys: Int?, keysThreshold: Int = keysThreshold
  ) -> String? {
    let text: String
    switch danger {
    case .flushDB:
      let what = keys.map { "all \(counted($0, "key")) of" } ?? "every key in"
      text = "FLUSHDB deletes \(what) db \(db) on \(server)."
    case .flushAll:
      let what = keys.map { "all \(counted($0, "key")) of every db" } ?? "every key of every db"
      text = "FLUSHALL deletes \(what) on \(server)."
    case .shutdown:
      let held = keys.map { ", which holds \(counted($0, "key"))," } ?? ""
      text =
        "SHUTDOWN stops the server at \(server)\(held) for every client; "
        + "what was not saved is lost."
    case .debug(let subcommand):
      text =
        "DEBUG\(subcommand.map { " " + $0.uppercased() } ?? "") runs a debugging command on "
        + "\(server); some crash, block or change the server."
    case .keys:
      guard let keys, keys > keysThreshold else { return nil }
      text =
        "KEYS walks all \(counted(keys, "key")) of db \(db) on \(server) in one call, and the "
        + "server answers nobody else until it is done (rstate keys --pattern scans instead)."
    }
    return text + " Type yes to run it: "
  }

  /// The one-line note when the answer was not yes; the session goes on.
  static func notRun(_ danger: Danger) -> String {
    let name: String
    switch danger {
    case .flushDB: name = "FLUSHDB"
    case .flushAll: name = "FLUSHALL"
    case .shutdown: name = "SHUTDOWN"
    case .keys: name = "KEYS"
    case .debug: name = "DEBUG"
    }
    return "\(name) was not run (only yes runs it; :set noconfirm stops these questions)"
  }

  /// A word of the typed command as a question shows it: printable ASCII, or nothing.
  private static func shown(_ word: [UInt8]) -> String? {
    guard !word.isEmpty, word.count <= 40, word.allSatisfy({ (0x21...0x7E).contains($0) }) else {
      return nil
    }
    return String(decoding: word, as: UTF8.self)
  }

  /// How many rows of a terminal `columns` wide the bytes take: each line, wrapped at the
  /// width; escape sequences (redis-cli's colours in help) take no room; a UTF-8 character
  /// counts as one column. A reply whose rows are at least the terminal's height does not
  /// fit above the prompt and goes to the pager (psql's rule).
  public static func rows(_ bytes: [UInt8], columns: Int) -> Int {
    var rows = 0
    var column = 0
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      switch byte {
      case 0x0A:
        rows += 1
        column = 0
      case 0x0D:
        column = 0
      case 0x1B:
        // CSI: ESC [ parameters, then a final byte from @ to ~.
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { continue }
        index += 1
        while index < bytes.count && !(0x40...0x7E).contains(bytes[index]) { index += 1 }
        index += 1
      case 0x80...0xBF:
        continue  // the rest of a UTF-8 character
      default:
        if columns > 0 && column == columns {
          rows += 1
          column = 0
        }
        column += 1
      }
    }
    return column > 0 ? rows + 1 : rows
  }
}
