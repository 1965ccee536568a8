import ArgumentParser
import RStateCore

/// redis-cli's --raw and --no-raw, for the commands that print replies as redis-cli does.
struct ReplyFormatOptions: ParsableArguments {
  @Flag(help: "Print raw replies even on a terminal.")
  var raw = false

  @Flag(help: "Print replies as on a terminal even when piped.")
  var noRaw = false

  func validate() throws {
    if raw && noRaw { throw ValidationError("--raw and --no-raw cannot be used together") }
  }

  /// Terminal formatting on a terminal, raw when piped, unless a flag says otherwise.
  var format: ReplyFormat {
    raw ? .raw : noRaw ? .standard : Terminal.stdoutIsTTY ? .standard : .raw
  }
}
