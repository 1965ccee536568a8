/// One node of a Redis Cluster as CLUSTER SHARDS (or CLUSTER SLOTS) describes it.
public struct ClusterNode: Sendable, Equatable {
  public var id: String
  public var endpoint: Endpoint
  public var isPrimary: Bool
  /// `online`, `failed` or `loading` (CLUSTER SHARDS); `online` from CLUSTER SLOTS.
  public var health: String
  /// The slot ranges a primary serves; empty for replicas.
  public var slots: [ClosedRange<Int>]
  /// The id of the primary a replica follows.
  public var primaryID: String?

  public var slotCount: Int { slots.reduce(0) { $0 + $1.count } }
}

/// Which node serves each of the 16,384 slots.
public struct ClusterLayout: Sendable, Equatable {
  public private(set) var nodes: [ClusterNode]
  /// Index into `nodes` per slot; -1 where no node serves it.
  private var owners: [Int16]

  public init(nodes: [ClusterNode]) {
    self.nodes = nodes
    owners = [Int16](repeating: -1, count: HashSlot.count)
    for (index, node) in nodes.enumerated() where node.isPrimary {
      for range in node.slots {
        for slot in range where (0..<HashSlot.count).contains(slot) { owners[slot] = Int16(index) }
      }
    }
  }

  /// The primaries that serve slots: a failed primary whose replica took over stays listed,
  /// without slots, until it comes back as a replica.
  public var primaries: [ClusterNode] { nodes.filter { $0.isPrimary && !$0.slots.isEmpty } }
  public var replicas: [ClusterNode] { nodes.filter { !$0.isPrimary } }

  /// The primary that serves `slot`, if any does.
  public func owner(of slot: Int) -> ClusterNode? {
    let index = owners[slot]
    return index < 0 ? nil : nodes[Int(index)]
  }

  public var coveredSlots: Int { owners.lazy.filter { $0 >= 0 }.count }

  /// Records a MOVED: `slot` is now served by the node at `endpoint`.
  public mutating func move(slot: Int, to endpoint: Endpoint) {
    if let index = nodes.firstIndex(where: { $0.endpoint == endpoint && $0.isPrimary }) {
      owners[slot] = Int16(index)
    } else {
      nodes.append(
        ClusterNode(
          id: "", endpoint: endpoint, isPrimary: true, health: "online", slots: [slot...slot]))
      owners[slot] = Int16(nodes.count - 1)
    }
  }

  /// Reads a CLUSTER SHARDS reply (Redis 7+). `tls` picks the nodes' TLS ports.
  public static func parse(shards reply: RESPValue, seedHost: String, tls: Bool) -> ClusterLayout? {
    guard case .array(let shards) = reply else { return nil }
    var nodes: [ClusterNode] = []
    for shard in shards {
      let fields = pairs(shard)
      guard case .array(let slotBounds)? = fields["slots"],
        case .array(let members)? = fields["nodes"]
      else { return nil }
      var slots: [ClosedRange<Int>] = []
      var index = 0
      while index + 1 < slotBounds.count {
        if case .integer(let start) = slotBounds[index],
          case .integer(let end) = slotBounds[index + 1],
          start <= end
        {
          slots.append(Int(start)...Int(end))
        }
        index += 2
      }
      var shardNodes: [ClusterNode] = []
      for member in members {
        let node = pairs(member)
        let host = [node["endpoint"], node["ip"]].compactMap { $0?.text }.first {
          !$0.isEmpty && $0 != "?"
        }
        guard let id = node["id"]?.text,
          case .integer(let port)? = tls ? (node["tls-port"] ?? node["port"]) : node["port"]
        else { continue }
        let isPrimary = node["role"]?.text == "master"
        shardNodes.append(
          ClusterNode(
            id: id, endpoint: .tcp(host: host ?? seedHost, port: Int(port)), isPrimary: isPrimary,
            health: node["health"]?.text ?? "online", slots: isPrimary ? slots : []))
      }
      let primaryID = shardNodes.first(where: \.isPrimary)?.id
      for index in shardNodes.indices where !shardNodes[index].isPrimary {
        shardNodes[index].primaryID = primaryID
      }
      nodes += shardNodes
    }
    return ClusterLayout(nodes: nodes)
  }

