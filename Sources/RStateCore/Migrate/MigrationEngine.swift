import Glibc

/// How records are changed on their way: prefixes renamed, dbs remapped, a TTL given to keys
/// that have none.
public struct RecordTransform: Sendable {
  public var renames: [(from: [UInt8], to: [UInt8])] = []
  public var targetDB: Int?
  public var defaultTTLMilliseconds: Int64?
  /// Only keys under a renamed prefix pass (a copy within one server and db, where every
  /// other key would be copied onto itself).
  public var renamedKeysOnly = false

  public init() {}

  /// True when records pass unchanged.
  public var isIdentity: Bool {
    renames.isEmpty && targetDB == nil && defaultTTLMilliseconds == nil
  }

  /// False for a record `renamedKeysOnly` leaves out.
  public func selects(_ record: borrowing KeyRecord) -> Bool {
    !renamedKeysOnly || renames.contains { record.key.starts(with: $0.from) }
  }

  public func apply(_ record: inout KeyRecord, now: Int64) {
    for rename in renames where record.key.starts(with: rename.from) {
      record.key = rename.to + record.key.dropFirst(rename.from.count)
      break
    }
    if let targetDB { record.db = targetDB }
    if record.expireAtMilliseconds == nil, let ttl = defaultTTLMilliseconds {
      let (expiry, overflow) = now.addingReportingOverflow(ttl)
      record.expireAtMilliseconds = overflow ? Int64.max : expiry
    }
  }
}

public struct MigrationOptions: Sendable {
  public var pipeline = 1000
  public var keysPerSecond: Int?
  public var maxErrors = 0
  public var checkpointPath: String
  public var resume = false
  public var failedKeysPath: String
  /// Nothing is written, the failed-keys file included.
  public var dryRun = false
  public var transform = RecordTransform()
  /// Remember the keys `--on-conflict skip` left alone (by db), so that `--verify` does not
  /// take the target's own values for failed copies.
  public var remembersSkippedKeys = false

  public init(checkpointPath: String, failedKeysPath: String) {
    self.checkpointPath = checkpointPath
    self.failedKeysPath = failedKeysPath
  }
}

public struct MigrationResult: Sendable {
  public var counts: MigrationCounts
  public var seconds: Double
  /// False when the run stopped early (interrupted, too many failures); a checkpoint remains.
  public var complete: Bool
  public var stopReason: String?
  public var failedKeysFile: String?
  /// A few conflicting keys, to show; all of them are in the failed-keys file.
  public var conflictSample: [[UInt8]]
  /// With `remembersSkippedKeys`: the keys skipped in this process (target names, by db).
  public var skippedKeys: [Int: Set<[UInt8]>] = [:]
}

/// Copies records from a source to a target in pipelined batches. While the target works on
/// one batch the next is read from the source. After each acknowledged batch the checkpoint
/// moves on, so an interrupted run resumes without losing or duplicating keys. Keys that
/// fail or conflict go to a failed-keys file in the record format.
public final class MigrationEngine {
  private let source: any MigrationSource
  private let target: any MigrationTarget
  private let options: MigrationOptions
  private let progress: (MigrationCounts, Double) -> Void
  private let interrupted: () -> Bool
  /// Called with the records of each batch whose keys the target now holds (`--move`).
  public var onCopied: (([KeyRecord]) throws(RStateError) -> Void)?

  private var counts = MigrationCounts()
  private var buffer: [KeyRecord] = []
  private var bufferBytes = 0
  /// A batch is sent at `pipeline` keys or this many bytes, whichever comes first, so big
  /// keys read in windows never pile up in memory.
  static let batchBytes = 4 << 20
  private var latestPosition: SourcePosition?
  /// Batches submitted and not yet collected, oldest first.
  private var inFlight: [(records: [KeyRecord], position: SourcePosition?)] = []
  private var safePosition: SourcePosition?
  private var failedKeys: RecordFileWriter?
  private var conflictSample: [[UInt8]] = []
  private var skippedKeys: [Int: Set<[UInt8]>] = [:]
  private var stopReason: String?
  private var started = 0.0
  private var lastDurableSave = 0.0
  private var lastSave = 0.0
  private var sentSinceStart = 0
  /// What a run that failed had done when it failed (`run` threw), for its summary.
  public private(set) var partialResult: MigrationResult?

