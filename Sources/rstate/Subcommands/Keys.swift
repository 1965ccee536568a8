import ArgumentParser
import RStateCore

extension RState {
  struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "keys",
      abstract: "List keys matching a pattern, with SCAN (never KEYS), as they arrive.",
      discussion: """
        Keys are printed as the server returns them, so memory stays flat however large the \
        keyspace. On a terminal keys are quoted and escaped as redis-cli prints them; piped, \
        one raw key per line; -0 separates raw keys with NUL bytes for `xargs -0` (a key that \
        holds a NUL byte is left out, with a warning and exit status 1); --json \
        prints JSON lines ({"key": …}, with {"base64": …} for keys that are not UTF-8). \
        --long adds type, time to live and memory (piped: type, TTL in ms with -1 for none, \
        bytes, key, separated by tabs). --namespaces shows the namespaces instead, as \
        `rstate ns` does.
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Connection") var database: DatabaseOption
    @OptionGroup(title: "Keys") var scan: ScanOptions

    @Argument(
      help: ArgumentHelp(
        "Redis glob of the keys to match, as --pattern (rstate keys 'session:*').",
        valueName: "glob"))
    var glob: String?

    @Option(
      parsing: .unconditional, help: "Stop after this many keys.",
      transform: WholeNumber.parser(1...Int.max))
    var limit: Int?

    @Flag(name: .shortAndLong, help: "Add type, time to live and memory usage columns.")
    var long = false

    @Flag(name: .customLong("count-only"), help: "Print only the number of matching keys.")
    var countOnly = false

    @Flag(help: "Show the namespaces found (as `rstate ns`, with its default sample).")
    var namespaces = false

    @Flag(
      help: """
        Drop the repeats SCAN may return; remembers every key seen, so memory grows with the \
        number of matches.
        """)
    var unique = false

    @Flag(
      name: [.customShort("0"), .customLong("null")], help: "Separate raw keys with NUL bytes.")
    var null = false

    @Flag(help: "Print JSON lines.")
    var json = false

    func validate() throws {
      if glob != nil && scan.selectsKeys {
        throw ValidationError("give the glob once: as an argument, --pattern or --namespace")
      }
      if namespaces
        && (scan.selectsKeys || glob != nil || long || null || countOnly || limit != nil)
      {
        throw ValidationError("--namespaces takes no pattern, namespace, limit or listing options")
      }
      if null && json { throw ValidationError("-0 and --json cannot be used together") }
      if countOnly && (long || null) {
        throw ValidationError("--count-only cannot be used with --long or -0")
      }
    }

    func run() throws {
      if namespaces {
        return try Namespaces.show(
          connection: connection, db: database.db, sample: 10_000, json: json)
      }
      var scan = scan
      if let glob { scan.pattern = glob }
      let client = try connection.connect(db: database.db)
      let listing: KeyListing =
        json ? .jsonLines : null ? .nulSeparated : Terminal.stdoutIsTTY ? .quoted : .lines
      var seen = KeySet()
      var printed = 0
      var withNUL = 0
      try scan.scope(connection).forEachBatch(client, readAhead: !long) {
        batch, server throws(RStateError) in
        var keys = unique ? batch.filter { seen.insert($0) } : batch
        if null {
          // A NUL inside a key would split it into two names for `xargs -0`.
          let count = keys.count
          keys.removeAll { $0.contains(0) }
          withNUL += count - keys.count
        }
        if let limit, printed + keys.count > limit { keys = Array(keys.prefix(limit - printed)) }
        printed += keys.count
        if !countOnly && !keys.isEmpty {
          var out: [UInt8] = []
          if long {
            for details in try KeyDetails.fetch(keys, on: server) {
              listing.render(details, into: &out)
            }
          } else {
            for key in keys { listing.render(key, into: &out) }
          }
          Terminal.write(out)
        }
        return limit.map { printed < $0 } ?? true
      }
      if countOnly {
        Terminal.write(json ? "{\"count\":\(printed)}\n" : "\(printed)\n")
      }
      if withNUL > 0 {
        Terminal.diagnostic(
          "rstate: left out \(counted(withNUL, "key")) holding a NUL byte, which -0 cannot "
            + "separate from the next key; --json lists every key (as base64 where not UTF-8)")
        throw ExitCode.failure
      }
    }
  }
}
