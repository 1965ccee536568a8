/// The shell's client-side namespace commands: `:ns` lists the namespaces found, `:use NAME`
/// enters one (the prompt shows it), `:ls [GLOB]` lists its ids, `:tree [DEPTH]` shows the
/// `:`-tree under its prefix, `:peek ID|KEY` shows a key decoded. They read through a client
/// of their own, so they never interleave with the shell's pipelines or MULTI.
public final class NamespaceShell {
  public let catalog: NamespaceCatalog
  /// The namespace entered with `:use`.
  public private(set) var current: NamespaceSelection?
  private var currentRules: [NamespaceRule] = []
  private var client: RedisClient?
  private var clientSettings: ConnectionSettings?

  /// Most ids `:ls` lists, keys `:tree` reads, and keys `:ns` samples.
  static let listLimit = 200
  static let treeSample = 10_000
  static let surveySample = 10_000
  /// Elements of a list, set, zset or hash shown by `:peek`, and stream entries.
  static let window = 20
  static let streamWindow = 5
  /// Bytes of a string read by `:peek`.
  static let stringLimit = 1 << 20

  public static let commands = [":ns", ":use", ":ls", ":tree", ":peek"]

  public init(catalog: NamespaceCatalog) { self.catalog = catalog }

  /// Runs a namespace command against the server the shell is on; nil when `words` is not one.
  public func run(_ words: [[UInt8]], settings: ConnectionSettings) -> String? {
    let name = String(decoding: words[0], as: UTF8.self).lowercased()
    guard Self.commands.contains(name) else { return nil }
    let arguments = words.dropFirst().map { String(decoding: $0, as: UTF8.self) }
    do {
      switch name {
      case ":use": return try use(arguments)
      case ":ns": return try listNamespaces(settings)
      case ":ls": return try list(arguments, settings)
      case ":tree": return try tree(arguments, settings)
      default: return try peek(Array(words.dropFirst()), settings)
      }
    } catch {
      return "(error) \(error.description)\n"
    }
  }

  private func use(_ arguments: [String]) throws(RStateError) -> String {
    guard let name = arguments.first else {
      current = nil
      currentRules = []
      return ""
    }
    guard arguments.count == 1 else { throw .usage(":use takes one namespace name") }
    let selection = try NamespaceSelection(catalog: catalog, name: name)
    current = selection
    currentRules = try catalog.rules(named: name)
    return ""
  }

  private func connect(_ settings: ConnectionSettings) throws(RStateError) -> RedisClient {
    if let client, clientSettings == settings { return client }
    var own = settings
    own.clientName = nil
    let fresh = RedisClient(settings: own)
    try fresh.open()
    client = fresh
    clientSettings = settings
    return fresh
  }

  private func listNamespaces(_ settings: ConnectionSettings) throws(RStateError) -> String {
    let survey = try NamespaceDetector.survey(
      try connect(settings), catalog: catalog, sampleSize: Self.surveySample, db: settings.db)
    return survey.table(style: TextStyle(color: false))
  }

  /// Keys of the current namespace (or every key), at most `limit`, whose id fits `glob`.
  public func keys(matchingID glob: [UInt8]?, limit: Int, settings: ConnectionSettings)
    throws(RStateError) -> [[UInt8]]
  {
    let client = try connect(settings)
    let scope =
      current.map { KeyScope(filter: $0.scanFilter(count: 1000), selection: $0) }
      ?? KeyScope(filter: ScanFilter(count: 1000))
    var found: [[UInt8]] = []
    var seen = KeySet()
    try scope.forEachBatch(client) { keys, _ throws(RStateError) in
      for key in keys where found.count < limit && seen.insert(key) {
        if let glob, !Glob.matches(glob, id(of: key)) { continue }
        found.append(key)
      }
      return found.count < limit
    }
    return found
  }

  /// A key's id in the current namespace: the key without the namespace's leading text.
  public func id(of key: [UInt8]) -> [UInt8] {
    let lead = currentRules.map(\.template.leadingLiteral).first { key.starts(with: $0) } ?? []
    return Array(key.dropFirst(lead.count))
  }

