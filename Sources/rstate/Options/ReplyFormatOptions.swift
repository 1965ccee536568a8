import ArgumentParser
import RStateCore

/// redis-cli's --raw and --no-raw, for the commands that print replies as redis-cli does.
struct ReplyFormatOptions: ParsableArguments {
  @Flag(help: "Print raw replies even on a terminal.")
  var raw = false

  @Flag(help: "Print replies as on a terminal even when piped.")
  var noRaw = false

  @Flag(name: .customShort("2"), help: "Speak RESP2 (the default).")
  var resp2 = false

  @Flag(name: .customShort("3"), help: "Speak RESP3: send HELLO 3 after connecting.")
  var resp3 = false

  func validate() throws {
    if raw && noRaw { throw ValidationError("--raw and --no-raw cannot be used together") }
    if resp2 && resp3 { throw ValidationError("-2 and -3 cannot be used together") }
  }

  /// The protocol to ask for after connecting.
  var protocolVersion: RESPVersion { resp3 ? .resp3 : .resp2 }

  /// Terminal formatting on a terminal, raw when piped, unless a flag says otherwise.
  var format: ReplyFormat {
    raw ? .raw : noRaw ? .standard : Terminal.stdoutIsTTY ? .standard : .raw
  }
}
