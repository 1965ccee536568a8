/// Reads keys with their values and expiry into records. Collections are read in windows
/// (LRANGE, SSCAN, HSCAN, ZSCAN, XRANGE), so a big key becomes several ordered parts and
/// memory stays bounded. The first window of every key in a batch travels in one pipeline.
public enum KeyReader {
  public static let window = 1000

  public static func read(
    _ keys: [[UInt8]], db: Int, on server: Connection,
    emit: (KeyRecord) throws(RStateError) -> Void
  ) throws(RStateError) {
    var lookups: [Command] = []
    for key in keys {
      lookups.append(Command([Array("TYPE".utf8), key], keyIndices: [1]))
      lookups.append(Command([Array("PTTL".utf8), key], keyIndices: [1]))
    }
    let lookedUp = try server.pipeline(lookups)
    let now = unixTimeMilliseconds()
    var live: [(key: [UInt8], type: String, expireAt: Int64?)] = []
    for (index, key) in keys.enumerated() {
      let type = lookedUp[2 * index].text ?? "none"
      let ttl = TimeToLive(pttlReply: lookedUp[2 * index + 1])
      guard type != "none", ttl != .missing else { continue }  // gone since SCAN saw it
      var expireAt: Int64?
      if case .expiresIn(let ms) = ttl {
        // A time to live past the end of time (a hostile server's) saturates, not traps.
        let (sum, overflow) = now.addingReportingOverflow(ms)
        expireAt = overflow ? .max : sum
      }
      live.append((key, type, expireAt))
    }
    try read(live, db: db, on: server, emit: emit)
  }

  /// Reads keys whose type and expiry are already known.
  public static func read(
    _ live: [(key: [UInt8], type: String, expireAt: Int64?)], db: Int, on server: Connection,
    emit: (KeyRecord) throws(RStateError) -> Void
  ) throws(RStateError) {
    let firstWindows = try server.pipeline(
      live.map { Window.first(type: $0.type, key: $0.key).command })
    for (entry, reply) in zip(live, firstWindows) {
      var window = Window.first(type: entry.type, key: entry.key)
      var page = try window.decode(reply)
      var part = 0
      var record = KeyRecord(
        key: entry.key, db: db, type: entry.type, value: page.value,
        expireAtMilliseconds: entry.expireAt)
      while let next = page.next {
        record.part = part
        record.isLastPart = false
        try emit(record)
        part += 1
        window = next
        page = try window.decode(try server.send(window.command))
        record.value = page.value
      }
      if part > 0 {
        record.part = part
        record.isLastPart = true
      }
      try emit(record)
    }
  }

  /// One read of part of a key's value, and how to read the part after it.
  private enum Window {
    case string([UInt8])
    case list([UInt8], start: Int)
    case scan(String, [UInt8], cursor: [UInt8])
    case stream([UInt8], after: String?)
    case dump([UInt8])

    static func first(type: String, key: [UInt8]) -> Window {
      switch type {
      case "string": return .string(key)
      case "list": return .list(key, start: 0)
      case "set", "hash", "zset": return .scan(type, key, cursor: Array("0".utf8))
      case "stream": return .stream(key, after: nil)
      default: return .dump(key)
      }
    }

    var command: Command {
      let count = Array(String(KeyReader.window).utf8)
      switch self {
      case .string(let key): return Command([Array("GET".utf8), key], keyIndices: [1])
      case .list(let key, let start):
        return Command(
          [
            Array("LRANGE".utf8), key, Array(String(start).utf8),
            Array(String(start + KeyReader.window - 1).utf8),
          ],
          keyIndices: [1])
      case .scan(let type, let key, let cursor):
        let verb = ["set": "SSCAN", "hash": "HSCAN", "zset": "ZSCAN"][type]!
        return Command(
          [Array(verb.utf8), key, cursor, Array("COUNT".utf8), count], keyIndices: [1])
      case .stream(let key, let after):
        let start = after.map { "(" + $0 } ?? "-"
        return Command(
          [
            Array("XRANGE".utf8), key, Array(start.utf8), Array("+".utf8), Array("COUNT".utf8),
            count,
          ],
          keyIndices: [1])
      case .dump(let key): return Command([Array("DUMP".utf8), key], keyIndices: [1])
      }
    }

    func decode(_ reply: RESPValue) throws(RStateError) -> (value: KeyRecord.Value, next: Window?) {
      if let error = reply.serverError {
        throw .server(command: command.name, message: error.message)
      }
      func fail() -> RStateError {
        .unexpectedReply(command: command.name, reply: String(describing: reply))
      }
      switch self {
      case .string:
        guard let bytes = reply.bytes else { throw fail() }
        return (.string(bytes), nil)
      case .dump:
        guard let bytes = reply.bytes else { throw fail() }
        return (.dumpOnly(bytes), nil)
      case .list(let key, let start):
        guard case .array(let items) = reply else { throw fail() }
        let values = items.compactMap(\.bytes)
        let next: Window? =
          values.count == KeyReader.window ? .list(key, start: start + KeyReader.window) : nil
        return (.list(values), next)
      case .scan(let type, let key, _):
        guard case .array(let parts) = reply, parts.count == 2, let cursor = parts[0].bytes,
          case .array(let items) = parts[1]
        else { throw fail() }
        let flat = items.compactMap(\.bytes)
        let next: Window? = cursor == Array("0".utf8) ? nil : .scan(type, key, cursor: cursor)
        switch type {
        case "set": return (.set(flat), next)
        case "hash": return (.hash(pairs(flat).map { KeyRecord.Pair(field: $0, value: $1) }), next)
        default:
          let scored = pairs(flat).map {
            KeyRecord.ScoredMember(member: $0, score: String(decoding: $1, as: UTF8.self))
          }
          return (.zset(scored), next)
        }
      case .stream(let key, _):
        guard case .array(let entries) = reply else { throw fail() }
        var decoded: [KeyRecord.StreamEntry] = []
        for entry in entries {
          guard case .array(let parts) = entry, parts.count == 2, let id = parts[0].text,
            case .array(let fields) = parts[1]
          else { throw fail() }
          decoded.append(
            KeyRecord.StreamEntry(
              id: id,
              fields: pairs(fields.compactMap(\.bytes)).map { KeyRecord.Pair(field: $0, value: $1) }
            ))
        }
        let next: Window? =
          decoded.count == KeyReader.window ? .stream(key, after: decoded.last?.id) : nil
        return (.stream(decoded), next)
      }
    }

    private func pairs(_ flat: [[UInt8]]) -> [([UInt8], [UInt8])] {
      stride(from: 0, to: flat.count - 1, by: 2).map { (flat[$0], flat[$0 + 1]) }
    }
  }
}