  private func list(_ arguments: [String], _ settings: ConnectionSettings) throws(RStateError)
    -> String
  {
    guard arguments.count <= 1 else { throw .usage(":ls takes at most one glob") }
    let glob = arguments.first.map { Array($0.utf8) }
    let keys = try self.keys(matchingID: glob, limit: Self.listLimit + 1, settings: settings)
    guard !keys.isEmpty else { return "(no keys)\n" }
    let shown = Array(keys.prefix(Self.listLimit))
    var details: [KeyDetails] = []
    let client = try connect(settings)
    for (server, group) in try client.partition(shown, db: settings.db) {
      details += try KeyDetails.fetch(group, on: server)
    }
    let order = Dictionary(shown.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    details.sort { order[$0.key, default: 0] < order[$1.key, default: 0] }
    let ids = details.map { ValueView.quotedIfNeeded(current == nil ? $0.key : id(of: $0.key)) }
    let width = max(2, ids.map(\.count).max() ?? 0)
    var text = ""
    for (entry, shownID) in zip(details, ids) {
      let size = entry.memory.map { humanBytes($0) } ?? "-"
      text +=
        pad(shownID, width) + "  " + pad(entry.type, 6) + "  "
        + pad(entry.ttl.humanDescription, 14) + "  " + size + "\n"
    }
    if keys.count > Self.listLimit {
      text += "… more than \(Self.listLimit); narrow with :ls GLOB\n"
    }
    return text
  }

  private func tree(_ arguments: [String], _ settings: ConnectionSettings) throws(RStateError)
    -> String
  {
    guard arguments.count <= 1 else { throw .usage(":tree takes at most one depth") }
    var depth = 2
    if let given = arguments.first {
      guard let number = Int(given), number >= 1 else {
        throw .usage(":tree DEPTH must be a number of 1 or more")
      }
      depth = number
    }
    let prefix = currentRules.first?.template.leadingLiteral ?? []
    var filter = ScanFilter(count: 1000)
    if !prefix.isEmpty {
      filter.pattern = NamespaceTemplate.escapedGlob(prefix) + [UInt8(ascii: "*")]
    }
    var root = TreeNode()
    var seen = KeySet()
    var scanned = 0
    try KeyScan.forEachBatch(try connect(settings), filter) { keys, _ throws(RStateError) in
      for key in keys where scanned < Self.treeSample && seen.insert(key) {
        scanned += 1
        root.add(Array(key.dropFirst(prefix.count)), depth: depth)
      }
      return scanned < Self.treeSample
    }
    guard scanned > 0 else { return "(no keys)\n" }
    var text = ValueView.quotedIfNeeded(prefix.isEmpty ? Array("(all keys)".utf8) : prefix)
    text += " \(counted(root.count, "key"))"
    text += scanned >= Self.treeSample ? " (first \(Self.treeSample) read)\n" : "\n"
    root.render(into: &text, indent: "  ")
    return text
  }

  private func peek(_ arguments: [[UInt8]], _ settings: ConnectionSettings) throws(RStateError)
    -> String
  {
    guard arguments.count == 1 else { throw .usage(":peek takes one id or key") }
    let client = try connect(settings)
    let key = try resolve(arguments[0], client: client)
    let command = { (words: [String]) in
      Command(
        [Array(words[0].utf8), key] + words.dropFirst().map { Array($0.utf8) }, keyIndices: [1])
    }
    let head = try client.pipeline([
      command(["TYPE"]), command(["PTTL"]),
      Command([Array("MEMORY".utf8), Array("USAGE".utf8), key], keyIndices: [2]),
      Command([Array("OBJECT".utf8), Array("ENCODING".utf8), key], keyIndices: [2]),
    ])
    let type = head[0].text ?? "none"
    guard type != "none" else { return "(no such key) \(ValueView.quotedIfNeeded(key))\n" }
    var sample: ValueSample?
    if let read = ValueSample.command(for: key, type: type) {
      sample = ValueSample(reply: try client.send(read), type: type)
    }
    let rule = catalog.owner(of: key, type: type, sample: sample)
    var text = "key       \(ValueView.quotedIfNeeded(key))\n"
    if let rule { text += "namespace \(rule.name) (\(rule.app))\n" }
    text += "type      \(type)" + (head[3].text.map { " (\($0))" } ?? "") + "\n"
    text += "ttl       \(TimeToLive(pttlReply: head[1]).humanDescription)\n"
    if case .integer(let bytes) = head[2] { text += "memory    \(humanBytes(bytes))\n" }
    let codec = rule?.codec
    for line in try valueLines(key, type: type, codec: codec, client: client, command: command) {
      text += line + "\n"
    }
    return text
  }

  /// In a namespace an id names `leading text + id` when that key exists; anything else is
  /// taken as a whole key.
  private func resolve(_ word: [UInt8], client: RedisClient) throws(RStateError) -> [UInt8] {
    for rule in currentRules where !rule.template.leadingLiteral.isEmpty {
      let candidate = rule.template.leadingLiteral + word
      guard rule.template.matches(candidate) else { continue }
      let exists = try client.send(Command([Array("EXISTS".utf8), candidate], keyIndices: [1]))
      if exists == .integer(1) { return candidate }
    }
    return word
  }

  private func valueLines(
    _ key: [UInt8], type: String, codec: ValueCodec?, client: RedisClient,
    command: ([String]) -> Command
  ) throws(RStateError) -> [String] {
    let last = String(Self.window - 1)
    func reply(_ words: [String]) throws(RStateError) -> RESPValue {
      let answer = try client.send(command(words))
      if let error = answer.serverError {
        throw .server(command: words[0], message: error.message)
      }
      return answer
    }
    func length(_ name: String) throws(RStateError) -> Int64 {
      if case .integer(let count) = try reply([name]) { return count }
      return 0
    }
    switch type {
    case "string":
      guard case .bulk(let bytes) = try reply(["GETRANGE", "0", String(Self.stringLimit - 1)])
      else {
        return []
      }
      let total = try length("STRLEN")
      var lines = [
        "value     \(counted(Int(total), "byte"))"
          + (total > bytes.count ? ", first \(bytes.count) shown" : "")
      ]
      lines += ValueView.lines(bytes, codec: codec)
      return lines
    case "hash":
      let total = try length("HLEN")
      guard case .array(let parts) = try reply(["HSCAN", "0", "COUNT", String(Self.window)]),
        parts.count == 2, case .array(let pairs) = parts[1]
      else { return [] }
      var rows: [(String, String)] = []
      for index in stride(from: 0, to: pairs.count - 1, by: 2) {
        let field = ValueView.quotedIfNeeded(pairs[index].bytes ?? [])
        rows.append((field, ValueView.summary(pairs[index + 1].bytes ?? [], codec: codec)))
      }
      let width = rows.map(\.0.count).max() ?? 0
      return ["fields    \(total)" + (total > rows.count ? ", \(rows.count) shown" : "")]
        + rows.map { pad($0.0, width) + "  " + $0.1 }
    case "list":
      let total = try length("LLEN")
      return try window("elements", total: total, reply(["LRANGE", "0", last]), codec: codec)
    case "set":
      let total = try length("SCARD")
      guard case .array(let parts) = try reply(["SSCAN", "0", "COUNT", String(Self.window)]),
        parts.count == 2
      else { return [] }
      return window("members", total: total, parts[1], codec: codec)
    case "zset":
      let total = try length("ZCARD")
      guard case .array(let items) = try reply(["ZRANGE", "0", last, "WITHSCORES"]) else {
        return []
      }
      var lines = [
        "members   \(total)" + (total > items.count / 2 ? ", \(items.count / 2) shown" : "")
      ]
      for index in stride(from: 0, to: items.count - 1, by: 2) {
        lines.append(
          "  \(items[index + 1].text ?? "?")  "
            + ValueView.summary(items[index].bytes ?? [], codec: codec))
      }
      return lines
    case "stream":
      let total = try length("XLEN")
      guard
        case .array(let entries) = try reply([
          "XRANGE", "-", "+", "COUNT", String(Self.streamWindow),
        ])
      else { return [] }
      var lines = ["entries   \(total)" + (total > entries.count ? ", \(entries.count) shown" : "")]
      for entry in entries {
        guard case .array(let parts) = entry, parts.count == 2, case .array(let pairs) = parts[1]
        else { continue }
        lines.append("  \(parts[0].text ?? "?")")
        for index in stride(from: 0, to: pairs.count - 1, by: 2) {
          lines.append(
            "    \(ValueView.quotedIfNeeded(pairs[index].bytes ?? []))  "
              + ValueView.summary(pairs[index + 1].bytes ?? [], codec: codec))
        }
      }
      return lines
    default:
      return ["value     (a \(type) value; rstate shows the types Redis itself has)"]
    }
  }

  private func window(_ noun: String, total: Int64, _ reply: RESPValue, codec: ValueCodec?)
    -> [String]
  {
    guard case .array(let items) = reply else { return [] }
    let header = pad(noun, 9) + " \(total)" + (total > items.count ? ", \(items.count) shown" : "")
    return [header]
      + items.enumerated().flatMap { index, item in
        Self.numbered(index, ValueView.lines(item.bytes ?? [], codec: codec))
      }
  }

  /// `  3) first line`, the rest indented under it.
  static func numbered(_ index: Int, _ lines: [String]) -> [String] {
    let label = "  \(index)) "
    let indent = String(repeating: " ", count: label.count)
    return lines.enumerated().map { ($0.offset == 0 ? label : indent) + $0.element }
  }

  /// Completion after `:use` (namespace names) and after `:peek` or a key-taking command in a
  /// namespace (ids, or keys outside one).
  public func names(startingWith prefix: String) -> [String] {
    catalog.names.filter { $0.hasPrefix(prefix) }
  }
}

/// Counts of keys by `:` segment, to a depth.
struct TreeNode {
  var count = 0
  var children: [[UInt8]: TreeNode] = [:]

  mutating func add(_ rest: [UInt8], depth: Int) {
    count += 1
    guard depth > 0, let colon = rest.firstIndex(of: UInt8(ascii: ":")) else { return }
    let segment = Array(rest[...colon])
    children[segment, default: TreeNode()].add(Array(rest[(colon + 1)...]), depth: depth - 1)
  }

  /// Children with the most keys first, at most 20 a level.
  func render(into text: inout String, indent: String) {
    let sorted = children.sorted {
      $0.value.count != $1.value.count
        ? $0.value.count > $1.value.count : $0.key.lexicographicallyPrecedes($1.key)
    }
    for (segment, child) in sorted.prefix(20) {
      text += indent + ValueView.quotedIfNeeded(segment) + " \(child.count)\n"
      child.render(into: &text, indent: indent + "  ")
    }
    let leaves = count - children.values.reduce(0) { $0 + $1.count }
    if sorted.count > 20 { text += indent + "… \(sorted.count - 20) more segments\n" }
    if leaves > 0 && !children.isEmpty { text += indent + "(\(counted(leaves, "key")) here)\n" }
  }
}
