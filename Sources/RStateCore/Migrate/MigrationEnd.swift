/// One Redis end of `migrate`: `--from`/`--to` as a URL or as `@NAME`, a connection of
/// rstate.toml, and the ways its password can arrive without being typed on the command line.
/// The main connection's flags, environment and `.env` describe another server and never
/// apply here.
public struct MigrationEnd: Sendable {
  public enum Role: Sendable {
    case source, target

    /// `--from` or `--to`.
    public var option: String { self == .source ? "--from" : "--to" }
    public var askpassOption: String { option + "-askpass" }
    /// The environment variable that holds this end's password.
    public var passwordVariable: String {
      self == .source ? "RSTATE_FROM_PASSWORD" : "RSTATE_TO_PASSWORD"
    }
    public var noun: String { self == .source ? "source" : "target" }

    /// What to say when this end's server wants a password that was not given: only what
    /// works for this end.
    public var passwordAdvice: String {
      "the server requires a password (give the \(noun)'s with \(askpassOption), "
        + "\(passwordVariable), or \(option) @NAME for a connection of "
        + "\(ProjectConfig.fileName) with password-env)"
    }
  }

  public let role: Role
  /// The URL to connect to: the text itself, or the url of `[connections.NAME]`.
  public let url: String
  /// The project connection `@NAME` named, if any.
  public let connection: ProjectConnection?

  /// True for text that names a Redis end: a URL or `@NAME`.
  public static func namesServer(_ text: String) -> Bool {
    text.contains("://") || text.hasPrefix("@")
  }

  /// `project` is asked for only when the text is `@NAME`.
  public init(
    _ role: Role, _ text: String, project: () throws(RStateError) -> ProjectConfig?
  ) throws(RStateError) {
    self.role = role
    guard text.hasPrefix("@") else {
      url = text
      connection = nil
      return
    }
    let name = String(text.dropFirst())
    guard !name.isEmpty else {
      throw .usage(
        "\(role.option) @: name a connection of \(ProjectConfig.fileName), e.g. \(role.option) "
          + "@staging")
    }
    guard let config = try project() else {
      throw .usage(
        "\(role.option) @\(name): no \(ProjectConfig.fileName) in this directory or its parents "
          + "(give --config PATH; write ./@\(name) for a file of that name)")
    }
    let named = try config.connection(named: name)
    url = named.url
    connection = named
  }

  /// The password and where it came from, first found: the `--X-askpass` prompt, the
  /// variable `password-env` names, then RSTATE_FROM_PASSWORD or RSTATE_TO_PASSWORD. Nil when
  /// none gave one, or when the URL holds its own (typed on the command line, so refused
  /// beside a prompt). `prompt` is called only with `askpass`.
  public func password(
    askpass: Bool, environment: [String: String], prompt: (String) -> String?
  ) throws(RStateError) -> (secret: Secret, origin: SettingOrigin)? {
    let parsed = try RedisURL.parse(url)
    if parsed.password != nil {
      if askpass {
        throw .usage(
          "\(role.option) holds a password in its URL and \(role.askpassOption) asks for one: "
            + "leave the password out of the URL")
      }
      return nil
    }
    if askpass {
      let shown = Redaction.redactURL(url)
      guard let typed = prompt("Password for the \(role.noun) \(shown): ") else {
        throw .usage(
          "\(role.askpassOption) read no password: standard input ended before a line was typed")
      }
      if !typed.isEmpty { return (Secret(typed), .flag(role.askpassOption)) }
    }
    if let connection, let variable = connection.passwordVariable {
      if let value = environment[variable], !value.isEmpty {
        return (Secret(value), .environment(variable))
      }
      if environment[role.passwordVariable]?.isEmpty ?? true {
        throw .usage(
          "\(role.option) @\(connection.name): \(connection.path) takes the password from "
            + "\(variable), which is not set; set it, or give \(role.askpassOption) or "
            + role.passwordVariable)
      }
    }
    if let value = environment[role.passwordVariable], !value.isEmpty {
      return (Secret(value), .environment(role.passwordVariable))
    }
    return nil
  }
}
