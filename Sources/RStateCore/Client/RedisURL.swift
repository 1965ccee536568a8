/// A parsed `redis://`, `rediss://` or `unix://` URL. Every field is optional: what the URL
/// leaves out is filled from lower-precedence settings.
public struct RedisURL: Sendable, Equatable {
  public var tls = false
  public var host: String?
  public var port: Int?
  public var socketPath: String?
  public var db: Int?
  public var user: String?
  public var password: Secret?
  /// `redis+sentinel://`: the sentinels to ask and the name of the primary they watch.
  public var sentinels: [Endpoint] = []
  public var masterName: String?

  public init() {}

  /// Parses `redis://[user[:password]@]host[:port][/db][?db=N]`, `rediss://…`,
  /// `unix://[user[:password]@]/path[?db=N]` and
  /// `redis+sentinel://[user[:password]@]host:port[,host:port…]/master-name[/db]` (the user
  /// and password are the primary's). Errors name the URL with its password hidden.
  public static func parse(_ raw: String) throws(RStateError) -> RedisURL {
    func fail(_ reason: String) -> RStateError {
      .invalidURL(url: redact(raw), reason: reason)
    }
    guard let schemeEnd = raw.firstRange(of: "://") else {
      throw fail("expected redis://, rediss://, unix:// or redis+sentinel:// at the start")
    }
    var url = RedisURL()
    let scheme = raw[..<schemeEnd.lowerBound].lowercased()
    var rest = Substring(raw[schemeEnd.upperBound...])

    var query: Substring = ""
    if let at = rest.lastIndex(of: "@") {
      if let mark = rest[at...].firstIndex(of: "?") {
        query = rest[rest.index(after: mark)...]
        rest = rest[..<mark]
      }
    } else if let mark = rest.firstIndex(of: "?") {
      query = rest[rest.index(after: mark)...]
      rest = rest[..<mark]
    }
    if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }

    if let at = rest.lastIndex(of: "@") {
      let userinfo = rest[..<at]
      rest = rest[rest.index(after: at)...]
      if let colon = userinfo.firstIndex(of: ":") {
        let user = try decode(userinfo[..<colon], fail)
        url.user = user.isEmpty ? nil : user
        url.password = Secret(try decode(userinfo[userinfo.index(after: colon)...], fail))
      } else if !userinfo.isEmpty {
        url.user = try decode(userinfo, fail)
      }
    }

    switch scheme {
    case "redis", "rediss":
      url.tls = scheme == "rediss"
      let slash = rest.firstIndex(of: "/") ?? rest.endIndex
      try url.parseAuthority(rest[..<slash], fail)
      let path = rest[slash...].drop { $0 == "/" }
      if !path.isEmpty {
        url.db = try parseDB(try decode(path, fail), fail)
      }
    case "redis+sentinel", "rediss+sentinel":
      url.tls = scheme.hasPrefix("rediss")
      let slash = rest.firstIndex(of: "/") ?? rest.endIndex
      for address in rest[..<slash].split(separator: ",") {
        var part = RedisURL()
        try part.parseAuthority(address, fail)
        url.sentinels.append(
          .tcp(host: part.host ?? Endpoint.defaultHost, port: part.port ?? 26379))
      }
      let path = rest[slash...].split(separator: "/")
      guard !url.sentinels.isEmpty, let name = path.first else {
        throw fail(
          "a sentinel URL names sentinels and the primary, as in redis+sentinel://host:26379/mymaster"
        )
      }
      url.masterName = try decode(name, fail)
      if path.count > 1 { url.db = try parseDB(try decode(path[1], fail), fail) }
      if case .tcp(let host, let port) = url.sentinels[0] {
        url.host = host
        url.port = port
      }
    case "unix":
      let path = try decode(rest, fail)
      guard path.hasPrefix("/") else {
        throw fail("a unix socket URL needs an absolute path, as in unix:///run/redis.sock")
      }
      url.socketPath = path
    default:
      throw fail(
        "unknown scheme '\(scheme)://'; use redis://, rediss://, unix:// or redis+sentinel://")
    }

