/// Reads what `rstate health` judges. INFO is required; every other command runs on its own,
/// and a refusal (renamed, unknown, NOPERM, disallowed) only leaves its reason behind.
public enum HealthProbe {
  public struct Options: Sendable {
    public var sampleSeconds: Double
    public var expectedReplicas: Int?
    /// CONFIG under its renamed name, for servers that rename it.
    public var configCommand: String

    public init(
      sampleSeconds: Double = 1, expectedReplicas: Int? = nil, configCommand: String = "CONFIG"
    ) {
      self.sampleSeconds = sampleSeconds
      self.expectedReplicas = expectedReplicas
      self.configCommand = configCommand
    }
  }

  /// The CONFIG parameters the checks read; never `requirepass` or any other secret.
  static let configParameters = [
    "save", "appendfsync", "protected-mode", "bind", "latency-monitor-threshold", "maxclients",
  ]

  public static func collect(_ server: Connection, options: Options) throws(RStateError)
    -> HealthSnapshot
  {
    try collect([server], options: options)[0].get()
  }

  /// Probes several servers (a cluster's nodes) with one shared sampling interval: the first
  /// look at every node, one wait, then the second look and the rest, so the run takes one
  /// --sample however many nodes there are. A node that fails has its error in its place.
  public static func collect(_ servers: [Connection], options: Options)
    -> [Result<HealthSnapshot, RStateError>]
  {
    let first = servers.map { server in
      Result { () throws(RStateError) in try firstLook(server, sampling: options.sampleSeconds > 0)
      }
    }
    var interval = 0.0
    if options.sampleSeconds > 0 && first.contains(where: { (try? $0.get()) != nil }) {
      let started = monotonicSeconds()
      sleep(seconds: options.sampleSeconds)
      interval = monotonicSeconds() - started
    }
    return zip(servers, first).map { server, look in
      Result { () throws(RStateError) in
        let look = try look.get()
        let current = try info(server)
        var snapshot = HealthSnapshot(
          endpoint: server.endpoint, tls: server.settings.tls,
          authenticated: server.settings.password != nil, pingMilliseconds: look.pings,
          info: current, earlier: look.earlier, interval: interval,
          config: config(server, options.configCommand),
          defaultUserHasNoPassword: defaultUserHasNoPassword(server),
          dangerousCommands: dangerousCommands(server), latency: latency(server),
          slowlog: slowlog(server), expectedReplicas: options.expectedReplicas)
        snapshot.pingError = look.pingError
        return snapshot
      }
    }
  }

  /// Three PINGs and, when sampling, the first INFO.
  private static func firstLook(_ server: Connection, sampling: Bool) throws(RStateError) -> (
    pings: [Double], pingError: String?, earlier: ServerInfo?
  ) {
    var pings: [Double] = []
    var pingError: String?
    for _ in 0..<3 {
      do {
        pings.append(try PingProbe.ping(server))
      } catch .loading(let endpoint) {
        pingError = "LOADING: \(endpoint) is loading its dataset"
        break
      } catch .server(_, let message) {
        pingError = message  // escaped where the error was made
        break
      }
    }
    return (pings, pingError, sampling ? try info(server) : nil)
  }

  /// INFO everything, or plain INFO on servers that refuse the section; with its text
  /// escaped for the terminal. INFO without a role is not a Redis server's.
  private static func info(_ server: Connection) throws(RStateError) -> ServerInfo {
    var info: ServerInfo
    do {
      info = try server.info("everything")
    } catch .server {
      info = try server.info()
    }
    guard info["role"] != nil else {
      throw .unexpectedReply(command: "INFO", reply: "no role field (is this a Redis server?)")
    }
    return info.printable
  }

  /// The refusal of a probe command, or nil when the reply is usable.
  private static func refusal(_ reply: RESPValue, _ command: String) -> String? {
    guard let error = reply.serverError else { return nil }
    let message = error.message.split(separator: "\n").first.map(String.init) ?? error.message
    return "\(command) refused: \(ServerText.printable(String(message.prefix(500))))"
  }

