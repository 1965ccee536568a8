@testable import RStateCore

/// Redis URL parsing and redaction. A password of four or more characters that the parser
/// finds must not survive `redact`: the redacted text holds it fewer times than the URL did
/// (it may also appear as a user or host). Percent-escaped URLs and passwords holding `*`
/// (the mask) are left out of that check, since they cannot be counted in the raw text.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let raw = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let redacted = RedisURL.redact(raw)
  let url: RedisURL
  do {
    url = try RedisURL.parse(raw)
  } catch {
    _ = error.description
    return 0
  }
  if let password = url.password?.value, password.utf8.count >= 4, !password.contains("*"),
    !raw.contains("%")
  {
    let secret = Array(password.utf8)
    require(
      occurrences(of: secret, in: Array(redacted.utf8))
        < occurrences(of: secret, in: Array(raw.utf8)),
      "the password survives redaction: \(redacted)")
  }
  return 0
}
