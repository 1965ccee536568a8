/// The checks of one run and the ways they are printed.
public struct HealthReport: Sendable {
  public var checks: [HealthCheck]
  public var version: String?
  public var role: String?
  public var mode: String?
  public var managedHint: String?

  public init(
    checks: [HealthCheck], version: String? = nil, role: String? = nil, mode: String? = nil,
    managedHint: String? = nil
  ) {
    self.checks = checks
    self.version = version
    self.role = role
    self.mode = mode
    self.managedHint = managedHint
  }

  public init(snapshot: HealthSnapshot, evaluator: HealthEvaluator) {
    self.init(
      checks: evaluator.evaluate(snapshot), version: snapshot.info["redis_version"],
      role: snapshot.info["role"], mode: snapshot.info["redis_mode"],
      managedHint: snapshot.managedHint)
  }

  /// The worst check; skipped checks never raise it.
  public var status: HealthStatus {
    checks.map(\.status).filter { $0 != .skipped }.max() ?? .unknown
  }

  /// `REDIS WARNING - 7.0.15 standalone master: 16 OK, 2 WARNING (memory, security), 1 SKIPPED`
  public var statusLine: String {
    var parts: [String] = []
    for status in [HealthStatus.critical, .unknown, .warning, .ok, .skipped] {
      let matching = checks.filter { $0.status == status }
      guard !matching.isEmpty else { continue }
      var part = "\(matching.count) \(status.name)"
      if status != .ok && status != .skipped {
        part += " (" + Self.names(matching).joined(separator: ", ") + ")"
      }
      parts.append(part)
    }
    let server = [version, mode, role].compactMap { $0 }.joined(separator: " ")
    let prefix = server.isEmpty ? "" : server + ": "
    if checks.count == 1, let only = checks.first, only.status == .critical {
      return "REDIS \(status.name) - \(only.explanation)"
    }
    return "REDIS \(status.name) - \(prefix)\(parts.joined(separator: ", "))"
  }

  /// The checks' names for the status line; a check failing on several cluster nodes is
  /// named once, with its node count.
  private static func names(_ checks: [HealthCheck]) -> [String] {
    var order: [String] = []
    var nodes: [String: [String]] = [:]
    for check in checks {
      if nodes[check.id] == nil { order.append(check.id) }
      nodes[check.id, default: []].append(check.node ?? "")
    }
    return order.map { id in
      let on = nodes[id]!.filter { !$0.isEmpty }
      return on.count > 1 ? "\(id) on \(on.count) nodes" : on.first.map { "\($0) \(id)" } ?? id
    }
  }

  /// Line 1 is the status line, then one line per check.
  public func text(style: TextStyle) -> String {
    var out = colour(statusLine, status, style) + "\n"
    let width = checks.map(\.label.count).max() ?? 0
    for check in checks {
      let tag = pad("[" + check.status.name + "]", 11)
      out += colour(tag, check.status, style) + pad(check.label, width) + "  " + check.shownValue
      var limits = [
        check.warn.map { "warn \(number($0))" }, check.crit.map { "crit \(number($0))" },
      ]
      .compactMap { $0 }.joined(separator: ", ")
      if !limits.isEmpty { limits += "; " }
      out += style.dim("  \(check.explanation) (\(limits)\(check.source))") + "\n"
    }
    return out
  }

  private func colour(_ text: String, _ status: HealthStatus, _ style: TextStyle) -> String {
    switch status {
    case .ok: return style.green(text)
    case .warning: return style.yellow(text)
    case .critical, .unknown: return style.red(text)
    case .skipped: return style.dim(text)
    }
  }

  /// The status line with performance data, then the checks as long output, as Nagios and
  /// Icinga plugins print them. Numbers in the C locale.
  public var nagios: String {
    let perf = checks.compactMap { check -> String? in
      guard let value = check.value else { return nil }
      let label = "'" + check.label.replacingQuotes() + "'"
      let unit = ["ms", "%", "s", "c"].contains(check.unit) ? check.unit : ""
      let minimum = "0"
      let maximum = check.unit == "%" ? "100" : ""
      return "\(label)=\(number(value))\(unit);\(check.warn.map(number) ?? "");"
        + "\(check.crit.map(number) ?? "");\(minimum);\(maximum)"
    }
    var out = statusLine
    if !perf.isEmpty { out += " | " + perf.joined(separator: " ") }
    out += "\n"
    for check in checks {
      out += "\(check.status.name): \(check.label): \(check.shownValue) - \(check.explanation)\n"
    }
    return out
  }

  /// One JSON document: overall status and exit code, the server, and every check.
  public func json(exitCode: Int32) -> JSONValue {
    .object([
      ("status", .string(status.name)), ("exit_code", .integer(Int64(exitCode))),
      ("summary", .string(statusLine)),
      (
        "server",
        .object([
          ("version", version.map { .string($0) } ?? .null),
          ("role", role.map { .string($0) } ?? .null), ("mode", mode.map { .string($0) } ?? .null),
          ("managed_hint", managedHint.map { .string($0) } ?? .null),
        ])
      ),
      (
        "checks",
        .array(
          checks.map { check in
            var members: [(String, JSONValue)] = [
              ("id", .string(check.id)), ("status", .string(check.status.name)),
              ("value", check.value.map { .double($0) } ?? .null),
              ("shown_value", .string(check.shownValue)), ("unit", .string(check.unit)),
              ("warn", check.warn.map { .double($0) } ?? .null),
              ("crit", check.crit.map { .double($0) } ?? .null),
              ("source", .string(check.source)), ("explanation", .string(check.explanation)),
            ]
            if let reason = check.reason { members.append(("reason", .string(reason))) }
            if let node = check.node { members.append(("node", .string(node))) }
            return .object(members)
          })
      ),
    ])
  }

  /// The Prometheus text exposition format, for a node-exporter textfile collector.
  public var prometheus: String {
    var out = """
      # HELP rstate_health_status Worst check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
      # TYPE rstate_health_status gauge
      rstate_health_status \(status.rawValue)
      # HELP rstate_health_check_status Each check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, -1 SKIPPED.
      # TYPE rstate_health_check_status gauge

      """
    for check in checks {
      out +=
        "rstate_health_check_status{check=\"\(label(check.id))\"\(nodeLabel(check))} "
        + "\(check.status.rawValue)\n"
    }
    out += """
      # HELP rstate_health_check_value The value each check judged, in the check's unit.
      # TYPE rstate_health_check_value gauge

      """
    for check in checks {
      guard let value = check.value else { continue }
      out +=
        "rstate_health_check_value{check=\"\(label(check.id))\",unit=\"\(label(check.unit))\""
        + "\(nodeLabel(check))} "
        + "\(number(value))\n"
    }
    return out
  }

  private func nodeLabel(_ check: HealthCheck) -> String {
    check.node.map { ",node=\"\(label($0))\"" } ?? ""
  }

  private func label(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      default: out.append(character)
      }
    }
    return out
  }

  /// Plain decimal, no exponent, at most 6 places, trailing zeros dropped.
  private func number(_ value: Double) -> String {
    var text = fixed(value, places: 6)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }
}

extension String {
  /// A Nagios label quotes `'` by doubling it.
  fileprivate func replacingQuotes() -> String {
    var out = ""
    for character in self { out += character == "'" ? "''" : String(character) }
    return out
  }
}
