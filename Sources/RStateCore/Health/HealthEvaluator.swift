/// Judges a snapshot: one `HealthCheck` per item of the production checklist.
public struct HealthEvaluator: Sendable {
  public var thresholds: HealthThresholds
  public var workload: Workload

  public init(thresholds: HealthThresholds = HealthThresholds(), workload: Workload = .store) {
    self.thresholds = thresholds
    self.workload = workload
  }

  public func evaluate(_ s: HealthSnapshot) -> [HealthCheck] {
    [
      reachable(s), ping(s), loading(s), memory(s), evictionPolicy(s), evictions(s), oomErrors(s),
      hitRatio(s), fragmentation(s), clients(s), rejectedConnections(s), persistenceErrors(s),
      durability(s), replicaLink(s), replicas(s), security(s), latency(s), slowlog(s),
    ]
  }

  /// The single check of a server that could not be reached or logged into.
  public static func unreachable(_ error: RStateError) -> HealthCheck {
    HealthCheck(
      id: "reachable", status: .critical, shownValue: "no", source: "connect, AUTH",
      explanation: error.description)
  }

  /// The single check of a server that could not be judged: CRITICAL when it could not be
  /// reached, logged into or answered in time; UNKNOWN when it answered, but not as Redis
  /// does (INFO that is not INFO text, a reply beyond any real one).
  public static func failed(_ error: RStateError) -> HealthCheck {
    guard case .unexpectedReply = error else { return unreachable(error) }
    return HealthCheck(
      id: "replies", status: .unknown, shownValue: "unreadable", source: "PING, INFO",
      explanation: error.description)
  }

  private func judged(
    _ id: String, _ value: Double, shown: String, unit: String = "", source: String,
    _ explain: (HealthStatus) -> String
  ) -> HealthCheck {
    let status = thresholds.judge(id, value)
    let limits = thresholds[id]
    return HealthCheck(
      id: id, status: status, value: value, shownValue: shown, unit: unit, warn: limits.warn,
      crit: limits.crit, source: source, explanation: explain(status))
  }

  /// A counter check without a second sample: the lifetime value, for context, never judged.
  private func lifetimeOnly(_ id: String, _ lifetime: Int64, source: String) -> HealthCheck {
    HealthCheck(
      id: id, status: .ok, value: nil, shownValue: "\(lifetime) since start", source: source,
      explanation: "no sample taken (--sample 0): lifetime count shown for context only")
  }

  private func reachable(_ s: HealthSnapshot) -> HealthCheck {
    HealthCheck(
      id: "reachable", status: .ok, value: 1, shownValue: "yes", source: "connect, AUTH",
      explanation: s.authenticated
        ? "connected and authenticated" : "connected (no password was needed)")
  }

  private func ping(_ s: HealthSnapshot) -> HealthCheck {
    if let error = s.pingError {
      return HealthCheck(
        id: "ping", status: .critical, shownValue: "failed", unit: "ms", source: "PING",
        explanation: "PING failed: \(error)")
    }
    let sorted = s.pingMilliseconds.sorted()
    let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    return judged(
      "ping", median, shown: fixed(median, places: 3) + " ms", unit: "ms",
      source: "PING round trip (median of \(sorted.count))"
    ) { status in
      status == .ok
        ? "the server answers quickly"
        : "slow answers: look for slow commands (SLOWLOG), swapping, or network trouble"
    }
  }

  private func loading(_ s: HealthSnapshot) -> HealthCheck {
    if s.info["loading"] == "1" {
      return HealthCheck(
        id: "loading", status: .critical, value: 1, shownValue: "loading", source: "INFO loading",
        explanation: "the dataset is still loading; commands fail with LOADING until it is done")
    }
    if s.info["async_loading"] == "1" {
      return HealthCheck(
        id: "loading", status: .warning, value: 1, shownValue: "async loading",
        source: "INFO async_loading",
        explanation: "a replica is loading a new dataset in the background")
    }
    return HealthCheck(
      id: "loading", status: .ok, value: 0, shownValue: "serving", source: "INFO loading",
      explanation: "serving commands")
  }

