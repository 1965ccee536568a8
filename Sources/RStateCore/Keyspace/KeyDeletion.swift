/// Deletes named keys with pipelined multi-key UNLINK (a few hundred keys per command, which
/// the server handles far faster than one command per key); falls back to DEL when the
/// server refuses UNLINK (managed services may). Every key of a call lives on one node.
public struct KeyDeletion {
  /// The verb in use; becomes DEL once UNLINK was refused.
  public private(set) var verb = "UNLINK"

  public init() {}

  /// Returns how many of the keys existed and were deleted.
  public mutating func delete(_ keys: [[UInt8]], on server: Connection) throws(RStateError) -> Int {
    guard !keys.isEmpty else { return 0 }
    let perCommand = 250
    let commands = stride(from: 0, to: keys.count, by: perCommand).map { start in
      let chunk = keys[start..<min(start + perCommand, keys.count)]
      return Command([Array(verb.utf8)] + chunk, keyIndices: Array(1...chunk.count))
    }
    let replies = try server.pipeline(commands)
    if verb == "UNLINK", let refusal = replies.first?.serverError, refusal.isRefusedCommand {
      verb = "DEL"
      return try delete(keys, on: server)
    }
    var deleted = 0
    for reply in replies {
      switch reply {
      case .integer(let count): deleted += Int(count)
      case .error(let message):
        throw .server(command: verb, message: String(decoding: message, as: UTF8.self))
      default: throw .unexpectedReply(command: verb, reply: String(describing: reply))
      }
    }
    return deleted
  }
}
