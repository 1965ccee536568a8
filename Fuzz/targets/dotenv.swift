@testable import RStateCore

/// `.env` parsing, with `${NAME}` expansion from an environment and earlier lines.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  do {
    _ = try DotEnv.parse(
      text, path: ".env", environment: ["HOME": "/home/app", "REDIS_HOST": "cache", "EMPTY": ""])
  } catch {
    _ = error.description
  }
  return 0
}