  private func memory(_ s: HealthSnapshot) -> HealthCheck {
    let used = s.info.integer("used_memory") ?? 0
    let maxmemory = s.info.integer("maxmemory") ?? 0
    guard maxmemory > 0 else {
      return HealthCheck(
        id: "memory", status: s.managedHint == nil ? .warning : .ok, value: nil,
        shownValue: "\(humanBytes(used)), no maxmemory", unit: "%", source: "INFO maxmemory",
        explanation: s.managedHint == nil
          ? "no maxmemory: Redis grows until the system kills it; set maxmemory with headroom"
          : "no maxmemory reported; the managed service enforces its own limit")
    }
    let percent = Double(used) / Double(maxmemory) * 100
    return judged(
      "memory", percent, shown: fixed(percent, places: 1) + "% of \(humanBytes(maxmemory))",
      unit: "%", source: "INFO used_memory / maxmemory"
    ) { status in
      switch status {
      case .ok: return "\(humanBytes(used)) used of \(humanBytes(maxmemory))"
      default:
        return "memory is nearly full: raise maxmemory, add expiries, or delete what is not needed"
      }
    }
  }

  private func evictionPolicy(_ s: HealthSnapshot) -> HealthCheck {
    let policy = s.info["maxmemory_policy"] ?? ""
    let hasLimit = (s.info.integer("maxmemory") ?? 0) > 0
    var status = HealthStatus.ok
    var explanation = "\(policy) suits a \(workload.rawValue)"
    switch workload {
    case .queue, .store:
      if !policy.isEmpty && policy != "noeviction" {
        status = .warning
        explanation =
          "a \(workload.rawValue) must not lose keys, but \(policy) evicts them under memory "
          + "pressure: set maxmemory-policy noeviction"
      }
    case .cache:
      if policy == "noeviction" && hasLimit {
        status = .warning
        explanation =
          "a full cache with noeviction refuses writes: set maxmemory-policy allkeys-lru or "
          + "allkeys-lfu"
      }
    }
    if policy.isEmpty { explanation = "the server does not report its eviction policy" }
    return HealthCheck(
      id: "eviction_policy", status: status, shownValue: policy.isEmpty ? "unknown" : policy,
      source: "INFO maxmemory_policy", explanation: explanation)
  }

  private func evictions(_ s: HealthSnapshot) -> HealthCheck {
    let lifetime = s.info.integer("evicted_keys") ?? 0
    guard let recent = s.delta("evicted_keys") else {
      return lifetimeOnly("evictions", lifetime, source: "INFO evicted_keys")
    }
    if workload == .cache {
      return HealthCheck(
        id: "evictions", status: .ok, value: Double(recent),
        shownValue: "\(recent) in \(fixed(s.interval, places: 1))s", unit: "c",
        source: "INFO evicted_keys", explanation: "evicting is normal for a cache")
    }
    return judged(
      "evictions", Double(recent), shown: "\(recent) in \(fixed(s.interval, places: 1))s",
      unit: "c", source: "INFO evicted_keys"
    ) { status in
      status == .ok
        ? "no keys evicted (\(lifetime) since start)"
        : "keys are being evicted and their data lost: raise maxmemory or use noeviction"
    }
  }

  private func oomErrors(_ s: HealthSnapshot) -> HealthCheck {
    let lifetime = s.errorCount("OOM", in: s.info)
    guard let earlier = s.earlier else {
      return lifetimeOnly("oom_errors", lifetime, source: "INFO errorstat_OOM")
    }
    let recent = max(0, lifetime - s.errorCount("OOM", in: earlier))
    return judged(
      "oom_errors", Double(recent), shown: "\(recent) in \(fixed(s.interval, places: 1))s",
      unit: "c", source: "INFO errorstat_OOM"
    ) { status in
      status == .ok
        ? "no writes refused for memory"
        : "writes are refused with OOM: memory is full and the policy cannot free any"
    }
  }

