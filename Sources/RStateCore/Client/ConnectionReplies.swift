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
    if let error = reply.serverError {
      throw .server(command: command.name, message: error.message)
    }
    guard let bytes = reply.bytes else {
      throw .unexpectedReply(command: command.name, reply: String(describing: reply))
    }
    return bytes
  }

  /// INFO of the given sections, parsed.
  public func info(_ sections: String...) throws(RStateError) -> ServerInfo {
    let bytes = try sendForBytes(Command([Array("INFO".utf8)] + sections.map { Array($0.utf8) }))
    return ServerInfo(parsing: String(decoding: bytes, as: UTF8.self))
  }
}
