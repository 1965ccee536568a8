/// A cluster at a glance, for `info` and `health`: CLUSTER INFO's state and slot counts and
/// the layout's nodes.
public struct ClusterSummary: Sendable {
  /// `ok` or `fail`, as the node asked says.
  public var state: String
  public var slotsAssigned: Int
  public var slotsOK: Int
  public var slotsFailing: Int
  public var knownNodes: Int
  public var layout: ClusterLayout

  /// Reads CLUSTER INFO from the seed node; nil for a standalone server.
  public static func read(_ client: RedisClient) throws(RStateError) -> ClusterSummary? {
    guard let layout = try client.clusterLayout() else { return nil }
    let reply = try client.seed.send(Command("CLUSTER", "INFO"))
    if let error = reply.serverError {
      throw .server(command: "CLUSTER INFO", message: error.message)
    }
    let info = ServerInfo(parsing: reply.text ?? "")
    return ClusterSummary(
      state: info["cluster_state"] ?? "unknown",
      slotsAssigned: Int(info.integer("cluster_slots_assigned") ?? 0),
      slotsOK: Int(info.integer("cluster_slots_ok") ?? 0),
      slotsFailing: Int(info.integer("cluster_slots_fail") ?? 0)
        + Int(info.integer("cluster_slots_pfail") ?? 0),
      knownNodes: Int(info.integer("cluster_known_nodes") ?? 0), layout: layout)
  }

  /// Primaries in slot order, each followed by its replicas, then any other node (a failed
  /// primary without slots).
  public var orderedNodes: [ClusterNode] {
    let primaries = layout.primaries.sorted {
      ($0.slots.first?.lowerBound ?? 0) < ($1.slots.first?.lowerBound ?? 0)
    }
    let ordered = primaries.flatMap { primary in
      [primary] + layout.replicas.filter { $0.primaryID == primary.id }
    }
    return ordered + layout.nodes.filter { !ordered.contains($0) }
  }

  /// The node's role for display: `primary`, or `replica of HOST:PORT`.
  public func role(of node: ClusterNode) -> String {
    if node.isPrimary { return "primary" }
    guard let primary = layout.nodes.first(where: { $0.id == node.primaryID && $0.isPrimary })
    else { return "replica" }
    return "replica of \(primary.endpoint)"
  }

  /// A primary's slot ranges as `0-5460,10923`.
  public static func ranges(_ node: ClusterNode) -> String {
    node.slots.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
      .joined(separator: ",")
  }
}

extension InfoReport {
  /// The cluster's state, slot coverage and each node with its role and slots.
  public static func cluster(_ summary: ClusterSummary, style: TextStyle) -> String {
    let primaries = summary.layout.primaries.count
    let replicas = summary.layout.replicas.count
    let state = summary.state == "ok" ? style.green("ok") : style.red(summary.state)
    var text =
      "cluster        \(state), \(summary.layout.coveredSlots) of \(HashSlot.count) slots "
      + "served, \(primaries) \(primaries == 1 ? "primary" : "primaries"), "
      + "\(replicas) \(replicas == 1 ? "replica" : "replicas")\n"
    let nodes = summary.orderedNodes
    let width = nodes.map(\.endpoint.description.count).max() ?? 0
    for node in nodes {
      let name = node.endpoint.description
      var line = "  " + name + String(repeating: " ", count: width - name.count) + "  "
      line += summary.role(of: node)
      if node.isPrimary {
        line +=
          node.slots.isEmpty
          ? ", no slots" : ", slots \(ClusterSummary.ranges(node)) (\(node.slotCount))"
      }
      if node.health != "online" { line += ", " + style.red(node.health) }
      text += line + "\n"
    }
    return text
  }

  public static func clusterJSON(_ summary: ClusterSummary) -> JSONValue {
    .object([
      ("state", .string(summary.state)),
      ("slots_served", .integer(Int64(summary.layout.coveredSlots))),
      ("slots_assigned", .integer(Int64(summary.slotsAssigned))),
      ("slots_ok", .integer(Int64(summary.slotsOK))),
      (
        "nodes",
        .array(
          summary.layout.nodes.map { node in
            .object([
              ("address", .string(node.endpoint.description)),
              ("id", .string(node.id)),
              ("role", .string(node.isPrimary ? "primary" : "replica")),
              ("primary_id", node.primaryID.map(JSONValue.string) ?? .null),
              ("health", .string(node.health)),
              ("slots", .string(ClusterSummary.ranges(node))),
            ])
          })
      ),
    ])
  }
}
