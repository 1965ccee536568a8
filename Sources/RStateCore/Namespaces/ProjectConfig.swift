/// A project's `rstate.toml`: its own namespaces, prefixes that differ from the frameworks'
/// defaults, and named connections (passwords come from environment variables, never the file).
public struct ProjectConfig: Sendable {
  public static let fileName = "rstate.toml"

  public var path: String
  public var prefixes: [String: String]
  var namespaces: [NamespaceEntry]
  public var connections: [String: ProjectConnection]

  public init(text: String, path: String) throws(RStateError) {
    let contents = try RuleFile.parse(text, path: path, isProject: true)
    self.path = path
    prefixes = contents.prefixes
    namespaces = contents.namespaces
    connections = contents.connections
  }

  /// `--config PATH` when given (it must exist); otherwise the first `rstate.toml` in the
  /// working directory or its parents; nil when there is none.
  public static func load(explicit: String?, from directory: String) throws(RStateError)
    -> ProjectConfig?
  {
    if let explicit {
      guard let text = try TextFile.readSettings(explicit) else {
        throw .io(path: explicit, reason: "no such file")
      }
      return try ProjectConfig(text: text, path: explicit)
    }
    var current = directory
    while true {
      let candidate = current == "/" ? "/\(fileName)" : "\(current)/\(fileName)"
      if let text = try TextFile.readSettings(candidate) {
        return try ProjectConfig(text: text, path: candidate)
      }
      guard let slash = current.lastIndex(of: "/"), current != "/" else { return nil }
      current = slash == current.startIndex ? "/" : String(current[..<slash])
    }
  }

  public func connection(named name: String) throws(RStateError) -> ProjectConnection {
    guard let connection = connections[name] else {
      let known = connections.keys.sorted()
      let hint = known.isEmpty ? "it names none" : "it names \(known.joined(separator: ", "))"
      throw .usage("no connection '\(name)' in \(path): \(hint)")
    }
    return connection
  }
}

/// `[connections.NAME]`: a URL without a password, and the variable that holds the password.
public struct ProjectConnection: Sendable, Equatable {
  public var name: String
  public var url: String
  public var passwordVariable: String?
  /// The file that names it.
  public var path: String

  init(name: String, path: String, _ table: TOMLTable, fail: (String, String) -> RStateError)
    throws(RStateError)
  {
    self.name = name
    self.path = path
    let known: Set<String> = ["url", "password-env"]
    for key in table.keys where !known.contains(key) {
      throw fail("connections.\(name): unknown setting '\(key)' (known: password-env, url)", key)
    }
    guard let url = table["url"]?.string else {
      throw fail("connections.\(name) needs url = \"redis://host:port/db\"", name)
    }
    let parsed: RedisURL
    do {
      parsed = try RedisURL.parse(url)
    } catch {
      throw fail("connections.\(name): \(error.description)", "url")
    }
    if parsed.password != nil {
      throw fail(
        "connections.\(name): the url holds a password; keep it out of the file and name "
          + "the variable that holds it: password-env = \"REDIS_PASSWORD\"", "url")
    }
    self.url = url
    if let variable = table["password-env"] {
      guard let variableName = variable.string, !variableName.isEmpty else {
        throw fail(
          "connections.\(name): password-env must name an environment variable", "password-env")
      }
      passwordVariable = variableName
    }
  }
}
