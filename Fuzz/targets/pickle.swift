@testable import RStateCore

/// The pickle inspector (never unpickles), and `:peek`'s view of the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = PickleInspector.inspect(bytes)
  _ = ValueView.lines(bytes, codec: .pickle)
  _ = ValueView.lines(bytes)
  return 0
}
