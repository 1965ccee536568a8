/// Everything needed to open a connection, after flags, environment and `.env` were merged.
public struct ConnectionSettings: Sendable, Equatable {
  public var endpoint: Endpoint
  public var tls: Bool
  /// Certificates and checks for TLS connections.
  public var tlsOptions = TLSOptions()
  public var db: Int
  public var user: String?
  public var password: Secret?
  /// Seconds; nil waits as long as the operating system does.
  public var connectTimeout: Double?
  /// Seconds to wait for a reply; nil waits forever (blocking commands need that).
  public var socketTimeout: Double?
  /// When the whole run must end (`monotonicSeconds()`), whatever the timeouts: every
  /// connect and reply waits at most until then (`health --timeout`).
  public var runDeadline: Double?
  /// Sent with CLIENT SETNAME so operators can tell rstate apart in CLIENT LIST.
  public var clientName: String?
  /// `-c`/`--cluster`: the server must be a Redis Cluster node (it is detected either way).
  public var requireCluster = false
  /// Set when the primary is found through Sentinel; `endpoint` is then only a placeholder.
  public var sentinel: SentinelSettings?
  /// RESP3 is asked for with `HELLO 3` after the login and SELECT, as redis-cli's `-3` does.
  public var protocolVersion = RESPVersion.resp2

  public init(
    endpoint: Endpoint = .tcp(host: Endpoint.defaultHost, port: Endpoint.defaultPort),
    tls: Bool = false, db: Int = 0, user: String? = nil, password: Secret? = nil,
    connectTimeout: Double? = ConnectionSettings.defaultConnectTimeout,
    socketTimeout: Double? = nil, clientName: String? = "rstate"
  ) {
    self.endpoint = endpoint
    self.tls = tls
    self.db = db
    self.user = user
    self.password = password
    self.connectTimeout = connectTimeout
    self.socketTimeout = socketTimeout
    self.clientName = clientName
  }

  public static let defaultConnectTimeout = 5.0

  /// `redis://user:***@host:port/db` or `unix://user:***@/path?db=N`: safe to print.
  public var redactedURL: String {
    var userinfo = ""
    if let user { userinfo = user }
    if password != nil { userinfo += ":***" }
    if !userinfo.isEmpty { userinfo += "@" }
    if let sentinel {
      let addresses = sentinel.sentinels.map(\.description).joined(separator: ",")
      let scheme = tls ? "rediss+sentinel" : "redis+sentinel"
      return "\(scheme)://\(userinfo)\(addresses)/\(sentinel.masterName)/\(db)"
    }
    switch endpoint {
    case .tcp:
      return "\(tls ? "rediss" : "redis")://\(userinfo)\(endpoint)/\(db)"
    case .unix(let path):
      return "unix://\(userinfo)\(path)?db=\(db)"
    }
  }
}

/// How TLS connections are set up and checked, as redis-cli's `--cacert`, `--cacertdir`,
/// `--cert`, `--key`, `--sni`, `--insecure`, `--tls-ciphers` and `--tls-ciphersuites`.
public struct TLSOptions: Sendable, Hashable {
  /// PEM file of the CAs to trust; the system's when neither this nor the directory is set.
  public var caCertificateFile: String?
  public var caCertificateDirectory: String?
  /// Client certificate (PEM chain) and its key, for servers that ask for one (mutual TLS).
  public var certificateFile: String?
  public var keyFile: String?
  /// The name sent in SNI and checked against the certificate; the host when nil.
  public var serverName: String?
  /// Skips the certificate and host name checks.
  public var insecure = false
  /// OpenSSL cipher lists for TLS 1.2 and for TLS 1.3.
  public var ciphers: String?
  public var cipherSuites: String?

  public init() {}
}

/// Where to ask for the primary: the sentinels (tried in turn), the name they know it by,
/// and the sentinels' own login, which is separate from the primary's.
public struct SentinelSettings: Sendable, Equatable {
  public var sentinels: [Endpoint]
  public var masterName: String
  public var user: String?
  public var password: Secret?

  public init(
    sentinels: [Endpoint], masterName: String, user: String? = nil, password: Secret? = nil
  ) {
    self.sentinels = sentinels
    self.masterName = masterName
    self.user = user
    self.password = password
  }
}

/// The protocol a connection speaks: RESP2 until `HELLO 3` switches it.
public enum RESPVersion: Sendable, Equatable {
  case resp2
  case resp3
}
