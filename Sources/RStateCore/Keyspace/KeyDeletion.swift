/// Deletes named keys with pipelined UNLINK, one key per command so each can be routed to
/// its node; falls back to DEL when the server refuses UNLINK (managed services may).
public struct KeyDeletion {
  /// The verb in use; becomes DEL once UNLINK was refused.
  public private(set) var verb = "UNLINK"

  public init() {}

  /// Returns how many of the keys existed and were deleted.
  public mutating func delete(_ keys: [[UInt8]], on server: Connection) throws(RStateError) -> Int {
    guard !keys.isEmpty else { return 0 }
    let replies = try server.pipeline(
      keys.map { Command([Array(verb.utf8), $0], keyIndices: [1]) })
    if verb == "UNLINK", let refusal = replies.first?.serverError, refusal.isUnknownCommand {
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
