/// Tab completion for the shell: command names (upper case, as redis-cli inserts them) and,
/// where the command takes a key, key names from the live keyspace with a bounded
/// `SCAN MATCH prefix*` (redis-cli has no key completion; iredis only remembers keys it saw).
public final class Completer {
  private let connection: () -> Connection
  /// Name (lower case, `object|encoding` for subcommands) → where its keys are.
  private var table: [String: KeySpec]?
  /// Most keys offered for one Tab, and most SCAN calls spent finding them.
  public static let keyLimit = 200
  static let scanCalls = 20

  struct KeySpec {
    var first: Int
    var last: Int
    var step: Int
    var hasSubcommands: Bool

    func isKey(_ index: Int, argumentCount: Int) -> Bool {
      guard first > 0, index >= first, step > 0 else { return false }
      let lastIndex = last < 0 ? argumentCount + last : last
      return (last < 0 || index <= lastIndex) && (index - first) % step == 0
    }
  }

  /// The help topics, for Tab after `help`.
  private let helpTable: () -> HelpTable

  /// Namespace names after `:use`, ids after `:peek`, and a namespace's keys after commands
  /// while one is entered.
  private let namespaces: NamespaceShell?

  public init(
    connection: @escaping () -> Connection, help: @escaping () -> HelpTable,
    namespaces: NamespaceShell? = nil
  ) {
    self.connection = connection
    self.helpTable = help
    self.namespaces = namespaces
  }

  /// Candidates for the word being typed: `words` are the complete words before it.
  public func candidates(before words: [[UInt8]], prefix: String) -> [String] {
    if words.isEmpty && prefix.hasPrefix(":") {
      return (NamespaceShell.commands + [":set"]).filter { $0.hasPrefix(prefix.lowercased()) }
    }
    if let namespaces, let first = words.first, first.first == UInt8(ascii: ":") {
      return namespaceCandidates(
        String(decoding: first, as: UTF8.self).lowercased(), words.count, prefix, namespaces)
    }
    let table = commandTable()
    if words.isEmpty {
      let lower = prefix.lowercased()
      return table.keys.filter { !$0.contains("|") && $0.hasPrefix(lower) }.sorted().map {
        $0.uppercased()
      }
    }
    let name = String(decoding: words[0], as: UTF8.self).lowercased()
    if name == "help" || name == "?" {
      // Topics: "@group" and command names, the rest of the line completed as one.
      let typed = (words.dropFirst().map { String(decoding: $0, as: UTF8.self) } + [prefix])
        .joined(separator: " ").lowercased()
      let entries = helpTable().entries
      let topics =
        Set(entries.map { "@" + $0.group }).sorted() + entries.map(\.full)
        + ShellCommand.all.map(\.name)
      let skipped = words.count - 1
      return topics.filter { $0.lowercased().hasPrefix(typed) }.map {
        $0.split(separator: " ").dropFirst(skipped).joined(separator: " ")
      }
    }
    guard var spec = table[name] else { return [] }
    var index = words.count
    if spec.hasSubcommands {
      guard words.count >= 2 else {
        let lower = prefix.lowercased()
        return table.keys.filter { $0.hasPrefix(name + "|" + lower) }.sorted().map {
          String($0.split(separator: "|")[1]).uppercased()
        }
      }
      let sub = name + "|" + String(decoding: words[1], as: UTF8.self).lowercased()
      guard let subSpec = table[sub] else { return [] }
      spec = subSpec
      index = words.count  // key positions of subcommands count from the command name too
    }
    guard spec.isKey(index, argumentCount: words.count + 1) else { return [] }
    if let namespaces, namespaces.current != nil {
      return namespaceKeys(prefix, namespaces, asIDs: false)
    }
    return keys(matching: prefix)
  }

  private func namespaceCandidates(
    _ command: String, _ wordCount: Int, _ prefix: String, _ namespaces: NamespaceShell
  ) -> [String] {
    guard wordCount == 1 else { return [] }
    switch command {
    case ":use": return namespaces.names(startingWith: prefix)
    case ":peek": return namespaceKeys(prefix, namespaces, asIDs: namespaces.current != nil)
    case ":set":
      return ["hints", "nohints", "confirm", "noconfirm", "pager", "nopager"].filter {
        $0.hasPrefix(prefix)
      }
    default: return []
    }
  }

  /// Keys of the entered namespace (or any keys) whose id, or whole key, starts with `prefix`.
  private func namespaceKeys(_ prefix: String, _ namespaces: NamespaceShell, asIDs: Bool)
    -> [String]
  {
    var glob = NamespaceTemplate.escapedGlob(Array(prefix.utf8))
    glob.append(UInt8(ascii: "*"))
    let server = connection()
    let keys: [[UInt8]]
    if asIDs {
      keys =
        (try? namespaces.keys(matchingID: glob, limit: Self.keyLimit, settings: server.settings))
        ?? []
    } else {
      keys =
        ((try? namespaces.keys(matchingID: nil, limit: Self.keyLimit * 5, settings: server.settings))
        ?? [])
        .filter { $0.starts(with: Array(prefix.utf8)) }
    }
    return Array(Set(keys.map { asIDs ? namespaces.id(of: $0) : $0 }.map(Self.offered))).sorted()
  }

  /// Keys the tokenizer would split or change are offered quoted, as redis-cli prints them.
  static func offered(_ key: [UInt8]) -> String {
    let plain = key.allSatisfy { (0x21...0x7E).contains($0) && $0 != 0x22 && $0 != 0x27 }
    return plain ? String(decoding: key, as: UTF8.self) : ReplyFormat.quoted(key)
  }

  private func keys(matching prefix: String) -> [String] {
    let pattern = NamespaceTemplate.escapedGlob(Array(prefix.utf8)) + [UInt8(ascii: "*")]
    let filter = ScanFilter(pattern: pattern, count: 1000)
    var cursor: [UInt8] = Array("0".utf8)
    var found = Set<[UInt8]>()
    let server = connection()
    for _ in 0..<Self.scanCalls {
      guard let reply = try? server.send(filter.command(cursor: cursor)),
        case .array(let parts) = reply, parts.count == 2, let next = parts[0].bytes,
        case .array(let keys) = parts[1]
      else { break }
      for key in keys.compactMap(\.bytes) where found.count < Self.keyLimit { found.insert(key) }
      cursor = next
      if cursor == Array("0".utf8) || found.count >= Self.keyLimit { break }
    }
    return found.map(Self.offered).sorted()
  }

  /// COMMAND, read once per session; empty when the server refuses it.
  private func commandTable() -> [String: KeySpec] {
    if let table { return table }
    var result: [String: KeySpec] = [:]
    if let reply = try? connection().send(Command("COMMAND")), case .array(let entries) = reply {
      for entry in entries { add(entry, to: &result) }
    }
    if !result.isEmpty { table = result }
    return result
  }

  private func add(_ entry: RESPValue, to result: inout [String: KeySpec]) {
    guard case .array(let fields) = entry, fields.count >= 6, let name = fields[0].text,
      case .integer(let first) = fields[3], case .integer(let last) = fields[4],
      case .integer(let step) = fields[5]
    else { return }
    var subcommands: [RESPValue] = []
    if fields.count >= 10, case .array(let nested) = fields[9] { subcommands = nested }
    result[name.lowercased()] = KeySpec(
      first: Int(first), last: Int(last), step: Int(step), hasSubcommands: !subcommands.isEmpty)
    // Subcommands come as `object|encoding`, with key positions counted from the command.
    for sub in subcommands { add(sub, to: &result) }
  }
}
