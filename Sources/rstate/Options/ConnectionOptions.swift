import ArgumentParser
import RStateCore

/// Where the server is and how to log in; spliced into every subcommand that talks to Redis.
/// Unset flags fall back to the environment, then the nearest `.env`, then
/// redis://127.0.0.1:6379/0.
struct ConnectionOptions: ParsableArguments {
  @Option(
    name: [.short, .customLong("url")],
    help: ArgumentHelp(
      "Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.",
      valueName: "url"))
  var url: String?

  @Option(
    help: ArgumentHelp(
      "A connection named in rstate.toml ([connections.NAME]), in place of --url.",
      valueName: "name"))
  var connection: String?

  @Option(
    help: ArgumentHelp(
      "The project file to read instead of the nearest rstate.toml.", valueName: "path"))
  var config: String?

  @Option(name: .shortAndLong, help: "Server hostname or IP address (default 127.0.0.1).")
  var host: String?

  @Option(name: .shortAndLong, parsing: .unconditional, help: "Server port (default 6379).")
  var port: String?

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp(
      "Server unix socket; overrides host and port.",
      valueName: "path"))
  var socket: String?

  @Option(name: .long, help: "ACL user name to authenticate as.")
  var user: String?

  @Option(
    name: [.customShort("a"), .customLong("pass")],
    help: ArgumentHelp(
      "Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.",
      valueName: "password"))
  var password: String?

  @Flag(help: "Prompt for the password on the terminal, without echo.")
  var askpass = false

  @Flag(help: "Do not warn about a password given on the command line.")
  var noAuthWarning = false

  @Option(
    name: [.customShort("t"), .customLong("connect-timeout")], parsing: .unconditional,
    help: ArgumentHelp(
      "Seconds to wait for the connection (default 5; 0 waits as long as the system does).",
      valueName: "seconds"))
  var connectTimeout: String?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Seconds to wait for each reply (default: no limit).",
      valueName: "seconds"))
  var socketTimeout: String?

  @Option(
    help: ArgumentHelp(
      "Read REDIS_* settings from this file instead of the nearest .env.",
      valueName: "path"))
  var envFile: String?

  @Flag(help: "Do not read a .env file.")
  var noEnvFile = false

  @Flag(help: "Say where each connection setting came from (passwords shown as ***).")
  var verbose = false

  @Flag(
    name: [.customShort("c"), .customLong("cluster")],
    help: "Expect a Redis Cluster (detected anyway; redis-cli's -c).")
  var cluster = false

  @Option(
    name: .customLong("sentinel"),
    help: ArgumentHelp(
      "A Sentinel to ask for the primary (repeat for more); needs --master.",
      valueName: "host:port"))
  var sentinels: [String] = []

  @Option(help: ArgumentHelp("The primary's name in Sentinel.", valueName: "name"))
  var master: String?

  @Option(help: ArgumentHelp("ACL user for the sentinels.", valueName: "name"))
  var sentinelUser: String?

  @Option(
    help: ArgumentHelp(
      "Password for the sentinels (not the primary's); REDIS_SENTINEL_PASSWORD also works.",
      valueName: "password"))
  var sentinelPass: String?

  @OptionGroup var tlsFlags: TLSFlags

  func validate() throws {
    if envFile != nil && noEnvFile {
      throw ValidationError("--env-file and --no-env-file cannot be used together")
    }
    if connection != nil && url != nil {
      throw ValidationError("--connection and --url cannot be used together")
    }
    if askpass && password != nil {
      throw ValidationError("--askpass and --pass cannot be used together")
    }
    if sentinels.isEmpty != (master == nil) {
      throw ValidationError("--sentinel and --master go together: give both, or neither")
    }
  }

  /// Merges flags, environment and `.env`, prints the warnings redis-cli prints, and returns
  /// the settings to connect with.
  func resolve(db: String?) throws(RStateError) -> ConnectionSettings {
    var flags = ConnectionFlags(
      url: url, host: host, port: port, socket: socket, db: db, user: user, password: password,
      connectTimeout: connectTimeout, socketTimeout: socketTimeout)
    if askpass {
      guard let typed = Terminal.askPassword(prompt: "Please input password: ") else {
        throw RStateError.usage(
          "--askpass read no password: standard input ended before a line was typed")
      }
      flags.password = typed
    }
    let environment = Terminal.processEnvironment()
    if let connection { try useProjectConnection(connection, in: &flags, environment: environment) }
    let choice: EnvFileChoice =
      noEnvFile
      ? .none
      : envFile.map { .explicit(path: $0) } ?? .automatic(directory: Terminal.currentDirectory())
    var resolved = try SettingsResolver.resolve(
      flags: flags, environment: environment, envFile: choice)
    try tlsFlags.apply(to: &resolved.settings)
    resolved.settings.requireCluster = cluster
    try applySentinel(to: &resolved.settings)
    if tlsFlags.tls { resolved.origins.append(("tls", "on", .flag("--tls"))) }
    // --askpass is typed at a prompt, not on the command line: no warning for it.
    warnAboutPassword(resolved, typedAtPrompt: askpass)
    DefaultAddress.remember(resolved)
    if verbose {
      Terminal.diagnostic("rstate: connecting to \(resolved.settings.redactedURL)")
      Terminal.diagnostic("rstate: .env: \(resolved.envFile.description)")
      let width = resolved.origins.map(\.setting.count).max() ?? 0
      for (setting, value, origin) in resolved.origins {
        let padding = String(repeating: " ", count: width - setting.count)
        Terminal.diagnostic("  \(setting)\(padding)  \(value)  (\(origin))")
      }
    }
    return resolved.settings
  }

  /// The project file: `--config`, or the nearest rstate.toml; nil when there is none.
  func project() throws(RStateError) -> ProjectConfig? {
    try ProjectConfig.load(explicit: config, from: Terminal.currentDirectory())
  }

  /// `--connection NAME`: the URL from rstate.toml, and the password from the variable it names.
  private func useProjectConnection(
    _ name: String, in flags: inout ConnectionFlags, environment: [String: String]
  ) throws(RStateError) {
    guard let project = try project() else {
      throw .usage(
        "--connection \(name): no \(ProjectConfig.fileName) in this directory or its parents "
          + "(give --config PATH)")
    }
    let named = try project.connection(named: name)
    flags.projectConnection = named
    if let variable = named.passwordVariable, flags.password == nil {
      guard let password = environment[variable], !password.isEmpty else {
        throw .usage(
          "--connection \(name): \(project.path) takes the password from \(variable), "
            + "which is not set")
      }
      flags.projectPassword = password
    }
  }

  /// Settings for a second server named by a URL of its own (`migrate --from`/`--to`):
  /// only the URL counts, not the environment or `.env`, which describe the main server.
  func resolve(url: String, db: Int?) throws(RStateError) -> ConnectionSettings {
    // The timeouts bound every connection a command makes, a migrate source's included.
    let flags = ConnectionFlags(
      url: url, db: db.map(String.init), connectTimeout: connectTimeout,
      socketTimeout: socketTimeout)
    let resolved = try SettingsResolver.resolve(flags: flags, environment: [:], envFile: .none)
    warnAboutPassword(resolved, typedAtPrompt: false)
    // Certificates apply to every TLS connection; --tls itself names the main server only.
    var settings = resolved.settings
    settings.tlsOptions = tlsFlags.options
    return settings
  }

  /// `--sentinel`/`--master` name the primary through Sentinel; the sentinels' own login
  /// comes from `--sentinel-user`/`--sentinel-pass` or REDIS_SENTINEL_PASSWORD.
  private func applySentinel(to settings: inout ConnectionSettings) throws(RStateError) {
    if let master {
      var addresses: [Endpoint] = []
      for text in sentinels {
        let url = try RedisURL.parse("redis://" + text)
        addresses.append(.tcp(host: url.host ?? Endpoint.defaultHost, port: url.port ?? 26379))
      }
      settings.sentinel = SentinelSettings(sentinels: addresses, masterName: master)
    }
    guard settings.sentinel != nil else { return }
    if let sentinelUser { settings.sentinel?.user = sentinelUser }
    let password = sentinelPass ?? Terminal.processEnvironment()["REDIS_SENTINEL_PASSWORD"]
    if let password, !password.isEmpty { settings.sentinel?.password = Secret(password) }
    if sentinelPass != nil { warnAboutCommandLinePassword() }
  }

  /// redis-cli's warning for a password given on the command line.
  private func warnAboutPassword(_ resolved: ResolvedConnection, typedAtPrompt: Bool) {
    if resolved.passwordFromCommandLine && !typedAtPrompt { warnAboutCommandLinePassword() }
  }

  private func warnAboutCommandLinePassword() {
    guard !noAuthWarning else { return }
    Terminal.diagnostic(
      "Warning: Using a password with '-a' or '-u' option on the command line interface "
        + "may not be safe.")
  }

  /// A client for the resolved settings, connected and authenticated.
  func connect(db: String?) throws(RStateError) -> RedisClient {
    let client = RedisClient(settings: try resolve(db: db))
    try client.open()
    return client
  }
}

/// The database number, apart from the other connection flags because `flush` uses `--db`
/// as its "flush this database" switch and takes the number with `-n` only.
struct DatabaseOption: ParsableArguments {
  @Option(
    name: [.customShort("n"), .customLong("db")], parsing: .unconditional,
    help: "Database number (default 0).")
  var db: String?
}
