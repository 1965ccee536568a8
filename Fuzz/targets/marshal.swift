@testable import RStateCore

/// The Ruby Marshal inspector (never loads), and `:peek`'s view of the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = RubyMarshal.classNames(bytes)
  _ = ValueView.lines(bytes)
  return 0
}