  /// Reads a CLUSTER SLOTS reply (before Redis 7): the first node of each range is its primary.
  public static func parse(slots reply: RESPValue, seedHost: String) -> ClusterLayout? {
    guard case .array(let ranges) = reply else { return nil }
    var nodes: [ClusterNode] = []
    for range in ranges {
      guard case .array(let parts) = range, parts.count >= 3,
        case .integer(let start) = parts[0], case .integer(let end) = parts[1]
      else { return nil }
      for (position, member) in parts.dropFirst(2).enumerated() {
        guard case .array(let address) = member, address.count >= 2,
          case .integer(let port) = address[1]
        else { continue }
        var host = address[0].text ?? ""
        if host.isEmpty || host == "?" { host = seedHost }
        let id = address.count > 2 ? address[2].text ?? "" : ""
        let endpoint = Endpoint.tcp(host: host, port: Int(port))
        let isPrimary = position == 0
        if let existing = nodes.firstIndex(where: { $0.endpoint == endpoint }) {
          if isPrimary { nodes[existing].slots.append(Int(start)...Int(end)) }
          continue
        }
        nodes.append(
          ClusterNode(
            id: id, endpoint: endpoint, isPrimary: isPrimary, health: "online",
            slots: isPrimary ? [Int(start)...Int(end)] : [],
            primaryID: isPrimary ? nil : (parts[2].arrayElement(2)?.text)))
      }
    }
    return ClusterLayout(nodes: nodes)
  }

  /// A flat [name, value, name, value …] reply as a dictionary.
  private static func pairs(_ reply: RESPValue) -> [String: RESPValue] {
    guard case .array(let items) = reply else { return [:] }
    var result: [String: RESPValue] = [:]
    var index = 0
    while index + 1 < items.count {
      if let name = items[index].text { result[name] = items[index + 1] }
      index += 2
    }
    return result
  }
}

/// A MOVED or ASK error: which node serves the slot now (MOVED) or for this one command (ASK).
public struct ClusterRedirect: Sendable, Equatable {
  public var isMoved: Bool
  public var slot: Int
  public var endpoint: Endpoint

  /// Parses `MOVED 3999 127.0.0.1:6381` / `ASK 3999 host:port`; an empty host means the node
  /// that answered.
  public init?(_ error: ServerError, answeredBy: Endpoint) {
    guard error.code == "MOVED" || error.code == "ASK" else { return nil }
    let words = error.message.split(separator: " ")
    guard words.count >= 3, let slot = Int(words[1]),
      let colon = words[2].lastIndex(of: ":"),
      let port = Int(words[2][words[2].index(after: colon)...])
    else { return nil }
    var host = String(words[2][..<colon])
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    if host.isEmpty, case .tcp(let answering, _) = answeredBy { host = answering }
    isMoved = error.code == "MOVED"
    self.slot = slot
    endpoint = .tcp(host: host, port: port)
  }
}

extension RESPValue {
  fileprivate func arrayElement(_ index: Int) -> RESPValue? {
    guard case .array(let items) = self, items.indices.contains(index) else { return nil }
    return items[index]
  }
}

extension ServerError {
  /// What to do about a cluster's refusal, for the line printed after the server's error.
  public var clusterAdvice: String? {
    switch code {
    case "CROSSSLOT":
      return "in a Redis Cluster the keys of one command must share a hash slot: give them a "
        + "common {tag}, as in {user:42}:profile and {user:42}:cart"
    case "MOVED", "ASK":
      return "the key lives on another cluster node: connect with -c (rstate follows "
        + "redirects by itself once it knows the server is a cluster)"
    case "CLUSTERDOWN":
      return "the cluster cannot serve this slot now (a node is down or slots are unassigned); "
        + "`rstate info` shows which"
    default: return nil
    }
  }
}
