@testable import RStateCore

/// The RESP reader (hiredis's parser behind `HiredisReader`) fed arbitrary bytes in pieces
/// of the size the first byte says, as a socket would deliver them; every reply is then
/// rendered as the shell and `exec` print replies.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  let step = Int(data[0]) + 1
  let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
  let command = Command("GET", "key", keyIndices: [1])
  let reader = HiredisReader()
  var offset = 0
  while offset < bytes.count {
    let end = min(offset + step, bytes.count)
    reader.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
    offset = end
    while case .success(let reply?) = reader.nextReply() {
      _ = ReplyFormat.render(reply, as: .standard, for: command)
      _ = ReplyFormat.render(reply, as: .raw, for: command)
    }
  }
  return 0
}
