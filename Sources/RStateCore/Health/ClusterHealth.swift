/// The checks only a Redis Cluster has: its own state, slot coverage and nodes that do not
/// answer. Each node's own checks come from the usual probe, labelled with the node.
extension HealthEvaluator {
  /// `unreachable` lists the nodes that could not be probed, with the error.
  public static func cluster(_ summary: ClusterSummary, unreachable: [(ClusterNode, String)])
    -> [HealthCheck]
  {
    var checks: [HealthCheck] = []
    let ok = summary.state == "ok"
    checks.append(
      HealthCheck(
        id: "cluster_state", status: ok ? .ok : .critical, shownValue: summary.state,
        source: "CLUSTER INFO cluster_state",
        explanation: ok
          ? "the cluster serves every slot"
          : "the cluster refuses commands: slots without a primary, or no majority of primaries"))
    let covered = summary.layout.coveredSlots
    let missing = HashSlot.count - covered
    checks.append(
      HealthCheck(
        id: "slot_coverage", status: missing == 0 ? .ok : .critical, value: Double(covered),
        shownValue: "\(covered)/\(HashSlot.count)", unit: "slots", source: "CLUSTER SHARDS",
        explanation: missing == 0
          ? "every slot has a primary"
          : "\(missing) slots have no primary: keys there cannot be read or written"))
    let failedPrimaries = unreachable.filter { $0.0.isPrimary && !$0.0.slots.isEmpty }
    let down = unreachable.map { "\($0.0.endpoint) (\(summary.role(of: $0.0)))" }
    let status: HealthStatus =
      failedPrimaries.isEmpty ? (unreachable.isEmpty ? .ok : .warning) : .critical
    checks.append(
      HealthCheck(
        id: "nodes", status: status, value: Double(unreachable.count),
        shownValue: unreachable.isEmpty
          ? "all \(summary.layout.nodes.count) answer"
          : "\(unreachable.count) of \(summary.layout.nodes.count) down",
        source: "CLUSTER SHARDS, PING",
        explanation: unreachable.isEmpty
          ? "every node answers"
          : "not answering: " + down.joined(separator: ", ")
            + (failedPrimaries.isEmpty
              ? "; the cluster still serves every slot"
              : "; its slots fail until a replica takes over")))
    let alone = summary.layout.primaries.filter { primary in
      !summary.layout.replicas.contains { $0.primaryID == primary.id && $0.health == "online" }
    }
    checks.append(
      HealthCheck(
        id: "replicas", status: alone.isEmpty ? .ok : .warning, value: Double(alone.count),
        shownValue: alone.isEmpty ? "every primary has one" : "\(alone.count) without",
        source: "CLUSTER SHARDS",
        explanation: alone.isEmpty
          ? "every primary has an online replica to fail over to"
          : "no online replica for " + alone.map(\.endpoint.description).joined(separator: ", ")
            + ": losing it loses its slots"))
    return checks
  }
}
