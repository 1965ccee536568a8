/// What `rstate info` prints: a readable summary, or every field as JSON.
public enum InfoReport {
  /// One labelled line per topic operators check first.
  public static func summary(_ info: ServerInfo, now: Int64, style: TextStyle) -> String {
    var rows: [(String, String)] = []
    let version = info["redis_version"] ?? "unknown"
    let mode = info["redis_mode"] ?? "standalone"
    let role = info["role"] ?? "unknown"
    rows.append(("server", "Redis \(version), \(mode), \(role)"))
    if let uptime = info.integer("uptime_in_seconds") {
      rows.append(("uptime", humanDuration(seconds: uptime)))
    }
    if info["loading"] == "1" { rows.append(("loading", style.yellow("dataset is loading"))) }

    if let used = info.integer("used_memory") {
      var memory = "\(humanBytes(used)) used"
      if let peak = info.integer("used_memory_peak") { memory += ", peak \(humanBytes(peak))" }
      let maxmemory = info.integer("maxmemory") ?? 0
      let policy = info["maxmemory_policy"] ?? "unknown"
      if maxmemory > 0 {
        let percent = Double(used) / Double(maxmemory) * 100
        memory += ", maxmemory \(humanBytes(maxmemory)) (\(fixed(percent, places: 1))%)"
      } else {
        memory += ", no maxmemory"
      }
      memory += ", policy \(policy)"
      rows.append(("memory", memory))
    }
    if let ratio = info["mem_fragmentation_ratio"] { rows.append(("fragmentation", ratio)) }
    if let clients = info["connected_clients"] {
      var text = "\(clients) connected"
      if let blocked = info["blocked_clients"] { text += ", \(blocked) blocked" }
      if let max = info["maxclients"] { text += ", max \(max)" }
      rows.append(("clients", text))
    }
    if let ops = info["instantaneous_ops_per_sec"] { rows.append(("ops/s", ops)) }
    if let hits = info.integer("keyspace_hits"), let misses = info.integer("keyspace_misses") {
      let total = hits + misses
      let ratio =
        total == 0 ? "no lookups yet" : fixed(Double(hits) / Double(total) * 100, places: 1) + "%"
      rows.append(("hit ratio", "\(ratio) (\(hits) hits, \(misses) misses)"))
    }
    let keyspace = info.keyspace
    if keyspace.isEmpty { rows.append(("keys", "none")) }
    for db in keyspace {
      rows.append(("db\(db.db)", "\(db.keys) keys, \(db.expires) with an expiry"))
    }
    rows.append(("persistence", persistence(info, now: now, style: style)))

    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { label, value in
      style.bold(label) + String(repeating: " ", count: width - label.count + 2) + value
    }.joined(separator: "\n") + "\n"
  }

  private static func persistence(_ info: ServerInfo, now: Int64, style: TextStyle) -> String {
    var parts: [String] = []
    if let lastSave = info.integer("rdb_last_save_time") {
      let status = info["rdb_last_bgsave_status"] ?? "unknown"
      let changes = info["rdb_changes_since_last_save"] ?? "?"
      let age = humanDuration(seconds: max(0, now - lastSave))
      let shownStatus = status == "ok" ? status : style.red(status)
      parts.append("RDB last save \(age) ago (\(shownStatus)), \(changes) changes since")
    }
    if info["aof_enabled"] == "1" {
      let status = info["aof_last_write_status"] ?? "unknown"
      parts.append("AOF on (\(status == "ok" ? status : style.red(status)))")
    } else if info["aof_enabled"] != nil {
      parts.append("AOF off")
    }
    return parts.isEmpty ? "unknown" : parts.joined(separator: "; ")
  }

  /// Every field of the sections shown, as plain `name  value` lines per section.
  public static func sections(_ info: ServerInfo, style: TextStyle) -> String {
    var out = ""
    for (index, section) in info.sections.enumerated() {
      if index > 0 { out += "\n" }
      out += style.bold("# " + section.name) + "\n"
      let width = section.fields.map(\.name.count).max() ?? 0
      for field in section.fields {
        out += field.name + String(repeating: " ", count: width - field.name.count + 2)
        out += field.value + "\n"
      }
    }
    return out
  }

  /// `{"server": {"redis_version": "7.0.15", …}, "keyspace": {"db0": {"keys": 3, …}}}`:
  /// section names in lower case, numbers as numbers, `a=1,b=2` values as objects.
  public static func json(_ info: ServerInfo) -> JSONValue {
    .object(
      info.sections.map { section in
        let members = section.fields.map { field -> (String, JSONValue) in
          if let map = ServerInfo.keyValueMap(field.value) {
            return (field.name, .object(map.map { ($0.0, JSONValue.infoValue($0.1)) }))
          }
          return (field.name, JSONValue.infoValue(field.value))
        }
        return (section.name.lowercased(), .object(members))
      })
  }
}
