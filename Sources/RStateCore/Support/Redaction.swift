import Synchronization

/// The one place that makes text safe to print. Every message rstate writes for people (errors,
/// diagnostics, progress, argument mistakes) passes through `scrub`, which masks two things:
/// - every secret this process has been given (each `Secret` registers itself, and URL text
///   registers what could be its credentials before it is parsed), wherever it appears;
/// - credentials in anything that looks like a URL, valid or not: the userinfo before an `@`,
///   a non-numeric "port", and `password=`-style query values.
/// Masking too much in an error is harmless; printing a password once is not.
public enum Redaction {
  public static let mask = "***"

  /// Secrets shorter than this are left to the URL patterns: masking every "ab" in a
  /// message would garble it without protecting much.
  static let shortestRegistered = 3

  /// Longest first, so a secret that contains another is masked whole.
  private static let known = Mutex<[[UInt8]]>([])

  /// At most this many secrets are kept: a run is given a handful, and every message is
  /// checked against all of them. Past it, the URL patterns still mask what URLs hold.
  static let mostRegistered = 256

  /// Remembers a secret so that no message ever shows it.
  public static func register(_ secret: String) {
    guard secret.utf8.count >= shortestRegistered else { return }
    let bytes = Array(secret.utf8)
    known.withLock { secrets in
      guard secrets.count < mostRegistered, !secrets.contains(bytes) else { return }
      let index = secrets.firstIndex { $0.count < bytes.count } ?? secrets.endIndex
      secrets.insert(bytes, at: index)
    }
  }

  /// Registers whatever in `text` could be a credential if `text` is a URL, parsable or not:
  /// a `user:password` userinfo before the last `@` (whole, and the part after its first
  /// `:`) and `password=` values. Called on URL settings before they are parsed, so that a mistake
  /// anywhere in the URL cannot print its password.
  public static func registerURLCandidates(_ text: String) {
    let bytes = Array(text.utf8)
    if let at = bytes.lastIndex(of: UInt8(ascii: "@")) {
      let start = authorityStart(bytes[..<at])
      let userinfo = bytes[start..<at]
      // A userinfo without ':' is a user name to rstate and is printed as one; inside URL
      // text the patterns still mask it.
      if let colon = userinfo.firstIndex(of: UInt8(ascii: ":")) {
        register(String(decoding: userinfo, as: UTF8.self))
        register(String(decoding: userinfo[(colon + 1)...], as: UTF8.self))
      }
    }
    for range in queryCredentialValues(bytes) {
      register(String(decoding: bytes[range], as: UTF8.self))
    }
  }

  /// `text` with every registered secret and every URL credential masked.
  public static func scrub(_ text: String) -> String {
    var bytes = Array(text.utf8)
    for secret in known.withLock({ $0 }) { bytes = replacing(secret, in: bytes) }
    bytes = maskURLWords(bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// A URL safe to print: its credentials masked, whether or not it parses.
  public static func redactURL(_ raw: String) -> String {
    String(decoding: maskURL(Array(raw.utf8)), as: UTF8.self)
  }

  // MARK: - URL patterns

  /// Bytes that end a word: space and the quotes that messages put around values.
  private static func isWordBreak(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
      UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "<"),
      UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
      UInt8(ascii: ";"):
      return true
    default: return false
    }
  }