  private static func config(_ server: Connection, _ name: String)
    -> HealthSnapshot.Probe<[String: String]>
  {
    do {
      let replies = try server.pipeline(
        configParameters.map { Command(name, "GET", $0) })
      var values: [String: String] = [:]
      for reply in replies {
        if let reason = refusal(reply, "\(name) GET") { return .refused(reason) }
        guard case .array(let items) = reply else { continue }
        let texts = items.compactMap(\.text)
        for index in stride(from: 0, to: texts.count - 1, by: 2) {
          values[texts[index]] = ServerText.printable(texts[index + 1])
        }
      }
      return .value(values)
    } catch {
      return .refused(error.description)
    }
  }

  private static func defaultUserHasNoPassword(_ server: Connection) -> HealthSnapshot.Probe<Bool> {
    do {
      let reply = try server.send(Command("ACL", "GETUSER", "default"))
      if let reason = refusal(reply, "ACL GETUSER") { return .refused(reason) }
      guard case .array(let items) = reply else { return .refused("ACL GETUSER: unexpected reply") }
      for index in stride(from: 0, to: items.count - 1, by: 2) where items[index].text == "flags" {
        if case .array(let flags) = items[index + 1] {
          return .value(flags.contains { $0.text == "nopass" })
        }
      }
      return .value(false)
    } catch {
      return .refused(error.description)
    }
  }

  private static func dangerousCommands(_ server: Connection) -> HealthSnapshot.Probe<[String]> {
    // DEBUG is left out: Redis 7 disables it by default even where COMMAND INFO lists it.
    let names = ["config", "flushall", "keys"]
    do {
      let reply = try server.send(
        Command(["COMMAND", "INFO"].map { Array($0.utf8) } + names.map { Array($0.utf8) }))
      if let reason = refusal(reply, "COMMAND INFO") { return .refused(reason) }
      guard case .array(let entries) = reply, entries.count == names.count else {
        return .refused("COMMAND INFO: unexpected reply")
      }
      // A renamed or removed command has a nil entry.
      return .value(zip(names, entries).filter { $0.1 != .null }.map { $0.0.uppercased() })
    } catch {
      return .refused(error.description)
    }
  }

  private static func latency(_ server: Connection)
    -> HealthSnapshot.Probe<[HealthSnapshot.LatencyEvent]>
  {
    do {
      let reply = try server.send(Command("LATENCY", "LATEST"))
      if let reason = refusal(reply, "LATENCY LATEST") { return .refused(reason) }
      guard case .array(let rows) = reply else {
        return .refused("LATENCY LATEST: unexpected reply")
      }
      return .value(
        rows.compactMap { row in
          guard case .array(let fields) = row, fields.count >= 4, let event = fields[0].text,
            case .integer(let timestamp) = fields[1], case .integer(let latest) = fields[2],
            case .integer(let max) = fields[3]
          else { return nil }
          return HealthSnapshot.LatencyEvent(
            event: ServerText.printable(event), timestamp: timestamp, latestMilliseconds: latest,
            maxMilliseconds: max)
        })
    } catch {
      return .refused(error.description)
    }
  }

  private static func slowlog(_ server: Connection)
    -> HealthSnapshot.Probe<[HealthSnapshot.SlowEntry]>
  {
    do {
      let reply = try server.send(Command("SLOWLOG", "GET", "128"))
      if let reason = refusal(reply, "SLOWLOG GET") { return .refused(reason) }
      guard case .array(let rows) = reply else { return .refused("SLOWLOG GET: unexpected reply") }
      return .value(
        rows.compactMap { row in
          guard case .array(let fields) = row, fields.count >= 3,
            case .integer(let timestamp) = fields[1],
            case .integer(let micros) = fields[2]
          else { return nil }
          return HealthSnapshot.SlowEntry(timestamp: timestamp, microseconds: micros)
        })
    } catch {
      return .refused(error.description)
    }
  }
}
