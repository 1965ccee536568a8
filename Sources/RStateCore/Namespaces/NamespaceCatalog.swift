/// Every namespace rule rstate knows: the project's own (from `rstate.toml`) first, then the
/// built-in ones (`namespaces.toml`, compiled in), with the project's prefixes applied to both.
public struct NamespaceCatalog: Sendable {
  public private(set) var rules: [NamespaceRule]

  public init(rules: [NamespaceRule]) { self.rules = rules }

  /// The built-in rules with the project's `[prefixes]` and namespaces, if there is a project.
  public init(project: ProjectConfig?) throws(RStateError) {
    let builtIn = try RuleFile.parse(
      String(decoding: PackageResources.namespaces_toml, as: UTF8.self), path: "built-in rules")
    var prefixes = builtIn.prefixes
    for (name, value) in project?.prefixes ?? [:] { prefixes[name] = value }
    var rules: [NamespaceRule] = []
    for entry in (project?.namespaces ?? []) + builtIn.namespaces {
      do {
        rules.append(try entry.rule(prefixes: prefixes))
      } catch {
        throw .settingsFile(
          path: entry.origin, line: entry.line, column: nil,
          reason: "namespace '\(entry.name)': \(error.description)")
      }
    }
    self.rules = rules
  }

  /// Namespace names in first-seen order.
  public var names: [String] {
    var seen = Set<String>()
    return rules.map(\.name).filter { seen.insert($0).inserted }
  }

  /// The rules of one namespace (a namespace may have several templates).
  public func rules(named name: String) throws(RStateError) -> [NamespaceRule] {
    let found = rules.filter { $0.name == name }
    guard found.isEmpty else { return found }
    let close = names.filter { $0.hasPrefix(name) || name.hasPrefix($0) || $0.contains(name) }
    let hint =
      close.isEmpty
      ? "`rstate ns` lists the namespaces found on the server"
      : "did you mean \(close.prefix(5).joined(separator: ", "))?"
    throw .usage("no namespace named '\(name)': \(hint)")
  }

  /// The first rule that takes this key, its type and (where the rule checks values) the
  /// sample of its value.
  public func owner(of key: [UInt8], type: String, sample: ValueSample?) -> NamespaceRule? {
    rules.first { $0.claims(key: key, type: type, sample: sample) }
  }
}

/// A `[[namespace]]` entry as written, before its `<prefix>`es are known.
struct NamespaceEntry: Sendable {
  var name: String
  var app: String
  var key: String
  var types: [String]
  var values: [String]
  var fields: [String]
  var anchor: Bool
  var expiry: ExpectedExpiry
  var codec: ValueCodec?
  var origin: String
  /// Where the entry's key template is written, for errors found once the prefixes are known.
  var line: Int

  func rule(prefixes: [String: String]) throws(RStateError) -> NamespaceRule {
    let expanded = try NamespaceTemplate.expandingPrefixes(key, prefixes)
    return NamespaceRule(
      name: name, app: app, template: try NamespaceTemplate(expanded), types: Set(types),
      values: Set(values), fields: fields, anchor: anchor, expiry: expiry, codec: codec,
      origin: origin)
  }
}

/// Reads the rule format shared by `namespaces.toml` and `rstate.toml`, checking every key so
/// that a typo is an error naming the file and the entry rather than a rule that never fires.
enum RuleFile {
  struct Contents {
    var prefixes: [String: String] = [:]
    var namespaces: [NamespaceEntry] = []
    var connections: [String: ProjectConnection] = [:]
  }

  static let namespaceKeys: Set<String> = [
    "name", "app", "key", "types", "values", "fields", "anchor", "ttl", "codec",
  ]