  private static func maskURLWords(_ bytes: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if isWordBreak(bytes[index]) {
        result.append(bytes[index])
        index += 1
        continue
      }
      var end = index
      while end < bytes.count, !isWordBreak(bytes[end]) { end += 1 }
      let word = bytes[index..<end]
      result.append(contentsOf: looksLikeURL(word) ? maskURL(Array(word)) : Array(word))
      index = end
    }
    return result
  }

  /// A word that is, or was meant to be, a URL: it has `://`, starts with a Redis-ish scheme
  /// (`redis`, `rediss`, `unix`, typos such as `redis//` included), or carries a
  /// `password=`-style query value.
  static func looksLikeURL(_ word: ArraySlice<UInt8>) -> Bool {
    if contains(word, "://") { return true }
    let lower = word.prefix(8).map { $0 | 0x20 }
    if lower.starts(with: Array("redis".utf8)) || lower.starts(with: Array("unix:".utf8)) {
      return true
    }
    return !queryCredentialValues(Array(word)).isEmpty
  }

  private static func maskURL(_ word: [UInt8]) -> [UInt8] {
    var word = word
    // Query credentials first: they can hold '@' or '?' themselves.
    for range in queryCredentialValues(word).reversed() {
      word.replaceSubrange(range, with: Array(mask.utf8))
    }
    let at = word.lastIndex(of: UInt8(ascii: "@"))
    let start = authorityStart(word[..<(at ?? word.endIndex)])
    if let at, start < at {
      let userinfo = word[start..<at]
      if let colon = userinfo.firstIndex(of: UInt8(ascii: ":")) {
        // A user name is not a secret; what follows its ':' is.
        word.replaceSubrange((colon + 1)..<at, with: Array(mask.utf8))
      } else if !userinfo.isEmpty {
        // `redis://secret@host`: redis-cli takes a lone userinfo as the password.
        word.replaceSubrange(start..<at, with: Array(mask.utf8))
      }
      return word
    }
    // No userinfo: in a real URL a "port" that is not a number may be a password typed in the
    // wrong place (`redis://:secret`).
    guard firstRange(of: "://", in: word[...]) != nil else { return word }
    var end = start
    while end < word.count, ![UInt8(ascii: "/"), UInt8(ascii: "?")].contains(word[end]) {
      end += 1
    }
    let authority = word[start..<end]
    if authority.first != UInt8(ascii: "["),
      let colon = authority.lastIndex(of: UInt8(ascii: ":")), colon + 1 < end,
      !word[(colon + 1)..<end].allSatisfy({ (0x30...0x39).contains($0) })
    {
      word.replaceSubrange((colon + 1)..<end, with: Array(mask.utf8))
    }
    return word
  }

  /// Where the authority (userinfo and host) starts: after `scheme://`, or after a leading
  /// run of scheme letters and the `:` and `/` that follow it (`redis:/`, `redis//:`).
  private static func authorityStart(_ bytes: ArraySlice<UInt8>) -> Int {
    if let separator = firstRange(of: "://", in: bytes) { return separator.upperBound }
    var index = bytes.startIndex
    while index < bytes.endIndex, isSchemeByte(bytes[index]) { index += 1 }
    let letters = index
    while index < bytes.endIndex,
      bytes[index] == UInt8(ascii: ":") || bytes[index] == UInt8(ascii: "/")
    {
      index += 1
    }
    // Only a scheme followed by ':' or '/' counts; a bare host stays whole.
    return index > letters && letters > bytes.startIndex ? index : bytes.startIndex
  }

  private static func isSchemeByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "."),
      UInt8(ascii: "-"):
      return true
    default: return false
    }
  }

  /// Query parameter names whose values are credentials.
  private static let credentialNames = [
    "password", "pass", "passwd", "pwd", "auth", "secret", "token", "requirepass",
  ].map { Array("\($0)=".utf8) }

  /// The ranges of `password=VALUE`-style values, each up to the next `&` or the end: a
  /// value may hold `?` or `@` itself (`?password=a?b`).
  private static func queryCredentialValues(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var index = 0
    while index < bytes.count {
      let atBoundary =
        index == 0
        || [UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: ";")].contains(
          bytes[index - 1])
      if atBoundary,
        let name = credentialNames.first(where: { name in
          index + name.count <= bytes.count
            && zip(bytes[index..<(index + name.count)], name).allSatisfy { ($0 | 0x20) == $1 }
        })
      {
        let start = index + name.count
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
        if end > start { ranges.append(start..<end) }
        index = end
      } else {
        index += 1
      }
    }
    return ranges
  }

  // MARK: - Bytes

  private static func contains(_ bytes: ArraySlice<UInt8>, _ needle: String) -> Bool {
    firstRange(of: needle, in: bytes) != nil
  }

  private static func firstRange(of needle: String, in bytes: ArraySlice<UInt8>) -> Range<Int>? {
    let pattern = Array(needle.utf8)
    guard bytes.count >= pattern.count else { return nil }
    var index = bytes.startIndex
    while index + pattern.count <= bytes.endIndex {
      if bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
        return index..<(index + pattern.count)
      }
      index += 1
    }
    return nil
  }

  private static func replacing(_ needle: [UInt8], in bytes: [UInt8]) -> [UInt8] {
    guard let first = needle.first, bytes.count >= needle.count else { return bytes }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == first, index + needle.count <= bytes.count,
        bytes[index..<(index + needle.count)].elementsEqual(needle)
      {
        result.append(contentsOf: mask.utf8)
        index += needle.count
      } else {
        result.append(bytes[index])
        index += 1
      }
    }
    return result
  }
}
