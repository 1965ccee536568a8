extension Connection {
  /// Sends a command whose reply must be a string: an error reply becomes `.server`, any
  /// other shape `.unexpectedReply`.
  public func sendForBytes(_ command: Command) throws(RStateError) -> [UInt8] {
    try bytes(of: try send(command), for: command)
  }

  /// The reply to a command sent with `sendWithoutWaiting`, as `sendForBytes` gives it.
  public func receiveBytes(for command: Command) throws(RStateError) -> [UInt8] {
    try bytes(of: try receive(), for: command)
  }

  private func bytes(of reply: RESPValue, for command: Command) throws(RStateError) -> [UInt8] {
    if case .error(let message) = reply {
      throw .server(command: command.name, message: ServerText.printable(message, limit: 500))
    }
    guard let bytes = reply.bytes else {
      throw .unexpectedReply(command: command.name, reply: String(describing: reply))
    }
    return bytes
  }

  /// INFO of the given sections, parsed; a reply that is not INFO text (a status, as from a
  /// server that answers everything with +PONG, or lines that are not `name:value`) is
  /// `.unexpectedReply`.
  public func info(_ sections: String...) throws(RStateError) -> ServerInfo {
    let command = Command([Array("INFO".utf8)] + sections.map { Array($0.utf8) })
    let reply = try send(command)
    if case .error(let message) = reply {
      throw .server(command: "INFO", message: ServerText.printable(message, limit: 500))
    }
    guard case .bulk(let bytes) = reply else {
      throw .unexpectedReply(command: "INFO", reply: String(describing: reply))
    }
    return try ServerInfo(validating: bytes)
  }
}