  public init(
    source: any MigrationSource, target: any MigrationTarget, options: MigrationOptions,
    progress: @escaping (MigrationCounts, Double) -> Void = { _, _ in },
    interrupted: @escaping () -> Bool = { false }
  ) {
    self.source = source
    self.target = target
    self.options = options
    self.progress = progress
    self.interrupted = interrupted
    let transform = options.transform
    (target as? RedisTarget)?.typedSource = { record throws(RStateError) in
      try source.typedRecords(for: record.withOriginalKey(transform))
    }
  }

  public func run(resumingFrom checkpoint: Checkpoint?) throws(RStateError) -> MigrationResult {
    started = monotonicSeconds()
    lastDurableSave = started
    if let checkpoint {
      counts = checkpoint.counts
      safePosition = checkpoint.position
    }
    let complete: Bool
    do {
      try source.run(from: checkpoint?.position) { event throws(RStateError) in
        switch event {
        case .record(let record):
          guard options.transform.selects(record) else { break }
          bufferBytes += record.key.count + record.value.byteCount
          buffer.append(record)
          if !options.transform.isIdentity {
            options.transform.apply(&buffer[buffer.count - 1], now: unixTimeMilliseconds())
          }
          // A big key's parts go out by size, before the position after the key is known.
          if bufferBytes >= Self.batchBytes { try sendBuffer() }
        case .position(let position):
          // Batches end where the source says a resume may start, so a checkpoint's counts
          // and position always describe the same keys.
          latestPosition = position
          if buffer.count >= batchSize { try sendBuffer() }
        }
        if stopReason == nil && interrupted() { stopReason = "interrupted" }
        return stopReason == nil
      }
      if stopReason == nil { try sendBuffer() }
      while !inFlight.isEmpty { try collectOldest() }
      try failedKeys?.finish()
      complete = stopReason == nil
      if complete {
        // The trailer first: a file target that cannot be finished keeps its checkpoint.
        try target.finish()
        Checkpoint.remove(options.checkpointPath)
      } else {
        try saveCheckpoint(durable: true)
      }
    } catch {
      // What the target acknowledged stays counted; a resumed run starts after it. A full
      // disk may refuse these too: the counts still reach the summary.
      try? saveCheckpoint(durable: true)
      try? failedKeys?.finish()
      partialResult = result(complete: false)
      throw error
    }
    return result(complete: complete)
  }

  private func result(complete: Bool) -> MigrationResult {
    MigrationResult(
      counts: counts, seconds: monotonicSeconds() - started, complete: complete,
      stopReason: stopReason, failedKeysFile: failedKeys?.path, conflictSample: conflictSample,
      skippedKeys: skippedKeys)
  }

  private var batchSize: Int {
    guard let rate = options.keysPerSecond else { return options.pipeline }
    return max(1, min(options.pipeline, rate / 10))
  }

  /// Sends the buffer, first waiting for the oldest batch when the target has as many in
  /// flight as it takes: the source is read while the target works, and a server always has
  /// the next batch queued while the one before is collected.
  private func sendBuffer() throws(RStateError) {
    while inFlight.count >= target.overlappingBatches { try collectOldest() }
    guard !buffer.isEmpty || latestPosition != nil else { return }
    let batch = buffer
    buffer = []
    bufferBytes = 0
    try target.submit(batch)
    inFlight.append((batch, latestPosition))
    sentSinceStart += batch.count
    try throttle()
  }

  private func collectOldest() throws(RStateError) {
    let (records, position) = inFlight.removeFirst()
    let outcomes = try target.collect()
    var retries: [KeyRecord] = []
    var copied: [KeyRecord] = []
    // By index: zip would copy every record.
    for index in records.indices {
      let outcome = outcomes[index]
      if outcome == .needsTypedValue {
        retries.append(records[index])
      } else {
        try account(records[index], outcome)
        if onCopied != nil && (outcome == .written || outcome == .unchanged) {
          copied.append(records[index])
        }
      }
    }
    for record in retries { try retryTyped(record) }
    try onCopied?(copied)
    if let position { safePosition = position }
    // A checkpoint a fifth of a second old costs a resume only a re-send of keys that are
    // then found identical; saving after every batch cost a tenth of a bulk load.
    let now = monotonicSeconds()
    if now - lastSave >= 0.2 {
      let durable = now - lastDurableSave >= 1
      try saveCheckpoint(durable: durable)
      if durable { lastDurableSave = now }
      lastSave = now
      progress(counts, now - started)
    }
  }

