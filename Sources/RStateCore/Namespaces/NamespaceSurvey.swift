/// What a bounded sample of the keyspace says about its namespaces: which app wrote which
/// keys, how many there are (exact or estimated), their memory, expiries and encodings.
public struct NamespaceSurvey: Sendable {
  public var db: Int
  /// Keys in the database (DBSIZE, summed over a cluster's primaries).
  public var totalKeys: Int
  public var sampledKeys: Int
  /// True when the sample is the whole keyspace, so counts are exact.
  public var isExact: Bool
  public var namespaces: [NamespaceSummary]
}

public struct NamespaceSummary: Sendable {
  public var name: String
  /// The framework or app; nil for keys no rule claims, grouped by their first `:` segment.
  public var app: String?
  public var templates: [String]
  public var sampledKeys = 0
  public var estimatedKeys = 0
  public var types: [String: Int] = [:]
  public var encodings: [String: Int] = [:]
  public var ttlBuckets = [Int](repeating: 0, count: TTLSummary.Bucket.allCases.count)
  public var expectedExpiry: ExpectedExpiry = .unspecified
  /// Sampled keys without an expiry although one is expected.
  public var missingExpiry = 0
  /// MEMORY USAGE summed over `memorySampledKeys` keys; nil when the server refuses MEMORY.
  public var memorySampled: Int64?
  public var memorySampledKeys = 0
  /// A few of the keys, for `:ls` and examples.
  public var exampleKeys: [[UInt8]] = []

  /// Average memory times the estimated keys.
  public var estimatedMemory: Int64? {
    guard let memorySampled, memorySampledKeys > 0 else { return nil }
    return memorySampled / Int64(memorySampledKeys) * Int64(estimatedKeys)
  }

  public var expiryWarning: String? {
    guard missingExpiry > 0 else { return nil }
    let expected =
      switch expectedExpiry {
      case .seconds(let seconds): "an expiry (\(humanDuration(seconds: seconds)) by default)"
      default: "an expiry"
      }
    return "\(missingExpiry) of \(sampledKeys) sampled keys have no expiry; "
      + "\(app ?? "the app") sets \(expected)"
  }
}

/// Detection as the reference suggests: SCAN a bounded sample with pipelined TYPE and PTTL,
/// match each key against the rules, check values for a few keys per group, let a rule that
/// is not an anchor claim keys only once its app is seen, and group the rest by their first
/// `:` segment.
public enum NamespaceDetector {
  /// Keys read per namespace for MEMORY USAGE, and per group for value checks.
  static let memorySamples = 16
  static let valueSamples = 3
  /// Most keys checked one by one in groups whose first checks disagree.
  static let mixedGroupChecks = 2000

  public static func survey(
    _ client: RedisClient, catalog: NamespaceCatalog, sampleSize: Int, db: Int
  ) throws(RStateError) -> NamespaceSurvey {
    var total = 0
    for server in try client.primaries {
      if case .integer(let size) = try server.send(Command("DBSIZE")) { total += Int(size) }
    }
    var seen = KeySet()
    var sample: [KeyDetails] = []
    var complete = true
    try KeyScan.forEachBatch(client, ScanFilter(count: 1000)) { keys, server throws(RStateError) in
      let fresh = keys.filter { seen.insert($0) }
      let wanted = Array(fresh.prefix(sampleSize - sample.count))
      if !wanted.isEmpty {
        sample += try KeyDetails.fetch(wanted, on: server, memory: false).filter {
          $0.type != "none"
        }
      }
      if sample.count >= sampleSize {
        complete = false
        return false
      }
      return true
    }
    let claims = try claim(sample, catalog: catalog, client: client)
    var summaries = summarize(sample, claims: claims.owners, catalog: catalog)
    try measure(&summaries, client: client)
    let exact = complete && sample.count >= total
    let scale =
      exact || sample.isEmpty ? 1.0 : Double(max(total, sample.count)) / Double(sample.count)
    for index in summaries.indices {
      summaries[index].estimatedKeys = Int((Double(summaries[index].sampledKeys) * scale).rounded())
    }
    // Apps first, each app's namespaces together; then the unclaimed groups, biggest first.
    summaries.sort {
      ($0.app == nil ? 1 : 0, $0.app ?? "", -$0.sampledKeys, $0.name)
        < ($1.app == nil ? 1 : 0, $1.app ?? "", -$1.sampledKeys, $1.name)
    }
    return NamespaceSurvey(
      db: db, totalKeys: max(total, sample.count), sampledKeys: sample.count, isExact: exact,
      namespaces: summaries)
  }

