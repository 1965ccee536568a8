/// Connection settings as typed on the command line; nil means "not given".
public struct ConnectionFlags: Sendable, Equatable {
  public var url: String?
  public var host: String?
  public var port: String?
  public var socket: String?
  public var db: String?
  public var user: String?
  public var password: String?
  public var connectTimeout: String?
  public var socketTimeout: String?
  /// `--connection NAME`: a connection from rstate.toml, in place of `--url`.
  public var projectConnection: ProjectConnection?
  /// The value of the variable the project connection names for its password.
  public var projectPassword: String?

  public init(
    url: String? = nil, host: String? = nil, port: String? = nil, socket: String? = nil,
    db: String? = nil, user: String? = nil, password: String? = nil,
    connectTimeout: String? = nil, socketTimeout: String? = nil
  ) {
    self.url = url
    self.host = host
    self.port = port
    self.socket = socket
    self.db = db
    self.user = user
    self.password = password
    self.connectTimeout = connectTimeout
    self.socketTimeout = socketTimeout
  }
}

/// Where a setting's value came from, for `--verbose` and for error messages.
public enum SettingOrigin: Sendable, Equatable, CustomStringConvertible {
  case flag(String)
  case environment(String)
  case settingsFile(path: String, line: Int, variable: String)
  case projectConnection(path: String, name: String)
  case builtIn

  public var description: String {
    switch self {
    case .flag(let name): return "flag \(name)"
    case .environment(let name): return "environment variable \(name)"
    case .settingsFile(let path, let line, let variable): return "\(path):\(line) (\(variable))"
    case .projectConnection(let path, let name): return "\(path) [connections.\(name)]"
    case .builtIn: return "default"
    }
  }
}

/// Which `.env` file to read, if any.
public enum EnvFileChoice: Sendable, Equatable {
  /// The nearest `.env` from this directory up to the repository root (`DotEnvSearch`).
  case automatic(directory: String)
  /// This file, which must exist.
  case explicit(path: String)
  case none
}

/// The merged settings and, for each one, its shown value and where it came from.
public struct ResolvedConnection: Sendable {
  public var settings: ConnectionSettings
  public var origins: [(setting: String, value: String, origin: SettingOrigin)]
  /// True when the password was typed on the command line (flag or URL flag).
  public var passwordFromCommandLine: Bool
  /// The `.env` read, or where one was looked for.
  public var envFile: EnvFileLookup = .skipped
}

/// Merges connection settings: flags > process environment > the nearest `.env` > defaults.
/// On the command line an explicit flag (`-n 2`) beats the same part of `--url`; in the
/// environment and `.env`, `REDIS_URL` beats `REDIS_HOST`/`REDIS_PORT`/…, as the apps read them.
public enum SettingsResolver {
  /// The variables read from the environment and from `.env`; nothing else is looked at.
  public static let variables = [
    "REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_DB", "REDIS_USERNAME", "REDIS_PASSWORD",
    "REDISCLI_AUTH", "REDIS_SOCKET_TIMEOUT", "REDIS_SOCKET_CONNECT_TIMEOUT",
  ]

