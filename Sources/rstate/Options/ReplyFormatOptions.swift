import ArgumentParser
import RStateCore

/// redis-cli's output and protocol flags, for the commands that print replies as redis-cli
/// does (exec, the Redis-command form and the shell).
struct ReplyFormatOptions: ParsableArguments {
  /// As in redis-cli, the last of --raw, --no-raw, --csv, --json and --quoted-json wins, so a
  /// flag added after an alias's own (`alias rc='rstate --raw'`, `rc --csv …`) takes effect.
  @Flag(exclusivity: .chooseLast) var output: OutputMode?

  @Option(
    name: .customShort("d"), parsing: .unconditional,
    help: ArgumentHelp(
      "Raw output: put this between the elements of an array (default a newline).",
      valueName: "delimiter"))
  var separator: String?

  @Option(
    name: .customShort("D"), parsing: .unconditional,
    help: ArgumentHelp(
      "Raw output: put this after each reply (default a newline).", valueName: "delimiter"))
  var terminator: String?

  @Flag(name: .customShort("2"), help: "Speak RESP2 (the default unless --json or --quoted-json).")
  var resp2 = false

  @Flag(name: .customShort("3"), help: "Speak RESP3: send HELLO 3 after connecting.")
  var resp3 = false

  func validate() throws {
    if resp2 && resp3 { throw ValidationError("-2 and -3 cannot be used together") }
  }

  /// The protocol to ask for after connecting: --json and --quoted-json imply RESP3 unless
  /// -2 is given, as in redis-cli.
  var protocolVersion: RESPVersion {
    if resp3 { return .resp3 }
    if resp2 { return .resp2 }
    return output == .json || output == .quotedJSON ? .resp3 : .resp2
  }

  /// Terminal formatting on a terminal, raw when piped, unless a flag says otherwise.
  var format: ReplyFormat {
    switch output {
    case .raw?: return rawFormat
    case .noRaw?: return .standard
    case .csv?: return .csv
    case .json?: return .json
    case .quotedJSON?: return .quotedJSON
    case nil: return Terminal.stdoutIsTTY ? .standard : rawFormat
    }
  }

  /// -d and -D apply to raw output only, as in redis-cli.
  private var rawFormat: ReplyFormat {
    ReplyFormat(
      .raw, separator: separator.map { Array($0.utf8) } ?? [0x0A],
      terminator: terminator.map { Array($0.utf8) } ?? [0x0A])
  }
}

enum OutputMode: String, EnumerableFlag {
  case raw, noRaw, csv, json, quotedJSON

  static func name(for value: OutputMode) -> NameSpecification {
    value == .quotedJSON ? .customLong("quoted-json") : .long
  }

  static func help(for value: OutputMode) -> ArgumentHelp? {
    switch value {
    case .raw: "Print raw replies even on a terminal."
    case .noRaw: "Print replies as on a terminal even when piped."
    case .csv: "Print each reply as a line of comma-separated values."
    case .json: "Print each reply as a line of JSON (implies -3 unless -2 is given)."
    case .quotedJSON:
      "As --json, with strings in ASCII as a terminal shows them (\\xHH escapes)."
    }
  }
}
