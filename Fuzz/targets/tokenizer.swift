@testable import RStateCore

/// The shell's tokenizer on any line; the arguments of a line it accepts, quoted as
/// redis-cli quotes them, must split back into the same arguments.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let line = Array(UnsafeBufferPointer(start: data, count: size))
  guard let arguments = Tokenizer.split(line) else { return 0 }
  _ = SensitiveCommands.contains(arguments)
  var quoted: [UInt8] = []
  for argument in arguments {
    if !quoted.isEmpty { quoted.append(UInt8(ascii: " ")) }
    ReplyFormat.appendQuoted(argument, to: &quoted)
  }
  let again = Tokenizer.split(quoted)
  require(again == arguments, "quoted arguments split differently: \(ReplyFormat.quoted(quoted))")
  return 0
}