  private func hitRatio(_ s: HealthSnapshot) -> HealthCheck {
    var hits = s.delta("keyspace_hits") ?? 0
    var misses = s.delta("keyspace_misses") ?? 0
    var window = "in \(fixed(s.interval, places: 1))s"
    if hits + misses < 1000 {
      hits = s.info.integer("keyspace_hits") ?? 0
      misses = s.info.integer("keyspace_misses") ?? 0
      window = "since start"
    }
    let lookups = hits + misses
    guard lookups >= 1000 else {
      return HealthCheck(
        id: "hit_ratio", status: .ok, value: nil, shownValue: "\(lookups) lookups", unit: "%",
        source: "INFO keyspace_hits / keyspace_misses",
        explanation: "too few lookups to judge (fewer than 1000)")
    }
    let ratio = Double(hits) / Double(lookups) * 100
    let shown = fixed(ratio, places: 1) + "% \(window)"
    guard workload == .cache else {
      return HealthCheck(
        id: "hit_ratio", status: .ok, value: ratio, shownValue: shown, unit: "%",
        source: "INFO keyspace_hits / keyspace_misses",
        explanation: "shown for context; only a cache is judged by its hit ratio")
    }
    return judged(
      "hit_ratio", ratio, shown: shown, unit: "%",
      source: "INFO keyspace_hits / keyspace_misses"
    ) { status in
      status == .ok
        ? "the cache serves most lookups"
        : "the cache misses often: check TTLs, key naming, and whether maxmemory is too small"
    }
  }

  private func fragmentation(_ s: HealthSnapshot) -> HealthCheck {
    let ratio = s.info.number("mem_fragmentation_ratio") ?? 1
    let bytes = s.info.integer("mem_fragmentation_bytes") ?? 0
    let used = s.info.integer("used_memory") ?? 0
    let limit = thresholds["fragmentation"]
    let big: Int64 = 100 << 20
    var status = HealthStatus.ok
    var explanation = "memory is used efficiently"
    if let warn = limit.warn, ratio >= warn, bytes > big {
      status = .warning
      explanation =
        "\(humanBytes(bytes)) lost to fragmentation: enable activedefrag or restart in a quiet hour"
    } else if let crit = limit.crit, ratio >= crit, bytes > big {
      status = .critical
      explanation = "\(humanBytes(bytes)) lost to fragmentation"
    } else if ratio < 1.0 && used > big {
      status = .warning
      explanation = "resident memory is smaller than used memory: Redis is being swapped out"
    } else if ratio >= (limit.warn ?? 1.5) {
      explanation = "high ratio but only \(humanBytes(bytes)): not a concern at this size"
    }
    return HealthCheck(
      id: "fragmentation", status: status, value: ratio, shownValue: fixed(ratio, places: 2),
      warn: limit.warn, crit: limit.crit, source: "INFO mem_fragmentation_ratio",
      explanation: explanation)
  }

  private func clients(_ s: HealthSnapshot) -> HealthCheck {
    let connected = s.info.integer("connected_clients") ?? 0
    var maxclients = s.info.integer("maxclients")
    if maxclients == nil, case .value(let config) = s.config {
      maxclients = config["maxclients"].flatMap(ServerInfo.boundedInteger)
    }
    guard let maxclients, maxclients > 0 else {
      return HealthCheck(
        id: "clients", status: .ok, value: nil, shownValue: "\(connected) connected", unit: "%",
        source: "INFO connected_clients", explanation: "maxclients is not reported")
    }
    let percent = Double(connected) / Double(maxclients) * 100
    return judged(
      "clients", percent, shown: "\(connected) of \(maxclients) (\(fixed(percent, places: 1))%)",
      unit: "%", source: "INFO connected_clients / maxclients"
    ) { status in
      status == .ok
        ? "room for more connections"
        : "close to maxclients: new connections will be refused; check for leaking pools"
    }
  }

