import Glibc

// Compiled into every fuzz target beside its harness.

/// A failed property: libFuzzer records the input that made it fail.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition {
    let line = Array("fuzz property failed: \(message())\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
  }
}

/// Runs `body` with the path of a file holding the input, for readers that take a path; in
/// /dev/shm where there is one, so the disk is not written thousands of times a second.
func withScratchFile(_ data: UnsafePointer<UInt8>, _ size: Int, _ body: (String) -> Void) {
  let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
  let path = "\(directory)/rstate-fuzz-\(getpid())"
  let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
  require(fd >= 0, "cannot write \(path)")
  var written = 0
  while written < size {
    let count = write(fd, data + written, size - written)
    require(count > 0, "cannot write \(path)")
    written += count
  }
  close(fd)
  body(path)
  unlink(path)
}

/// Counts (overlapping) occurrences of `needle` in `haystack`, ASCII letters folded.
func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
  func fold(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
  guard !needle.isEmpty, needle.count <= haystack.count else { return 0 }
  var count = 0
  for start in 0...(haystack.count - needle.count)
  where (0..<needle.count).allSatisfy({ fold(haystack[start + $0]) == fold(needle[$0]) }) {
    count += 1
  }
  return count
}
