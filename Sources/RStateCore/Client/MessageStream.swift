/// MONITOR, SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE outside the interactive shell: their
/// confirmations, then every message as it arrives, as redis-cli 7.0 prints them, until the
/// process is asked to stop, no one reads the output any more, or the server answers with an
/// error. The connection stays subscribed afterwards: the caller closes it.
public enum MessageStream {
  /// redis-cli 7.0's line before a subscription's replies, in every format but raw.
  public static let banner = Array("Reading messages... (press Ctrl-C to quit)\n".utf8)

  /// True for the commands whose replies keep coming.
  public static func starts(_ command: Command) -> Bool {
    command.argument(0, is: "monitor") || subscribes(command)
  }

  private static func subscribes(_ command: Command) -> Bool {
    command.argument(0, is: "subscribe") || command.argument(0, is: "psubscribe")
      || command.argument(0, is: "ssubscribe")
  }

  /// How a stream ended, when it was not the connection failing (that is thrown).
  public enum End: Equatable, Sendable {
    case stopped(Stop)
    /// The server refused the command (printed like any reply; redis-cli stops there too).
    case errorReply(ServerError)
  }

  /// Why the process stopped listening.
  public enum Stop: Equatable, Sendable {
    /// Ctrl-C (SIGINT).
    case interrupted
    /// SIGTERM.
    case terminated
    /// Standard output was closed (`rstate SUBSCRIBE ch | head -3`).
    case readerGone
  }

  /// Sends `command` on `connection` and writes each reply to `output` in `format`, each
  /// message in one write as it arrives. `redirect` sees an error that comes first, before
  /// anything is printed for it, and may name the connection to send the command to instead
  /// (`-c` following MOVED and ASK for SSUBSCRIBE).
  public static func run(
    _ command: Command, on connection: Connection, format: ReplyFormat,
    output: some MessageStreamOutput,
    redirect: (ServerError, Connection) throws(RStateError) -> Connection? = { _, _ in nil }
  ) throws(RStateError) -> End {
    output.begin()
    defer { output.end() }
    if subscribes(command) && format.mode != .raw {
      guard output.write(banner) else { return .stopped(.readerGone) }
    }
    var server = connection
    var redirects = 0
    try server.sendWithoutWaiting(command)
    var first = true
    while true {
      var stop: Stop?
      // Waiting for a message has no deadline; its bytes, once they start, have the socket
      // timeout's.
      guard
        let reply = try server.waitForReply(interrupted: {
          stop = output.stop
          return stop != nil
        })
      else { return .stopped(stop ?? .interrupted) }
      if first, let error = reply.serverError, redirects < RedisClient.attemptLimit,
        let next = try redirect(error, server)
      {
        redirects += 1
        server = next
        try server.sendWithoutWaiting(command)
        continue
      }
      first = false
      guard output.write(ReplyFormat.render(reply, as: format, for: command)) else {
        return .stopped(.readerGone)
      }
      if let error = reply.serverError { return .errorReply(error) }
    }
  }
}

/// Where a message stream's bytes go, and the process's side of stopping it.
public protocol MessageStreamOutput {
  /// Before the command is sent (signal handlers go in here).
  func begin()
  /// Writes bytes at once, unbuffered; false when no one reads them any more.
  func write(_ bytes: [UInt8]) -> Bool
  /// Why the stream should stop now, or nil to go on; asked while waiting for messages.
  var stop: MessageStream.Stop? { get }
  /// After the stream ended, however it ended.
  func end()
}