  private func rejectedConnections(_ s: HealthSnapshot) -> HealthCheck {
    let lifetime = s.info.integer("rejected_connections") ?? 0
    guard let recent = s.delta("rejected_connections") else {
      return lifetimeOnly("rejected_connections", lifetime, source: "INFO rejected_connections")
    }
    return judged(
      "rejected_connections", Double(recent),
      shown: "\(recent) in \(fixed(s.interval, places: 1))s", unit: "c",
      source: "INFO rejected_connections"
    ) { status in
      status == .ok
        ? "no connections refused (\(lifetime) since start)"
        : "connections are being refused at maxclients: raise it or fix leaking clients"
    }
  }

  private func persistenceErrors(_ s: HealthSnapshot) -> HealthCheck {
    let bgsave = s.info["rdb_last_bgsave_status"] ?? "ok"
    let aofWrite = s.info["aof_last_write_status"] ?? "ok"
    let rewrite = s.info["aof_last_bgrewrite_status"] ?? "ok"
    let failures = s.info.integer("aof_rewrites_consecutive_failures") ?? 0
    let shown = "bgsave \(bgsave), aof write \(aofWrite), aof rewrite \(rewrite)"
    let source = "INFO rdb_last_bgsave_status, aof_last_write_status, aof_last_bgrewrite_status"
    if bgsave != "ok" || aofWrite != "ok" {
      return HealthCheck(
        id: "persistence_errors", status: .critical, value: 1, shownValue: shown, source: source,
        explanation:
          "saving to disk failed, so writes are refused with MISCONF: check disk space, "
          + "permissions of dir, and the server log")
    }
    if rewrite != "ok" || failures > 0 {
      return HealthCheck(
        id: "persistence_errors", status: .warning, value: 1, shownValue: shown, source: source,
        explanation: "AOF rewrites fail (\(failures) in a row): the AOF keeps growing; see the log")
    }
    return HealthCheck(
      id: "persistence_errors", status: .ok, value: 0, shownValue: shown, source: source,
      explanation: "no persistence errors")
  }

  private func durability(_ s: HealthSnapshot) -> HealthCheck {
    let aof = s.info["aof_enabled"] == "1"
    let saves = s.info.integer("rdb_saves") ?? 0
    var saveRules: String?
    var appendfsync: String?
    if case .value(let config) = s.config {
      saveRules = config["save"]
      appendfsync = config["appendfsync"]
    }
    let snapshots = saveRules.map { !$0.isEmpty } ?? (saves > 0)
    let source = "INFO aof_enabled, rdb_saves, rdb_last_save_time; CONFIG save, appendfsync"
    if workload != .cache && !aof && !snapshots {
      let unsure = saveRules == nil ? " (CONFIG refused; judged from INFO)" : ""
      return HealthCheck(
        id: "durability", status: .warning, shownValue: "no AOF, no snapshots", source: source,
        explanation:
          "nothing is persisted: a restart loses every key; enable appendonly or save rules"
          + unsure)
    }
    if aof && appendfsync == "no" && workload != .cache {
      return HealthCheck(
        id: "durability", status: .warning, shownValue: "AOF with appendfsync no", source: source,
        explanation: "appendfsync no can lose many seconds of writes: use everysec")
    }
    guard snapshots, !aof, let lastSave = s.info.integer("rdb_last_save_time") else {
      return HealthCheck(
        id: "durability", status: .ok, shownValue: aof ? "AOF on" : "not persisted",
        source: source,
        explanation: aof ? "writes are appended to the AOF" : "a cache need not persist")
    }
    let hours = Double(max(0, s.now - lastSave)) / 3600
    return judged(
      "save_age", hours, shown: fixed(hours, places: 1) + " h since the last save", unit: "h",
      source: source
    ) { status in
      status == .ok
        ? "snapshots are recent"
        : "the last snapshot is old: check the save rules and that BGSAVE succeeds"
    }.renamed("durability")
  }

