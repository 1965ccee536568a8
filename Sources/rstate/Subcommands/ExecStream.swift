import ArgumentParser
import RStateCore

extension RState.Exec {
  /// `rstate MONITOR`, `rstate SUBSCRIBE ch…`, PSUBSCRIBE, SSUBSCRIBE: messages printed as
  /// redis-cli prints them, each as it arrives, until Ctrl-C, SIGTERM or the reader going
  /// away (status 0); an error reply prints as redis-cli prints it and exits 1, and so does
  /// the server closing the connection (with one line on stderr).
  static func stream(_ command: Command, client: RedisClient, format: ReplyFormat) throws {
    // SSUBSCRIBE goes to the node that serves its channel's slot, once -c read the layout.
    let server =
      command.argument(0, is: "ssubscribe") && command.arguments.count > 1
      ? client.connection(forKey: command.arguments[1]) : client.seed
    let end = try MessageStream.run(
      command, on: server, format: format, output: StandardOutputStream(),
      redirect: { (error, answered) throws(RStateError) -> Connection? in
        // As redis-cli: with -c a MOVED or ASK is followed, without it printed.
        guard client.settings.requireCluster,
          let redirect = client.learn(from: error, answeredBy: answered)
        else { return nil }
        let next = client.node(at: redirect.endpoint)
        if !redirect.isMoved { _ = try next.send(Command("ASKING")) }
        return next
      })
    guard case .errorReply(let error) = end else { return }
    if let advice = error.clusterAdvice { Terminal.diagnostic("rstate: " + advice) }
    throw ExitCode.failure
  }
}
