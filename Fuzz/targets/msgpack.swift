@testable import RStateCore

/// The MessagePack decoder and its JSON rendering, `:peek`'s view of the bytes, and the
/// value sample detection takes from a string key holding them.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let value = try? MessagePack.decode(bytes) {
    _ = value.serialized()
    _ = value.prettyPrinted()
  }
  _ = ValueView.lines(bytes, codec: .msgpack)
  _ = ValueView.summary(bytes)
  _ = ValueSample(reply: .bulk(bytes), type: "string")
  return 0
}
