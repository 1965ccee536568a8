import Foundation
import Testing

@testable import RStateCore

@Suite struct HealthEvaluatorTests {
  func snapshot(_ info: String, sampled earlier: String? = nil) -> HealthSnapshot {
    HealthSnapshot(
      endpoint: .tcp(host: "127.0.0.1", port: 7000), authenticated: true,
      pingMilliseconds: [0.2, 0.3, 0.1], info: ServerInfo(parsing: info),
      earlier: earlier.map { ServerInfo(parsing: $0) }, interval: 1,
      config: .value(["save": "3600 1", "protected-mode": "yes", "bind": "127.0.0.1"]),
      defaultUserHasNoPassword: .value(false), dangerousCommands: .value([]),
      latency: .refused("LATENCY LATEST refused: NOPERM"), slowlog: .value([]))
  }

  static let healthy = """
    redis_version:7.0.15\nredis_mode:standalone\nrole:master\nused_memory:1000\nmaxmemory:10000
    maxmemory_policy:noeviction\nconnected_clients:5\nmaxclients:100\nrdb_last_save_time:1000
    server_time_usec:2000000000\nrdb_last_bgsave_status:ok\naof_enabled:0\nrdb_saves:3
    evicted_keys:0\nmem_fragmentation_ratio:1.1\nconnected_slaves:0
    """

  func check(_ checks: [HealthCheck], _ id: String) -> HealthCheck? { checks.first { $0.id == id } }

  @Test func healthyServerIsOKAndSkippedChecksDoNotCount() {
    let report = HealthReport(snapshot: snapshot(Self.healthy), evaluator: HealthEvaluator())
    #expect(check(report.checks, "latency")?.status == .skipped)
    #expect(check(report.checks, "latency")?.reason == "LATENCY LATEST refused: NOPERM")
    #expect(report.status == .ok)
    #expect(report.statusLine == "REDIS OK - 7.0.15 standalone master: 17 OK, 1 SKIPPED")
  }

  @Test func countersAreJudgedOverTheSample() {
    let later = Self.healthy.replacingOccurrences(of: "evicted_keys:0", with: "evicted_keys:7")
    let checks = HealthEvaluator().evaluate(snapshot(later, sampled: Self.healthy))
    #expect(check(checks, "evictions")?.status == .warning)
    #expect(check(checks, "evictions")?.value == 7)
    let cache = HealthEvaluator(workload: .cache).evaluate(snapshot(later, sampled: Self.healthy))
    #expect(check(cache, "evictions")?.status == .ok)
  }

  @Test func saveAgeUsesTheServerClock() {
    // The server's clock says 2,000 s; a save at 1,000 s is fresh, whatever this machine's
    // clock says. Moved to 200,000 s, the same save is 55 hours old.
    #expect(check(HealthEvaluator().evaluate(snapshot(Self.healthy)), "durability")?.status == .ok)
    let later = Self.healthy.replacingOccurrences(
      of: "server_time_usec:2000000000", with: "server_time_usec:200000000000")
    let checks = HealthEvaluator().evaluate(snapshot(later))
    #expect(check(checks, "durability")?.status == .critical)
    #expect(check(checks, "durability")?.crit == 48)
  }

  @Test func thresholdsAreOverriddenAndValidated() throws {
    var thresholds = HealthThresholds()
    try thresholds.set("memory=5", critical: false)
    let checks = HealthEvaluator(thresholds: thresholds).evaluate(snapshot(Self.healthy))
    #expect(check(checks, "memory")?.status == .warning)
    #expect(throws: RStateError.self) { try thresholds.set("memory", critical: true) }
    #expect(throws: RStateError.self) { try thresholds.set("bogus=1", critical: true) }
    #expect(thresholds.judge("hit_ratio", 50) == .warning, "a low hit ratio is worse")
    #expect(thresholds.judge("hit_ratio", 95) == .ok)
  }

  @Test func nagiosPerfdataAndPrometheusLabels() {
    let report = HealthReport(
      checks: [
        HealthCheck(
          id: "memory", status: .warning, value: 85.5, shownValue: "85.5%", unit: "%", warn: 80,
          crit: 90, source: "INFO", explanation: "nearly full"),
        HealthCheck.skipped("latency", source: "LATENCY LATEST", reason: "refused"),
      ], version: "7.0.15", role: "master", mode: "standalone")
    let first = report.nagios.split(separator: "\n")[0]
    #expect(
      first
        == "REDIS WARNING - 7.0.15 standalone master: 1 WARNING (memory), 1 SKIPPED | 'memory'=85.5%;80;90;0;100"
    )
    #expect(report.prometheus.contains("rstate_health_check_status{check=\"latency\"} -1\n"))
    #expect(
      report.prometheus.contains("rstate_health_check_value{check=\"memory\",unit=\"%\"} 85.5\n"))
    #expect(report.json(exitCode: 1).serialized().hasPrefix(#"{"status":"WARNING","exit_code":1,"#))
  }

  @Test func unreachableReport() {
    let report = HealthReport(
      checks: [
        HealthEvaluator.unreachable(.cannotConnect(endpoint: "h:1", reason: "connection refused"))
      ])
    #expect(report.status == .critical)
    #expect(report.statusLine == "REDIS CRITICAL - cannot connect to h:1: connection refused")
  }
}
