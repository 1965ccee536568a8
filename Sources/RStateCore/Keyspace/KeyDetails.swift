/// Type, remaining time to live and memory of one key, read in pipelined batches.
public struct KeyDetails: Sendable, Equatable {
  public var key: [UInt8]
  /// Redis TYPE name; "none" when the key vanished between SCAN and the lookup.
  public var type: String
  public var ttl: TimeToLive
  /// MEMORY USAGE in bytes; nil when the server refuses MEMORY (managed services may).
  public var memory: Int64?

  /// Looks up every key with one pipeline of TYPE, PTTL and MEMORY USAGE per key.
  public static func fetch(_ keys: [[UInt8]], on server: Connection, memory: Bool = true)
    throws(RStateError) -> [KeyDetails]
  {
    var commands: [Command] = []
    commands.reserveCapacity(keys.count * 3)
    for key in keys {
      commands.append(Command([Array("TYPE".utf8), key], keyIndices: [1]))
      commands.append(Command([Array("PTTL".utf8), key], keyIndices: [1]))
      if memory {
        commands.append(
          Command(
            [
              Array("MEMORY".utf8), Array("USAGE".utf8), key, Array("SAMPLES".utf8),
              Array("0".utf8),
            ],
            keyIndices: [2]))
      }
    }
    let replies = try server.pipeline(commands)
    let stride = memory ? 3 : 2
    return keys.enumerated().map { index, key in
      let base = index * stride
      let type = replies[base].text ?? "none"
      var size: Int64?
      if memory, case .integer(let bytes) = replies[base + 2] { size = bytes }
      return KeyDetails(
        key: key, type: type, ttl: TimeToLive(pttlReply: replies[base + 1]), memory: size)
    }
  }
}

/// What PTTL says about a key, in words rather than -1 and -2.
public enum TimeToLive: Sendable, Equatable {
  case expiresIn(milliseconds: Int64)
  case persistent
  case missing

  public init(pttlReply: RESPValue) {
    switch pttlReply {
    case .integer(-1): self = .persistent
    case .integer(let ms) where ms >= 0: self = .expiresIn(milliseconds: ms)
    default: self = .missing
    }
  }

  /// `23h 59m 12s`, `no expiry`, `missing`.
  public var humanDescription: String {
    switch self {
    case .expiresIn(let ms): return ms < 1000 ? "\(ms)ms" : humanDuration(seconds: ms / 1000)
    case .persistent: return "no expiry"
    case .missing: return "missing"
    }
  }
}