  /// Which rule owns each sampled key (nil: no rule), and the value samples read on the way.
  struct Claims {
    var owners: [Int?]
    var samples: [Int: ValueSample]
  }

  /// The group a value check speaks for: a rule and the key's first segment, so that keys of
  /// one shape are decided together and unrelated keys that fit the same loose template are
  /// not.
  private struct Group: Hashable {
    var rule: Int
    var stem: [UInt8]

    /// One key's own check, in a group whose keys disagree.
    struct Key: Hashable {
      var rule: Int
      var index: Int
    }
  }

  static func claim(_ sample: [KeyDetails], catalog: NamespaceCatalog, client: RedisClient)
    throws(RStateError) -> Claims
  {
    let rules = catalog.rules
    var candidates: [[Int]] = []
    candidates.reserveCapacity(sample.count)
    var members: [Group: [Int]] = [:]
    for (index, details) in sample.enumerated() {
      var matching: [Int] = []
      for (ruleIndex, rule) in rules.enumerated()
      where rule.accepts(key: details.key, type: details.type) {
        matching.append(ruleIndex)
        if rule.checksValues {
          members[Group(rule: ruleIndex, stem: stem(of: details.key)), default: []].append(index)
        }
        // A rule that needs neither a value check nor its app's presence always wins here.
        if !rule.checksValues && rule.anchor { break }
      }
      candidates.append(matching)
    }
    // Read a few values of each group that needs a check, once per key.
    var toRead: [Int] = []
    var reading = Set<Int>()
    for indices in members.values {
      for index in indices.prefix(valueSamples) where reading.insert(index).inserted {
        toRead.append(index)
      }
    }
    let samples = try readSamples(toRead.map { sample[$0] }, client: client)
    var valueSamples: [Int: ValueSample] = [:]
    for (index, value) in zip(toRead, samples) { valueSamples[index] = value }
    // A group whose checked keys all fit is confirmed whole, one where none fit is not; in a
    // group where they disagree (two apps under one stem) every key is checked, up to a cap.
    var confirmed = Set<Group>()
    var mixed: [Group: [Int]] = [:]
    for (group, indices) in members {
      let checked = indices.prefix(Self.valueSamples).compactMap { valueSamples[$0] }
      let fitting = checked.filter { $0.fits(rules[group.rule]) }.count
      if fitting == checked.count && fitting > 0 {
        confirmed.insert(group)
      } else if fitting > 0 {
        mixed[group] = indices
      }
    }
    var extra: [Int] = []
    for indices in mixed.values {
      for index in indices where valueSamples[index] == nil && extra.count < mixedGroupChecks {
        if reading.insert(index).inserted { extra.append(index) }
      }
    }
    for (index, value) in zip(extra, try readSamples(extra.map { sample[$0] }, client: client)) {
      valueSamples[index] = value
    }
    var fittingKeys = Set<Group.Key>()
    for (group, indices) in mixed {
      for index in indices where valueSamples[index]?.fits(rules[group.rule]) == true {
        fittingKeys.insert(Group.Key(rule: group.rule, index: index))
      }
    }
    func passes(_ ruleIndex: Int, _ index: Int) -> Bool {
      guard rules[ruleIndex].checksValues else { return true }
      let group = Group(rule: ruleIndex, stem: stem(of: sample[index].key))
      return confirmed.contains(group)
        || (mixed[group] != nil && fittingKeys.contains(Group.Key(rule: ruleIndex, index: index)))
    }
    var presentApps = Set<String>()
    for (index, matching) in candidates.enumerated() {
      for ruleIndex in matching
      where rules[ruleIndex].anchor && passes(ruleIndex, index) {
        presentApps.insert(rules[ruleIndex].app)
      }
    }
    let owners = candidates.enumerated().map { index, matching in
      matching.first { ruleIndex in
        passes(ruleIndex, index)
          && (rules[ruleIndex].anchor || presentApps.contains(rules[ruleIndex].app))
      }
    }
    return Claims(owners: owners, samples: valueSamples)
  }

