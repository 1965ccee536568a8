/// Finds the primary a set of sentinels watch: SENTINEL GET-MASTER-ADDR-BY-NAME on each
/// sentinel in turn, until one answers with an address.
enum SentinelResolver {
  static func primary(for settings: ConnectionSettings, sentinel: SentinelSettings)
    throws(RStateError) -> Endpoint
  {
    var failures: [String] = []
    for address in sentinel.sentinels {
      var asking = ConnectionSettings(
        endpoint: address, tls: settings.tls, db: 0, user: sentinel.user,
        password: sentinel.password, connectTimeout: settings.connectTimeout,
        socketTimeout: settings.connectTimeout ?? settings.socketTimeout,
        clientName: settings.clientName)
      asking.tlsOptions = settings.tlsOptions
      let connection = Connection(settings: asking)
      defer { connection.close() }
      do {
        let reply = try connection.send(
          Command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", sentinel.masterName))
        switch reply {
        case .array(let parts) where parts.count == 2:
          if let host = parts[0].text, let portText = parts[1].text, let port = Int(portText) {
            return .tcp(host: host, port: port)
          }
          failures.append("\(address): unexpected reply \(reply)")
        case .error:
          failures.append("\(address): \(reply.serverError!.message)")
        default:
          failures.append("\(address) does not know a primary named \"\(sentinel.masterName)\"")
        }
      } catch {
        failures.append(error.description)
      }
    }
    throw .cannotConnect(
      endpoint: "the primary \"\(sentinel.masterName)\"",
      reason: "no sentinel gave its address (" + failures.joined(separator: "; ") + ")")
  }
}