    for pair in query.split(separator: "&") where !pair.isEmpty {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = String(parts[0]).lowercased()
      let value = parts.count > 1 ? try decode(parts[1], fail) : ""
      switch name {
      case "db": url.db = try parseDB(value, fail)
      case "password": url.password = Secret(value)
      case "username", "user": url.user = value.isEmpty ? nil : value
      default: continue  // other clients' options (timeouts, pool sizes) do not concern rstate
      }
    }
    return url
  }

  private mutating func parseAuthority(
    _ authority: Substring, _ fail: (String) -> RStateError
  ) throws(RStateError) {
    var hostPart = authority
    var portPart: Substring?
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else {
        throw fail("an IPv6 address opened with '[' must be closed with ']'")
      }
      hostPart = authority[authority.index(after: authority.startIndex)..<close]
      let after = authority[authority.index(after: close)...]
      if after.hasPrefix(":") {
        portPart = after.dropFirst()
      } else if !after.isEmpty {
        throw fail("unexpected '\(after)' after the IPv6 address")
      }
    } else if let colon = authority.firstIndex(of: ":") {
      hostPart = authority[..<colon]
      portPart = authority[authority.index(after: colon)...]
      if portPart!.contains(":") {
        throw fail(
          "an IPv6 address must be written in brackets, as in redis://[::1]:\(Endpoint.defaultPort)"
        )
      }
    }
    let host = try Self.decode(hostPart, fail)
    if !host.isEmpty { self.host = host }
    if let portPart, !portPart.isEmpty {
      guard let port = Int(portPart), (1...65535).contains(port) else {
        throw fail("port '\(portPart)' is not a number from 1 to 65535")
      }
      self.port = port
    }
  }

  private static func parseDB(
    _ text: String, _ fail: (String) -> RStateError
  ) throws(RStateError) -> Int {
    guard let db = Int(text), db >= 0 else {
      throw fail("database '\(text)' is not a number of 0 or more")
    }
    return db
  }

  private static func decode(
    _ text: Substring, _ fail: (String) -> RStateError
  ) throws(RStateError) -> String {
    guard text.contains("%") else { return String(text) }
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
      guard byte == UInt8(ascii: "%") else {
        bytes.append(byte)
        continue
      }
      guard let high = iterator.next().flatMap(hexValue),
        let low = iterator.next().flatMap(hexValue)
      else { throw fail("'%' must be followed by two hex digits") }
      bytes.append(high << 4 | low)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The URL with its password replaced by `***`, safe to print.
  public static func redact(_ raw: String) -> String {
    guard let schemeEnd = raw.firstRange(of: "://"), let at = raw.lastIndex(of: "@"),
      at > schemeEnd.lowerBound
    else { return redactQueryPassword(raw) }
    let userinfo = raw[schemeEnd.upperBound..<at]
    guard let colon = userinfo.firstIndex(of: ":") else { return redactQueryPassword(raw) }
    let redacted = raw[..<raw.index(after: colon)] + "***" + raw[at...]
    return redactQueryPassword(String(redacted))
  }

  private static func redactQueryPassword(_ raw: String) -> String {
    // The query starts where `parse` starts it, so a `?` inside a value cannot hide it.
    let afterUserinfo = raw.lastIndex(of: "@") ?? raw.startIndex
    guard let mark = raw[afterUserinfo...].firstIndex(of: "?") else { return raw }
    let pairs = raw[raw.index(after: mark)...].split(
      separator: "&", omittingEmptySubsequences: false
    )
    .map { pair -> String in
      pair.lowercased().hasPrefix("password=") ? "password=***" : String(pair)
    }
    return raw[...mark] + pairs.joined(separator: "&")
  }
}

func hexValue(_ byte: UInt8) -> UInt8? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
  case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
  case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
  default: return nil
  }
}