  public static func resolve(
    flags: ConnectionFlags, environment: [String: String], envFile: EnvFileChoice,
    readFile: (String) throws(RStateError) -> String? = TextFile.readSettings
  ) throws(RStateError) -> ResolvedConnection {
    var layers = [try Layer(flags: flags), try Layer(environment: environment)]
    let lookup = EnvFileLookup(envFile)
    if let fileLayer = try Layer(envFile: lookup, environment: environment, readFile: readFile) {
      layers.append(fileLayer)
    }

    var origins: [(String, String, SettingOrigin)] = []
    func pick(_ field: Field) -> Sourced? {
      for layer in layers {
        if let found = layer.value(field) { return found }
      }
      return nil
    }
    func record(_ name: String, _ value: String, _ origin: SettingOrigin) {
      origins.append((name, value, origin))
    }

    var settings = ConnectionSettings()
    let socketRank = layers.firstIndex { $0.value(.socket) != nil }
    let tcpRank = layers.firstIndex { $0.value(.host) != nil || $0.value(.port) != nil }
    if let socketRank, socketRank <= (tcpRank ?? Int.max), let socket = pick(.socket) {
      settings.endpoint = .unix(path: socket.text)
      record("socket", socket.text, socket.origin)
    } else {
      let host = pick(.host)
      let port = try pick(.port).map { sourced throws(RStateError) in
        (try parsePort(sourced), sourced.origin)
      }
      settings.endpoint = .tcp(
        host: host?.text ?? Endpoint.defaultHost, port: port?.0 ?? Endpoint.defaultPort)
      record("host", host?.text ?? Endpoint.defaultHost, host?.origin ?? .builtIn)
      record("port", String(port?.0 ?? Endpoint.defaultPort), port?.1 ?? .builtIn)
      settings.tls = host?.tls ?? false
      settings.sentinel = host?.sentinel
      if let sentinel = host?.sentinel {
        record("sentinel primary", sentinel.masterName, host!.origin)
      }
    }
    if let db = pick(.db) {
      guard let number = Int(db.text), (0...Int(Int32.max)).contains(number) else {
        throw .invalidSetting(
          name: "database", value: db.text, source: db.origin.description,
          reason: "must be a number from 0 to \(Int32.max)")
      }
      settings.db = number
      record("db", db.text, db.origin)
    } else {
      record("db", "0", .builtIn)
    }
    if let user = pick(.user), !user.text.isEmpty {
      settings.user = user.text
      record("user", user.text, user.origin)
    }
    let password = pick(.password)
    if let password {
      settings.password = Secret(password.text)
      record("password", "***", password.origin)
    }
    if let timeout = pick(.connectTimeout) {
      settings.connectTimeout = try parseSeconds(timeout, name: "connect timeout")
      record("connect timeout", timeout.text + "s", timeout.origin)
    }
    if let timeout = pick(.socketTimeout) {
      settings.socketTimeout = try parseSeconds(timeout, name: "socket timeout")
      record("socket timeout", timeout.text + "s", timeout.origin)
    }
    let fromCommandLine: Bool
    switch password?.origin {
    case .flag?: fromCommandLine = true
    default: fromCommandLine = false
    }
    return ResolvedConnection(
      settings: settings, origins: origins, passwordFromCommandLine: fromCommandLine,
      envFile: lookup)
  }

  private static func parsePort(_ port: Sourced) throws(RStateError) -> Int {
    var text = Substring(port.text)
    // Kubernetes injects REDIS_PORT=tcp://10.0.0.7:6379 for a service named "redis".
    if text.hasPrefix("tcp://"), let colon = text.lastIndex(of: ":") {
      text = text[text.index(after: colon)...]
    }
    guard let number = Int(text), (1...65535).contains(number) else {
      throw .invalidSetting(
        name: "port", value: port.text, source: port.origin.description,
        reason: "must be a number from 1 to 65535")
    }
    return number
  }

  /// The longest timeout: about 11 days, which still fits poll()'s milliseconds.
  public static let maximumTimeout = 1_000_000.0

  private static func parseSeconds(_ value: Sourced, name: String) throws(RStateError) -> Double? {
    guard let seconds = Double(value.text), (0...maximumTimeout).contains(seconds) else {
      throw .invalidSetting(
        name: name, value: value.text, source: value.origin.description,
        reason: "must be a number of seconds from 0 to \(Int(maximumTimeout))")
    }
    return seconds == 0 ? nil : seconds
  }
}

private enum Field {
  case host, port, socket, db, user, password, connectTimeout, socketTimeout
}

private struct Sourced {
  var text: String
  var origin: SettingOrigin
  /// Set on a host that came from a `rediss://` URL.
  var tls = false
  /// Set on a host that came from a `redis+sentinel://` URL.
  var sentinel: SentinelSettings?
}

/// The settings one source provides.
private struct Layer {
  var fields: [Field: Sourced] = [:]
  var url: RedisURL?
  var urlOrigin: SettingOrigin = .builtIn
  /// On the command line, explicit flags beat `--url`; elsewhere REDIS_URL beats the parts.
  var urlWins = true

