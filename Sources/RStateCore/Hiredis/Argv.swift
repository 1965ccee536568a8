/// Lays out byte arguments as the `argc`/`argv`/`argvlen` triple hiredis wants, valid only
/// for the duration of `body`. One allocation holds every argument's bytes.
func withArgv<Result>(
  _ arguments: [[UInt8]],
  _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
) -> Result {
  let total = arguments.reduce(0) { $0 + $1.count }
  let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
  defer { storage.deallocate() }
  var pointers: [UnsafePointer<CChar>?] = []
  var lengths: [Int] = []
  pointers.reserveCapacity(arguments.count)
  lengths.reserveCapacity(arguments.count)
  var offset = 0
  for argument in arguments {
    argument.withUnsafeBytes { source in
      UnsafeMutableRawPointer(storage + offset).copyMemory(
        from: source.baseAddress ?? UnsafeRawPointer(storage), byteCount: source.count)
    }
    pointers.append(UnsafePointer(storage + offset))
    lengths.append(argument.count)
    offset += argument.count
  }
  return pointers.withUnsafeMutableBufferPointer { argv in
    body(Int32(arguments.count), argv.baseAddress!, lengths)
  }
}