  private func replicaLink(_ s: HealthSnapshot) -> HealthCheck {
    guard s.info["role"] == "slave" else {
      return HealthCheck(
        id: "replica_link", status: .ok, shownValue: "not a replica", source: "INFO role",
        explanation: "this server is a primary")
    }
    let link = s.info["master_link_status"] ?? "unknown"
    let source = "INFO master_link_status, master_last_io_seconds_ago, master_sync_in_progress"
    if link != "up" {
      let down = s.info.integer("master_link_down_since_seconds") ?? -1
      let since = down >= 0 ? " for \(humanDuration(seconds: down))" : ""
      return HealthCheck(
        id: "replica_link", status: .critical, value: 0, shownValue: "link \(link)\(since)",
        source: source,
        explanation:
          "the replica is cut off from its primary (\(s.info["master_host"] ?? "?"):"
          + "\(s.info["master_port"] ?? "?")) and serves stale data")
    }
    if s.info["master_sync_in_progress"] == "1" {
      return HealthCheck(
        id: "replica_link", status: .warning, value: 1, shownValue: "syncing", source: source,
        explanation: "a full sync with the primary is in progress")
    }
    let lastIO = Double(s.info.integer("master_last_io_seconds_ago") ?? 0)
    return judged(
      "replica_io", lastIO, shown: "link up, last I/O \(Int(lastIO))s ago", unit: "s",
      source: source
    ) { status in
      status == .ok ? "replicating" : "the primary has been silent: check the network between them"
    }.renamed("replica_link")
  }

  private func replicas(_ s: HealthSnapshot) -> HealthCheck {
    guard s.info["role"] == "master" else {
      return HealthCheck(
        id: "replicas", status: .ok, shownValue: "not a primary", source: "INFO role",
        explanation: "this server is a replica")
    }
    let connected = Int(s.info.integer("connected_slaves") ?? 0)
    let source = "INFO connected_slaves, slaveN"
    if let expected = s.expectedReplicas, connected < expected {
      return HealthCheck(
        id: "replicas", status: .critical, value: Double(connected),
        shownValue: "\(connected) of \(expected) expected", source: source,
        explanation: "replicas are missing: check that they run and can reach this primary")
    }
    // The slaveN fields there are, not 0..<connected_slaves: a server may claim any count.
    let entries = s.info.sections.flatMap(\.fields).filter { field in
      field.name.hasPrefix("slave") && Int(field.name.dropFirst(5)) != nil
    }.compactMap { ServerInfo.keyValueMap($0.value) }
    let notOnline = entries.filter { map in map.first { $0.0 == "state" }?.1 != "online" }
    let worstLag =
      entries.compactMap { map in
        map.first { $0.0 == "lag" }.flatMap { ServerInfo.boundedNumber($0.1) }
      }
      .max() ?? 0
    if !notOnline.isEmpty {
      return HealthCheck(
        id: "replicas", status: .warning, value: Double(connected),
        shownValue: "\(connected) connected, \(notOnline.count) not online", source: source,
        explanation: "a replica is still syncing or stuck")
    }
    guard connected > 0 else {
      return HealthCheck(
        id: "replicas", status: .ok, value: 0, shownValue: "none", source: source,
        explanation: "no replicas (use --expect-replicas N to require them)")
    }
    return judged(
      "replica_lag", worstLag, shown: "\(connected) online, lag \(Int(worstLag))s", unit: "s",
      source: source
    ) { status in
      status == .ok ? "replicas are online and current" : "a replica lags behind"
    }.renamed("replicas")
  }

