/// Everything `rstate health` read from the server, gathered first so that judging it is a
/// pure function (and testable without a server). A command the server refused leaves the
/// reason instead of a value, which makes only the checks that need it SKIPPED.
public struct HealthSnapshot: Sendable {
  public enum Probe<Value: Sendable>: Sendable {
    case value(Value)
    case refused(String)
  }

  public struct LatencyEvent: Sendable, Equatable {
    public var event: String
    public var timestamp: Int64
    public var latestMilliseconds: Int64
    public var maxMilliseconds: Int64
  }

  public struct SlowEntry: Sendable, Equatable {
    public var timestamp: Int64
    public var microseconds: Int64
  }

  public var endpoint: Endpoint
  public var tls: Bool
  /// True when rstate logged in with a password.
  public var authenticated: Bool
  public var pingMilliseconds: [Double]
  /// Why PING failed (LOADING, MASTERDOWN, BUSY …) while INFO still answered.
  public var pingError: String?
  /// INFO now, and INFO `interval` seconds earlier when a sample was taken.
  public var info: ServerInfo
  public var earlier: ServerInfo?
  public var interval: Double
  public var config: Probe<[String: String]>
  public var defaultUserHasNoPassword: Probe<Bool>
  /// Of CONFIG, FLUSHALL, KEYS: those the server still knows under their own names.
  public var dangerousCommands: Probe<[String]>
  public var latency: Probe<[LatencyEvent]>
  public var slowlog: Probe<[SlowEntry]>
  public var expectedReplicas: Int?

  public init(
    endpoint: Endpoint, tls: Bool = false, authenticated: Bool, pingMilliseconds: [Double],
    info: ServerInfo, earlier: ServerInfo? = nil, interval: Double = 0,
    config: Probe<[String: String]>, defaultUserHasNoPassword: Probe<Bool>,
    dangerousCommands: Probe<[String]>, latency: Probe<[LatencyEvent]>,
    slowlog: Probe<[SlowEntry]>, expectedReplicas: Int? = nil
  ) {
    self.endpoint = endpoint
    self.tls = tls
    self.authenticated = authenticated
    self.pingMilliseconds = pingMilliseconds
    self.pingError = nil
    self.info = info
    self.earlier = earlier
    self.interval = interval
    self.config = config
    self.defaultUserHasNoPassword = defaultUserHasNoPassword
    self.dangerousCommands = dangerousCommands
    self.latency = latency
    self.slowlog = slowlog
    self.expectedReplicas = expectedReplicas
  }

  /// The server's clock in Unix seconds (INFO `server_time_usec`), for ages.
  var now: Int64 {
    info.integer("server_time_usec").map { $0 / 1_000_000 } ?? unixTimeSeconds()
  }

  /// How much a lifetime counter grew between the two samples; nil without a sample.
  func delta(_ field: String) -> Int64? {
    guard let earlier, let before = earlier.integer(field), let after = info.integer(field) else {
      return earlier == nil ? nil : 0
    }
    return max(0, after - before)
  }

  /// `errorstat_OOM:count=3` style counters.
  func errorCount(_ code: String, in info: ServerInfo) -> Int64 {
    guard let text = info["errorstat_\(code)"], let map = ServerInfo.keyValueMap(text),
      let count = map.first(where: { $0.0 == "count" }).flatMap({
        ServerInfo.boundedInteger($0.1)
      })
    else { return 0 }
    return count
  }

  /// A hint that the server is a managed service, from what INFO says about it.
  public var managedHint: String? {
    let os = info["os"] ?? ""
    if os.contains("ElastiCache") { return "AWS ElastiCache" }
    if info["executable"] == "-" || info["config_file"] == "-" { return "managed service" }
    return nil
  }
}
