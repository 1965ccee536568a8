import Glibc

/// The state file of a run: which source and target, how far the source was read with every
/// write before it acknowledged, and the counts so far. Replaced atomically (write, rename),
/// so a crash leaves either the old or the new checkpoint, never half of one.
public struct Checkpoint: Sendable, Equatable {
  public var source: String
  public var target: String
  public var position: SourcePosition
  /// How far a record-file target was written and synced; nil for servers.
  public var targetOffset: Int?
  public var counts: MigrationCounts

  public init(
    source: String, target: String, position: SourcePosition, targetOffset: Int?,
    counts: MigrationCounts
  ) {
    self.source = source
    self.target = target
    self.position = position
    self.targetOffset = targetOffset
    self.counts = counts
  }

  public func save(to path: String, durable: Bool) throws(RStateError) {
    let document = JSONValue.object([
      ("rstate_checkpoint", .integer(1)), ("source", .string(source)),
      ("target", .string(target)), ("position", position.json),
      ("target_offset", targetOffset.map { .integer(Int64($0)) } ?? .null),
      ("counts", counts.json), ("saved_at_ms", .integer(unixTimeMilliseconds())),
    ])
    let temporary = path + ".tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    if fd < 0 { throw .io(path: temporary, reason: systemErrorMessage(errno)) }
    let bytes = Array((document.serialized() + "\n").utf8)
    var failure: Int32 = 0
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    // A short write is a full disk that has not said so yet.
    if written != bytes.count { failure = written < 0 ? errno : ENOSPC }
    if failure == 0 && durable && fsync(fd) != 0 { failure = errno }
    close(fd)
    if failure == 0 && rename(temporary, path) != 0 { failure = errno }
    if failure != 0 {
      unlink(temporary)
      throw .io(path: path, reason: systemErrorMessage(failure))
    }
  }

  public static func load(from path: String) throws(RStateError) -> Checkpoint? {
    guard let bytes = try TextFile.readBytes(path) else { return nil }
    let bad = RStateError.dataFile(
      path: path, line: 1, column: nil, reason: "not an rstate checkpoint; delete it to start over")
    guard let document = try? JSONReader.parse(bytes), document["rstate_checkpoint"] != nil,
      let source = document["source"]?.text, let target = document["target"]?.text,
      let positionJSON = document["position"], let position = SourcePosition(parsed: positionJSON),
      let countsJSON = document["counts"]
    else { throw bad }
    let offset = document["target_offset"]?.int64.map { Int($0) }
    let counts = MigrationCounts(parsed: countsJSON)
    guard offset.map({ $0 >= 0 }) ?? true, position.isValid, counts.isValid else { throw bad }
    return Checkpoint(
      source: source, target: target, position: position,
      targetOffset: offset, counts: counts)
  }

  public static func remove(_ path: String) { unlink(path) }
}

/// What a run did, key by key.
public struct MigrationCounts: Sendable, Equatable {
  public var written = 0
  public var skipped = 0
  public var conflicts = 0
  public var unchanged = 0
  public var expired = 0
  public var failed = 0
  /// Bytes of keys and values sent (DUMP payloads count as their length).
  public var bytes: Int64 = 0

  public init() {}

  /// Counts a run could have reached (none negative, none near overflow): a checkpoint
  /// edited or damaged otherwise is refused.
  var isValid: Bool {
    let limit = 1 << 48
    return [written, skipped, conflicts, unchanged, expired, failed].allSatisfy {
      (0..<limit).contains($0)
    } && (0..<Int64(limit) * 1024).contains(bytes)
  }

  /// Keys the source handed out that reached an outcome.
  public var keys: Int { written + skipped + conflicts + unchanged + expired + failed }

  public var json: JSONValue {
    .object([
      ("written", .integer(Int64(written))), ("skipped", .integer(Int64(skipped))),
      ("conflicts", .integer(Int64(conflicts))), ("unchanged", .integer(Int64(unchanged))),
      ("expired", .integer(Int64(expired))), ("failed", .integer(Int64(failed))),
      ("bytes", .integer(bytes)),
    ])
  }

  init(parsed: ParsedJSON) {
    func number(_ name: String) -> Int { Int(parsed[name]?.int64 ?? 0) }
    written = number("written")
    skipped = number("skipped")
    conflicts = number("conflicts")
    unchanged = number("unchanged")
    expired = number("expired")
    failed = number("failed")
    bytes = parsed["bytes"]?.int64 ?? 0
  }
}