  /// The key up to its first `:`; a key without one stands for itself unless it looks like an
  /// id (hex, digits, a long token), which all share one stem.
  static func stem(of key: [UInt8]) -> [UInt8] {
    if let colon = key.firstIndex(of: UInt8(ascii: ":")) { return Array(key[..<colon]) }
    let idLike =
      key.count >= 16 && key.allSatisfy { $0.isWordByte || $0 == UInt8(ascii: "-") }
      || (!key.isEmpty && key.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
    return idLike ? Array("{id}".utf8) : key
  }

  static func readSamples(_ keys: [KeyDetails], client: RedisClient) throws(RStateError)
    -> [ValueSample?]
  {
    try ValueSample.read(keys.map { ($0.key, $0.type) }) { commands throws(RStateError) in
      try client.pipeline(commands)
    }
  }

  static func summarize(_ sample: [KeyDetails], claims: [Int?], catalog: NamespaceCatalog)
    -> [NamespaceSummary]
  {
    var byName: [String: NamespaceSummary] = [:]
    var order: [String] = []
    var shapes: [String: KeyShapeGuess] = [:]
    for (details, owner) in zip(sample, claims) {
      let name: String
      if let owner {
        let rule = catalog.rules[owner]
        name = rule.name
        if byName[name] == nil {
          byName[name] = NamespaceSummary(
            name: name, app: rule.app, templates: [], expectedExpiry: rule.expiry)
          order.append(name)
        }
        if !byName[name]!.templates.contains(rule.template.description) {
          byName[name]!.templates.append(rule.template.description)
        }
      } else {
        let head = stem(of: details.key)
        let hasColon = details.key.contains(UInt8(ascii: ":"))
        // Binary prefixes are escaped as redis-cli escapes them, so the name says which bytes.
        name = hasColon ? ValueView.quotedIfNeeded(head) + ":*" : "(no prefix)"
        if byName[name] == nil {
          byName[name] = NamespaceSummary(name: name, app: nil, templates: [name])
          order.append(name)
        }
        if hasColon { shapes[name, default: KeyShapeGuess()].add(details.key) }
      }
      var summary = byName[name]!
      summary.sampledKeys += 1
      summary.types[details.type, default: 0] += 1
      if let bucket = TTLSummary.Bucket(details.ttl) {
        summary.ttlBuckets[bucket.rawValue] += 1
        if bucket == .noExpiry && summary.expectedExpiry.expectsExpiry {
          summary.missingExpiry += 1
        }
      }
      if summary.exampleKeys.count < memorySamples { summary.exampleKeys.append(details.key) }
      byName[name] = summary
    }
    for (name, shape) in shapes {
      if let template = shape.template { byName[name]!.templates = [template] }
    }
    return order.map { byName[$0]! }
  }

  /// MEMORY USAGE for a few keys of each namespace, and the encoding of a few values, in one
  /// pipeline.
  static func measure(
    _ summaries: inout [NamespaceSummary], client: RedisClient
  ) throws(RStateError) {
    var commands: [Command] = []
    var owners: [(summary: Int, isMemory: Bool, type: String)] = []
    for (index, summary) in summaries.enumerated() {
      let type = summary.types.max { $0.value < $1.value }?.key ?? "string"
      for (position, key) in summary.exampleKeys.enumerated() {
        commands.append(
          Command(
            [
              Array("MEMORY".utf8), Array("USAGE".utf8), key, Array("SAMPLES".utf8),
              Array("5".utf8),
            ],
            keyIndices: [2]))
        owners.append((index, true, type))
        if position < valueSamples, let command = ValueSample.command(for: key, type: type) {
          commands.append(command)
          owners.append((index, false, type))
        }
      }
    }
    guard !commands.isEmpty else { return }
    let replies = try client.pipeline(commands)
    for (owner, reply) in zip(owners, replies) {
      if owner.isMemory {
        guard case .integer(let bytes) = reply else { continue }
        summaries[owner.summary].memorySampled =
          (summaries[owner.summary].memorySampled ?? 0) + bytes
        summaries[owner.summary].memorySampledKeys += 1
      } else if let value = ValueSample(reply: reply, type: owner.type),
        let encoding = value.encoding
      {
        summaries[owner.summary].encodings[encoding.ruleName, default: 0] += 1
      }
    }
  }
}

/// The template unclaimed keys share, when they have the same number of `:` segments:
/// segments that differ between keys become `{id}` (`user:1`, `user:2` → `user:{id}`).
struct KeyShapeGuess {
  private var segments: [[UInt8]?] = []
  private var keys = 0
  private var uniform = true

  mutating func add(_ key: [UInt8]) {
    let parts = key.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).map(
      Array.init)
    keys += 1
    if keys == 1 {
      segments = parts
    } else if parts.count != segments.count {
      uniform = false
    } else {
      for index in parts.indices where segments[index] != parts[index] { segments[index] = nil }
    }
  }

  /// Nil for one key (nothing to compare) or keys of differing depth.
  var template: String? {
    guard keys > 1, uniform, segments.contains(where: { $0 == nil }) else { return nil }
    return segments.map { $0.map(ValueView.quotedIfNeeded) ?? "{id}" }
      .joined(separator: ":")
  }
}
