/// Deletes named keys with pipelined multi-key UNLINK (a few hundred keys per command, which
/// the server handles far faster than one command per key); falls back to DEL when the
/// server refuses UNLINK (managed services may). Every key of a call lives on one node.
public struct KeyDeletion {
  /// The verb in use; becomes DEL once UNLINK was refused.
  public private(set) var verb = "UNLINK"

  /// True on a cluster node, where one command's keys must share a slot.
  public let bySlot: Bool

  public init(bySlot: Bool = false) { self.bySlot = bySlot }

  /// Returns how many of the keys existed and were deleted.
  public mutating func delete(_ keys: [[UInt8]], on server: Connection) throws(RStateError) -> Int {
    guard !keys.isEmpty else { return 0 }
    let perCommand = 250
    let groups: [ArraySlice<[UInt8]>] =
      bySlot
      ? Dictionary(grouping: keys, by: HashSlot.slot(of:)).values.map { $0[...] } : [keys[...]]
    var commands: [Command] = []
    for group in groups {
      for start in stride(from: group.startIndex, to: group.endIndex, by: perCommand) {
        let chunk = group[start..<min(start + perCommand, group.endIndex)]
        commands.append(Command([Array(verb.utf8)] + chunk, keyIndices: Array(1...chunk.count)))
      }
    }
    let replies = try server.pipeline(commands)
    if verb == "UNLINK", let refusal = replies.first?.serverError, refusal.isRefusedCommand {
      verb = "DEL"
      return try delete(keys, on: server)
    }
    var deleted = 0
    for (command, reply) in zip(commands, replies) {
      switch reply {
      // No more than the keys named: a hostile count cannot overflow the sum.
      case .integer(let count):
        deleted += Int(clamping: min(max(count, 0), Int64(command.arguments.count - 1)))
      case .error(let message):
        throw .server(command: verb, message: String(decoding: message, as: UTF8.self))
      default: throw .unexpectedReply(command: verb, reply: String(describing: reply))
      }
    }
    return deleted
  }
}
