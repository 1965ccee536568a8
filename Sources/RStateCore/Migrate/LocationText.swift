/// Tells a Redis URL from a file path in `migrate --from`/`--to`. A mistyped URL
/// (`redis:PW@host:6379`, `host:6379`, `user@host`) must never become a file named after the
/// password, so text that looks like a URL is never taken as a path; `./NAME` or `/PATH`
/// always is.
public enum LocationText {
  /// Schemes rstate reads, and ones a user may reach for.
  static let knownSchemes: Set<String> = [
    "redis", "rediss", "unix", "redis+sentinel", "rediss+sentinel", "valkey", "valkeys", "tcp",
    "tls",
  ]

  /// Extensions of files, never of host names: `app@2024-01-01.jsonl` is a file.
  static let fileExtensions: Set<String> = ["json", "jsonl", "ndjson", "txt", "bak", "gz"]

  /// True for a URL (`redis://…`), one with a slip (`redis:PW@host`, `redis//:PW@host`),
  /// `user@host`, `host:port`, and `word:` followed by `//`, an `@` or a port.
  public static func looksLikeURL(_ text: String) -> Bool {
    if text.isEmpty || text.hasPrefix("/") || text.hasPrefix("./") || text.hasPrefix("../")
      || text.hasPrefix("~")
    {
      return false
    }
    if text.contains("://") { return true }
    // [::1]:6379
    if text.hasPrefix("["), let close = text.firstIndex(of: "]"), isHost(text[...close]) {
      let rest = text[text.index(after: close)...]
      if rest.isEmpty || rest.first == ":" && isPort(rest.dropFirst()) { return true }
    }
    let at = text.lastIndex(of: "@")
    if let colon = text.firstIndex(of: ":") {
      let word = text[..<colon]
      let rest = text[text.index(after: colon)...]
      if isSchemeLike(word) {
        if knownSchemes.contains(word.lowercased()) || rest.hasPrefix("/") && rest.contains("@")
          || rest.isEmpty || isPort(rest)
        {
          return true
        }
      }
      // Credentials: a ':' before the '@' (`user:PW@host`, `redis//:PW@host`).
      if let at, colon < at { return true }
      // host:port, with a db: `10.0.0.5:6379`, `cache.internal:6380/2`.
      if isHost(word) && isPort(rest) { return true }
    }
    // user@host, with no directory before it.
    if let at, !text[..<at].contains("/") {
      let host = text[text.index(after: at)...]
      let name = host.split(separator: ":", maxSplits: 1).first ?? ""
      let last = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
      if isHost(name) && !fileExtensions.contains(last) {
        return host.count == name.count || isPort(host.dropFirst(name.count + 1))
      }
    }
    return false
  }

  /// The text with anything that may be a credential hidden: everything before the last
  /// `@` but a leading scheme, and a `password=` in a query.
  public static func masked(_ text: String) -> String {
    var shown = text
    if let at = text.lastIndex(of: "@") {
      var prefix = ""
      if let schemeEnd = text.firstRange(of: "://"), schemeEnd.upperBound <= at {
        prefix = String(text[..<schemeEnd.upperBound])
      } else if let colon = text.firstIndex(of: ":"), colon < at,
        isSchemeLike(text[..<colon]), knownSchemes.contains(text[..<colon].lowercased())
      {
        prefix = String(text[...colon])
      }
      shown = prefix + "***" + text[at...]
    }
    return RedisURL.redact(shown)
  }

  private static func isSchemeLike(_ word: Substring) -> Bool {
    guard let first = word.first, first.isASCII, first.isLetter else { return false }
    return word.allSatisfy {
      $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "-")
    }
  }

  /// `6379`, `6379/2`.
  private static func isPort(_ text: Substring) -> Bool {
    let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    guard let port = parts.first, !port.isEmpty, port.count <= 5,
      port.allSatisfy({ $0.isASCII && $0.isNumber })
    else { return false }
    return parts.count == 1 || parts[1].allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// A host name or IPv4 address (letters, digits, dots, dashes, underscores), or an IPv6
  /// address in brackets.
  private static func isHost(_ text: Substring) -> Bool {
    if text.hasPrefix("[") { return text.hasSuffix("]") && text.count > 2 }
    return !text.isEmpty
      && text.allSatisfy {
        $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_")
      }
  }
}
