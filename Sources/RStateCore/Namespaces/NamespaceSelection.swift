/// The keys of one namespace, for `--namespace NAME` on `keys`, `ttl` and `flush`: SCAN with
/// a glob that covers the namespace's templates, then keep a key only when the first rule that
/// fits it (template, type and value checks, in catalog order) belongs to the namespace, so a
/// loose template never takes keys that a more specific rule places elsewhere.
public struct NamespaceSelection: Sendable {
  public let name: String
  /// The catalog's rules up to the namespace's last one: later rules cannot take its keys.
  private let rules: [NamespaceRule]
  private let own: Set<Int>

  public init(catalog: NamespaceCatalog, name: String) throws(RStateError) {
    _ = try catalog.rules(named: name)
    let indices = catalog.rules.indices.filter { catalog.rules[$0].name == name }
    self.name = name
    rules = Array(catalog.rules[...indices.last!])
    own = Set(indices)
  }

  /// A glob every key of the namespace fits: the longest start the templates' globs share.
  public var glob: [UInt8] {
    let globs = own.sorted().map { rules[$0].template.glob }
    if Set(globs).count == 1 { return globs[0] }
    var shared = globs[0]
    for glob in globs.dropFirst() {
      shared = Array(zip(shared, glob).prefix { $0 == $1 }.map(\.0))
    }
    // Never end inside an escape or a wildcard of the shared part.
    if let star = shared.firstIndex(of: UInt8(ascii: "*")) { shared = Array(shared[..<star]) }
    var trailingEscapes = 0
    for byte in shared.reversed() {
      guard byte == UInt8(ascii: "\\") else { break }
      trailingEscapes += 1
    }
    if trailingEscapes % 2 == 1 { shared.removeLast() }
    return shared + [UInt8(ascii: "*")]
  }

  public func scanFilter(count: Int) -> ScanFilter { ScanFilter(pattern: glob, count: count) }

  /// The keys of this batch that belong to the namespace; reads TYPE and a value sample, on
  /// `server`, only for keys whose rules need them.
  public func select(_ keys: [[UInt8]], on server: Connection) throws(RStateError) -> [[UInt8]] {
    var candidates: [(key: [UInt8], rules: [Int])] = []
    for key in keys {
      let fitting = rules.indices.filter { rules[$0].template.matches(key) }
      if fitting.contains(where: own.contains) { candidates.append((key, fitting)) }
    }
    let needsType = candidates.indices.filter { index in
      candidates[index].rules.contains { !rules[$0].types.isEmpty || rules[$0].checksValues }
    }
    var types: [Int: String] = [:]
    if !needsType.isEmpty {
      let replies = try server.pipeline(
        needsType.map { Command([Array("TYPE".utf8), candidates[$0].key], keyIndices: [1]) })
      for (index, reply) in zip(needsType, replies) { types[index] = reply.text ?? "none" }
    }
    let needsValue = needsType.filter { index in
      candidates[index].rules.contains { rules[$0].checksValues }
    }
    var samples: [Int: ValueSample] = [:]
    let read = try ValueSample.read(needsValue.map { (candidates[$0].key, types[$0]!) }) {
      commands throws(RStateError) in try server.pipeline(commands)
    }
    for (index, sample) in zip(needsValue, read) { samples[index] = sample }
    return candidates.indices.compactMap { index in
      // No type read: none of the key's rules names types or checks values.
      let type = types[index] ?? ""
      guard type != "none" else { return nil }
      let owner = candidates[index].rules.first { ruleIndex in
        let rule = rules[ruleIndex]
        return rule.claims(
          key: candidates[index].key, type: type, sample: samples[index])
      }
      return owner.map(own.contains) == true ? candidates[index].key : nil
    }
  }
}