  /// The target refused a DUMP payload (an older Redis): send the key's typed value instead.
  private func retryTyped(_ record: KeyRecord) throws(RStateError) {
    guard let redis = target as? RedisTarget,
      var typed = try source.typedRecords(for: record.withOriginalKey(options.transform))
    else {
      return try account(
        record,
        .failed(
          "the target cannot restore this DUMP payload and the \(record.type) has no typed copy"))
    }
    let now = unixTimeMilliseconds()
    for index in typed.indices { options.transform.apply(&typed[index], now: now) }
    guard !typed.isEmpty else { return try account(record, .expired) }
    for (part, outcome) in zip(typed, try redis.write(typed)) where outcome != .partial {
      try account(part, outcome)
    }
  }

  private func account(_ record: borrowing KeyRecord, _ outcome: WriteOutcome) throws(RStateError) {
    counts.bytes += Int64(record.key.count + record.value.byteCount)
    switch outcome {
    case .partial, .needsTypedValue: return
    case .written, .replaced: counts.written += 1
    case .skipped:
      counts.skipped += 1
      if options.remembersSkippedKeys { skippedKeys[record.db, default: []].insert(record.key) }
    case .unchanged: counts.unchanged += 1
    case .expired: counts.expired += 1
    case .conflict:
      counts.conflicts += 1
      if conflictSample.count < 10 { conflictSample.append(record.key) }
      try report(record, "exists on the target with a different value (--on-conflict fail)")
    case .failed(let message):
      counts.failed += 1
      try report(record, message)
      if counts.failed > options.maxErrors && stopReason == nil {
        stopReason =
          options.maxErrors == 0
          ? "stopped at the first failure (allow more with --max-errors N)"
          : "stopped after more than \(options.maxErrors) failures (--max-errors)"
      }
    }
  }

  private func report(_ record: KeyRecord, _ error: String) throws(RStateError) {
    if options.dryRun { return }
    if failedKeys == nil {
      failedKeys = try RecordFileWriter(
        path: options.failedKeysPath, source: source.description, serverVersion: nil)
    }
    try failedKeys?.append(record, error: error)
  }

  private func saveCheckpoint(durable: Bool) throws(RStateError) {
    guard let position = safePosition else { return }
    try Checkpoint(
      source: source.description, target: target.description, position: position,
      targetOffset: try target.checkpointOffset(durable: durable), counts: counts
    ).save(to: options.checkpointPath, durable: durable)
  }

  private func throttle() throws(RStateError) {
    guard let rate = options.keysPerSecond, rate > 0 else { return }
    let due = started + Double(sentSinceStart) / Double(rate)
    let wait = due - monotonicSeconds()
    if wait > 0 { usleep(UInt32(min(wait, 10) * 1_000_000)) }
  }
}

extension KeyRecord {
  /// The record's key as the source names it (before `--rename`).
  func withOriginalKey(_ transform: RecordTransform) -> KeyRecord {
    var copy = self
    for rename in transform.renames where key.starts(with: rename.to) {
      copy.key = rename.from + key.dropFirst(rename.to.count)
      break
    }
    return copy
  }
}

extension KeyRecord.Value {
  /// Bytes of the value's elements, for the progress line and summary.
  public var byteCount: Int {
    switch self {
    case .string(let bytes), .dumpOnly(let bytes): return bytes.count
    case .list(let items), .set(let items): return items.reduce(0) { $0 + $1.count }
    case .hash(let pairs): return pairs.reduce(0) { $0 + $1.field.count + $1.value.count }
    case .zset(let members): return members.reduce(0) { $0 + $1.member.count + $1.score.utf8.count }
    case .stream(let entries):
      return entries.reduce(0) { total, entry in
        total + entry.id.utf8.count
          + entry.fields.reduce(0) { $0 + $1.field.count + $1.value.count }
      }
    }
  }
}