  private func security(_ s: HealthSnapshot) -> HealthCheck {
    var findings: [String] = []
    var status = HealthStatus.ok
    let noPassword: Bool
    switch s.defaultUserHasNoPassword {
    case .value(let value): noPassword = value
    case .refused: noPassword = !s.authenticated
    }
    var protectedModeOff = false
    var bindsBeyondLoopback = false
    if case .value(let config) = s.config {
      protectedModeOff = config["protected-mode"] == "no"
      let addresses = (config["bind"] ?? "").split(separator: " ").map {
        $0.hasPrefix("-") ? String($0.dropFirst()) : String($0)
      }
      bindsBeyondLoopback = addresses.isEmpty || addresses.contains { !isLoopback($0) }
    }
    if noPassword {
      findings.append("the default user needs no password")
      status = max(status, .warning)
      if protectedModeOff && bindsBeyondLoopback {
        findings.append("protected mode is off and it listens beyond loopback")
        status = .critical
      }
    }
    if case .value(let commands) = s.dangerousCommands, !commands.isEmpty, s.managedHint == nil {
      findings.append("\(commands.joined(separator: ", ")) can be called")
      status = max(status, .warning)
    }
    if !s.tls && !s.endpoint.isLocal {
      findings.append("the connection to \(s.endpoint) is not encrypted")
      status = max(status, .warning)
    }
    let advice =
      findings.isEmpty
      ? "password required; no obvious exposure"
      : findings.joined(separator: "; ")
        + ": set requirepass or ACL users, rename or deny dangerous commands, use TLS"
    return HealthCheck(
      id: "security", status: status, value: Double(findings.count),
      shownValue: findings.isEmpty ? "ok" : "\(findings.count) findings",
      source: "ACL GETUSER default, CONFIG protected-mode/bind, COMMAND INFO", explanation: advice)
  }

  private func latency(_ s: HealthSnapshot) -> HealthCheck {
    guard case .value(let events) = s.latency else {
      if case .refused(let reason) = s.latency {
        return .skipped("latency", source: "LATENCY LATEST", reason: reason)
      }
      return .skipped("latency", source: "LATENCY LATEST", reason: "not read")
    }
    if case .value(let config) = s.config, config["latency-monitor-threshold"] == "0" {
      return HealthCheck(
        id: "latency", status: .ok, shownValue: "monitor off", unit: "ms",
        source: "CONFIG latency-monitor-threshold",
        explanation: "the latency monitor is off; enable it with latency-monitor-threshold 100")
    }
    // Compared so that no timestamp a server sends can overflow the arithmetic.
    let recent = events.filter { $0.timestamp >= s.now - 300 }
    let worst = recent.max { $0.latestMilliseconds < $1.latestMilliseconds }
    let value = Double(worst?.latestMilliseconds ?? 0)
    return judged(
      "latency", value, shown: worst.map { "\($0.latestMilliseconds) ms (\($0.event))" } ?? "none",
      unit: "ms", source: "LATENCY LATEST (last 5 min)"
    ) { status in
      status == .ok
        ? "no latency spikes in the last 5 minutes"
        : "latency spikes: see LATENCY DOCTOR, slow commands, and forks for persistence"
    }
  }

  private func slowlog(_ s: HealthSnapshot) -> HealthCheck {
    guard case .value(let entries) = s.slowlog else {
      if case .refused(let reason) = s.slowlog {
        return .skipped("slowlog", source: "SLOWLOG GET 128", reason: reason)
      }
      return .skipped("slowlog", source: "SLOWLOG GET 128", reason: "not read")
    }
    let slow = entries.filter { $0.timestamp >= s.now - 300 && $0.microseconds > 100_000 }
    return judged(
      "slowlog", Double(slow.count), shown: "\(slow.count) over 100 ms in 5 min", unit: "",
      source: "SLOWLOG GET 128"
    ) { status in
      status == .ok
        ? "few slow commands"
        : "many slow commands: avoid KEYS, big SMEMBERS/HGETALL and long scripts (see SLOWLOG)"
    }
  }

  private func isLoopback(_ address: String) -> Bool {
    address.hasPrefix("127.") || address == "::1" || address == "localhost"
  }
}

extension HealthCheck {
  /// A check judged under one threshold name but reported under another id.
  func renamed(_ id: String) -> HealthCheck {
    var copy = self
    copy.id = id
    return copy
  }
}