  init(flags: ConnectionFlags) throws(RStateError) {
    urlWins = false
    if let url = flags.url {
      self.url = try RedisURL.parse(url)
      urlOrigin = .flag("--url")
    } else if let named = flags.projectConnection {
      url = try RedisURL.parse(named.url)
      urlOrigin = .projectConnection(path: named.path, name: named.name)
      if flags.password == nil, let password = flags.projectPassword, !password.isEmpty {
        fields[.password] = Sourced(
          text: password, origin: .environment(named.passwordVariable ?? "password"))
      }
    }
    let given: [(Field, String?, String)] = [
      (.host, flags.host, "--host"), (.port, flags.port, "--port"),
      (.socket, flags.socket, "--socket"), (.db, flags.db, "--db"),
      (.user, flags.user, "--user"), (.password, flags.password, "--pass"),
      (.connectTimeout, flags.connectTimeout, "--connect-timeout"),
      (.socketTimeout, flags.socketTimeout, "--socket-timeout"),
    ]
    for case let (field, value?, flag) in given {
      fields[field] = Sourced(text: value, origin: .flag(flag))
    }
  }

  init(environment: [String: String]) throws(RStateError) {
    try self.init(variables: environment) { .environment($0) }
  }

  init(variables: [String: String], origin: (String) -> SettingOrigin) throws(RStateError) {
    if let url = variables["REDIS_URL"], !url.isEmpty {
      self.url = try RedisURL.parse(url)
      urlOrigin = origin("REDIS_URL")
    }
    let names: [(Field, [String])] = [
      (.host, ["REDIS_HOST"]), (.port, ["REDIS_PORT"]), (.db, ["REDIS_DB"]),
      (.user, ["REDIS_USERNAME"]), (.password, ["REDIS_PASSWORD", "REDISCLI_AUTH"]),
      (.connectTimeout, ["REDIS_SOCKET_CONNECT_TIMEOUT"]),
      (.socketTimeout, ["REDIS_SOCKET_TIMEOUT"]),
    ]
    for (field, candidates) in names {
      for name in candidates {
        if let value = variables[name], !value.isEmpty {
          fields[field] = Sourced(text: value, origin: origin(name))
          break
        }
      }
    }
  }

  init?(
    envFile: EnvFileLookup, environment: [String: String],
    readFile: (String) throws(RStateError) -> String?
  ) throws(RStateError) {
    guard let path = envFile.path else { return nil }
    guard let text = try readFile(path) else {
      if case .explicit = envFile { throw .io(path: path, reason: "no such file") }
      return nil
    }
    var lines: [String: Int] = [:]
    var variables: [String: String] = [:]
    for entry in try DotEnv.parse(text, path: path, environment: environment)
    where SettingsResolver.variables.contains(entry.name) {
      variables[entry.name] = entry.value
      lines[entry.name] = entry.line
    }
    try self.init(variables: variables) { name in
      .settingsFile(path: path, line: lines[name] ?? 0, variable: name)
    }
  }

  func value(_ field: Field) -> Sourced? {
    let fromURL = urlValue(field)
    return urlWins ? (fromURL ?? fields[field]) : (fields[field] ?? fromURL)
  }

  private func urlValue(_ field: Field) -> Sourced? {
    guard let url else { return nil }
    let text: String?
    switch field {
    case .host: text = url.host ?? (url.socketPath == nil ? Endpoint.defaultHost : nil)
    case .port: text = url.port.map(String.init)
    case .socket: text = url.socketPath
    case .db: text = url.db.map(String.init)
    case .user: text = url.user
    case .password: text = url.password?.value
    case .connectTimeout, .socketTimeout: text = nil
    }
    let sentinel = url.masterName.map { SentinelSettings(sentinels: url.sentinels, masterName: $0) }
    return text.map { Sourced(text: $0, origin: urlOrigin, tls: url.tls, sentinel: sentinel) }
  }
}
