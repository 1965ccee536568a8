/// How a check came out; the numbers are Nagios plugin exit codes.
public enum HealthStatus: Int, Sendable, Comparable, CaseIterable {
  case ok = 0
  case warning = 1
  case critical = 2
  case unknown = 3
  /// The check could not run (a refused command); it never raises the overall status.
  case skipped = -1

  public var name: String {
    switch self {
    case .ok: return "OK"
    case .warning: return "WARNING"
    case .critical: return "CRITICAL"
    case .unknown: return "UNKNOWN"
    case .skipped: return "SKIPPED"
    }
  }

  /// Severity order for "the worst check": skipped < ok < warning < unknown < critical.
  var severity: Int { [Self.skipped: 0, .ok: 1, .warning: 2, .unknown: 3, .critical: 4][self]! }

  public static func < (lhs: HealthStatus, rhs: HealthStatus) -> Bool {
    lhs.severity < rhs.severity
  }
}

/// What the workload needs from Redis: a cache should evict, a queue or a store must not.
public enum Workload: String, Sendable, CaseIterable {
  case cache, queue, store
}

/// One finding of `rstate health`.
public struct HealthCheck: Sendable, Equatable {
  public var id: String
  public var status: HealthStatus
  /// The value the check judged, as a number when it is one (for perfdata and Prometheus).
  public var value: Double?
  /// The value as people read it (`83.2%`, `allkeys-lru`, `up`).
  public var shownValue: String
  public var unit: String
  public var warn: Double?
  public var crit: Double?
  /// Where the value came from: an INFO field, a command.
  public var source: String
  /// One line: what was found and what to do about it.
  public var explanation: String
  /// Why a skipped check could not run.
  public var reason: String?
  /// The cluster node the check is about (`127.0.0.1:7001`); nil for a single server and for
  /// the cluster-wide checks.
  public var node: String?

  /// The check's name as printed: prefixed with its node on a cluster.
  public var label: String { node.map { "\($0) \(id)" } ?? id }

  public init(
    id: String, status: HealthStatus, value: Double? = nil, shownValue: String, unit: String = "",
    warn: Double? = nil, crit: Double? = nil, source: String, explanation: String,
    reason: String? = nil
  ) {
    self.id = id
    self.status = status
    self.value = value
    self.shownValue = shownValue
    self.unit = unit
    self.warn = warn
    self.crit = crit
    self.source = source
    self.explanation = explanation
    self.reason = reason
  }

  static func skipped(_ id: String, source: String, reason: String) -> HealthCheck {
    HealthCheck(
      id: id, status: .skipped, shownValue: "-", source: source,
      explanation: "not checked: \(reason)", reason: reason)
  }
}

/// Warning and critical thresholds per numeric check, with the defaults of
/// `../shared/reference/health.md` §7; `--warn id=N` and `--crit id=N` override them.
public struct HealthThresholds: Sendable, Equatable {
  public struct Limits: Sendable, Equatable {
    public var warn: Double?
    public var crit: Double?
    /// True when a smaller value is worse (hit ratio).
    public var lowerIsWorse = false
  }

  public private(set) var limits: [String: Limits] = [
    "ping": Limits(warn: 100, crit: 500),
    "memory": Limits(warn: 80, crit: 90),
    "evictions": Limits(warn: 1, crit: nil),
    "oom_errors": Limits(warn: nil, crit: 1),
    "hit_ratio": Limits(warn: 80, crit: nil, lowerIsWorse: true),
    "fragmentation": Limits(warn: 1.5, crit: nil),
    "clients": Limits(warn: 80, crit: 90),
    "rejected_connections": Limits(warn: 1, crit: nil),
    "save_age": Limits(warn: 24, crit: 48),
    "replica_io": Limits(warn: 30, crit: nil),
    "replica_lag": Limits(warn: 10, crit: 60),
    "latency": Limits(warn: 100, crit: 1000),
    "slowlog": Limits(warn: 10, crit: nil),
  ]

  public init() {}

  public static var adjustable: [String] { HealthThresholds().limits.keys.sorted() }

  public subscript(id: String) -> Limits { limits[id] ?? Limits() }

  /// Applies `id=value`; the error names what was wrong.
  public mutating func set(_ assignment: String, critical: Bool) throws(RStateError) {
    let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, let value = Double(parts[1]), value.isFinite else {
      throw .usage("threshold '\(assignment)' must be written id=number, as in memory=85")
    }
    guard limits[parts[0]] != nil else {
      throw .usage(
        "unknown check '\(parts[0])' in '\(assignment)'; thresholds exist for "
          + Self.adjustable.joined(separator: ", "))
    }
    if critical { limits[parts[0]]!.crit = value } else { limits[parts[0]]!.warn = value }
  }

  /// The status of a value against this check's limits.
  func judge(_ id: String, _ value: Double) -> HealthStatus {
    let limit = self[id]
    func beyond(_ threshold: Double?) -> Bool {
      guard let threshold else { return false }
      return limit.lowerIsWorse ? value < threshold : value >= threshold
    }
    if beyond(limit.crit) { return .critical }
    if beyond(limit.warn) { return .warning }
    return .ok
  }
}
