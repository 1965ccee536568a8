@testable import RStateCore

/// The reply path as `ServerChannel` runs it: `RESPScanner` checks each reply's bytes against
/// the limits (lengths, element counts, nesting, line size) and finds where it ends, and only
/// a whole reply that passed is handed to hiredis's parser. Bytes arrive in pieces of the size
/// the first byte says, as a socket would deliver them; every reply is then rendered as the
/// shell and `exec` print replies, and the scanner and hiredis must agree that it is one reply.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  let step = Int(data[0]) + 1
  let bytes = Array(UnsafeRawBufferPointer(start: data + 1, count: size - 1))
  let command = Command("GET", "key", keyIndices: [1])
  // Small limits, so that the fuzzer reaches them with short inputs.
  var scanner = RESPScanner(
    limits: ReplyLimits(bytes: 1 << 16, string: 1 << 14, elements: 4096))
  let reader = HiredisReader()
  var pending: [UInt8] = []
  var offset = 0
  var scanned = 0
  while offset < bytes.count {
    let end = min(offset + step, bytes.count)
    pending += bytes[offset..<end]
    offset = end
    while scanned < pending.count {
      let outcome = pending.withUnsafeBytes {
        scanner.scan(UnsafeRawBufferPointer(rebasing: $0[scanned...]))
      }
      switch outcome {
      case .failure: return 0
      case .success(.incomplete):
        scanned = pending.count
      case .success(.complete(let length)):
        let whole = Array(pending[..<(scanned + length)])
        pending.removeFirst(scanned + length)
        scanned = 0
        whole.withUnsafeBytes { reader.feed($0) }
        switch reader.nextReply() {
        case .success(let reply?):
          _ = ReplyFormat.render(reply, as: .standard, for: command)
          _ = ReplyFormat.render(reply, as: .raw, for: command)
          if case .success(let extra?) = reader.nextReply() {
            fatalError("hiredis found a second reply in one the scanner passed: \(extra)")
          }
        case .success(nil):
          fatalError("the scanner passed a reply hiredis found incomplete: \(whole)")
        case .failure:
          // hiredis is stricter about some bytes than the scanner (e.g. a bad length sign);
          // the channel reports that as a protocol error.
          return 0
        }
      }
    }
  }
  return 0
}