  static func parse(_ text: String, path: String, isProject: Bool = false)
    throws(RStateError) -> Contents
  {
    let table: TOMLTable
    do {
      table = try TOML.parse(text)
    } catch {
      throw .settingsFile(path: path, line: error.line, column: error.column, reason: error.reason)
    }
    func fail(_ reason: String, line: Int?) -> RStateError {
      .settingsFile(path: path, line: line ?? 1, column: nil, reason: reason)
    }
    var contents = Contents()
    let known: Set<String> =
      isProject ? ["prefixes", "namespace", "connections"] : ["prefixes", "namespace"]
    for key in table.keys where !known.contains(key) {
      throw fail(
        "unknown section '\(key)' (known: \(known.sorted().joined(separator: ", ")))",
        line: table.line(of: key))
    }
    if let prefixes = table["prefixes"] {
      guard let prefixTable = prefixes.table else {
        throw fail("[prefixes] must be a table", line: table.line(of: "prefixes"))
      }
      for name in prefixTable.keys {
        guard let value = prefixTable[name]?.string else {
          throw fail("prefixes.\(name) must be a string", line: prefixTable.line(of: name))
        }
        contents.prefixes[name] = value
      }
    }
    if let entries = table["namespace"] {
      guard let array = entries.array, array.allSatisfy({ $0.table != nil }) else {
        throw fail(
          "namespaces are written as [[namespace]] entries", line: table.line(of: "namespace"))
      }
      for (index, element) in array.enumerated() {
        contents.namespaces.append(
          try namespace(element.table!, number: index + 1, path: path, isProject: isProject))
      }
    }
    if let connections = table["connections"] {
      guard let connectionTable = connections.table else {
        throw fail(
          "[connections] must hold tables such as [connections.prod]",
          line: table.line(of: "connections"))
      }
      for name in connectionTable.keys {
        guard let entry = connectionTable[name]?.table else {
          throw fail(
            "connections.\(name) must be a table with a url", line: connectionTable.line(of: name))
        }
        contents.connections[name] = try ProjectConnection(
          name: name, path: path, entry,
          fail: { reason, key in
            fail(reason, line: entry.line(of: key) ?? connectionTable.line(of: name))
          })
      }
    }
    return contents
  }

  private static func namespace(
    _ entry: TOMLTable, number: Int, path: String, isProject: Bool
  ) throws(RStateError) -> NamespaceEntry {
    let label = entry["name"]?.string.map { "namespace '\($0)'" } ?? "namespace \(number)"
    let line = entry.keys.compactMap { entry.line(of: $0) }.min() ?? 1
    // Errors name the line of the setting they are about, or the entry's first line.
    var about = ""
    func fail(_ reason: String) -> RStateError {
      .settingsFile(path: path, line: entry.line(of: about) ?? line, column: nil, reason: reason)
    }
    for key in entry.keys where !namespaceKeys.contains(key) {
      about = key
      throw fail(
        "\(label): unknown setting '\(key)' (known: \(namespaceKeys.sorted().joined(separator: ", ")))"
      )
    }
    func string(_ key: String) throws(RStateError) -> String? {
      about = key
      guard let value = entry[key] else { return nil }
      guard let text = value.string else { throw fail("\(label): \(key) must be a string") }
      return text
    }
    func strings(_ key: String) throws(RStateError) -> [String] {
      about = key
      guard let value = entry[key] else { return [] }
      guard let array = value.array else {
        throw fail("\(label): \(key) must be a list of strings")
      }
      var result: [String] = []
      for element in array {
        guard let text = element.string else {
          throw fail("\(label): \(key) must be a list of strings")
        }
        result.append(text)
      }
      return result
    }
    guard let name = try string("name"), !name.isEmpty else { throw fail("\(label) needs a name") }
    guard let key = try string("key"), !key.isEmpty else {
      throw fail("\(label) needs a key template, e.g. key = \"\(name):{id}\"")
    }
    let values = try strings("values")
    for value in values where !ValueEncoding.ruleNames.contains(value) {
      throw fail(
        "\(label): unknown value encoding '\(value)' (known: \(ValueEncoding.ruleNames.sorted().joined(separator: ", ")))"
      )
    }
    var expiry = ExpectedExpiry.unspecified
    if let ttl = try string("ttl") {
      guard let parsed = ExpectedExpiry(ttl) else {
        throw fail(
          "\(label): ttl '\(ttl)' is not a duration such as 300s, 24h or 31d (or '500s or none'), nor expires or none"
        )
      }
      expiry = parsed
    }
    var codec: ValueCodec?
    if let name = try string("codec") {
      guard let parsed = ValueCodec(rawValue: name) else {
        throw fail(
          "\(label): unknown codec '\(name)' (known: \(ValueCodec.allCases.map(\.rawValue).joined(separator: ", ")))"
        )
      }
      codec = parsed
    }
    var anchor = isProject
    if let value = entry["anchor"] {
      about = "anchor"
      guard let flag = value.bool else { throw fail("\(label): anchor must be true or false") }
      anchor = flag
    }
    return NamespaceEntry(
      name: name, app: try string("app") ?? (isProject ? "app" : name), key: key,
      types: try strings("types"), values: values, fields: try strings("fields"), anchor: anchor,
      expiry: expiry, codec: codec, origin: path, line: entry.line(of: "key") ?? line)
  }
}
