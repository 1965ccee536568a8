/// What became of one key sent to a target.
public enum WriteOutcome: Sendable, Equatable {
  case written
  /// The key exists on the target and was replaced (`--on-conflict replace`).
  case replaced
  /// The key exists on the target and was left alone (`--on-conflict skip`).
  case skipped
  /// The key exists on the target, differs, and was left alone (`--on-conflict fail`).
  case conflict
  /// The key exists on the target with the same value and expiry (a re-run or a resume).
  case unchanged
  /// The key's expiry passed before it could be written; nothing was created.
  case expired
  case failed(String)
  /// The target cannot take the DUMP payload (older Redis); the key must be sent typed.
  case needsTypedValue
  /// One part of a key split over several records; the outcome comes with the last part.
  case partial
}

public enum ConflictPolicy: String, Sendable, CaseIterable {
  case fail, skip, replace
}

/// Where records go. `submit` sends a batch without waiting; `collect` waits for the oldest
/// batch submitted and returns one outcome per record, so the caller can read the next batch
/// from the source while the target works.
public protocol MigrationTarget: AnyObject {
  var description: String { get }
  /// How many submitted batches may wait for `collect` at once.
  var overlappingBatches: Int { get }
  func submit(_ records: [KeyRecord]) throws(RStateError)
  func collect() throws(RStateError) -> [WriteOutcome]
  /// Makes what was collected durable (`durable`: synced to disk, else only written) and
  /// says where a resumed run continues on this target: a file offset; nil for servers.
  func checkpointOffset(durable: Bool) throws(RStateError) -> Int?
  func finish() throws(RStateError)
}

/// Writes records into a record file (export and backup); with `--dry-run`, only counts.
public final class RecordFileTarget: MigrationTarget {
  public let description: String
  private let writer: RecordFileWriter?
  private var pendingOutcomes: [WriteOutcome] = []

  public init(path: String, source: String, serverVersion: String?, resumeAt: Int?)
    throws(RStateError)
  {
    description = path
    if let offset = resumeAt {
      writer = try RecordFileWriter(resuming: path, at: offset)
    } else {
      writer = try RecordFileWriter(path: path, source: source, serverVersion: serverVersion)
    }
  }

  /// A target that takes every record and writes nothing.
  public init(dryRunPath path: String) {
    description = path
    writer = nil
  }

  /// One: the checkpoint's offset is the end of what was collected.
  public var overlappingBatches: Int { 1 }

  public func submit(_ records: [KeyRecord]) throws(RStateError) {
    for record in records { try writer?.append(record) }
    pendingOutcomes = records.map { $0.completesKey ? .written : .partial }
  }

  public func collect() throws(RStateError) -> [WriteOutcome] {
    defer { pendingOutcomes = [] }
    return pendingOutcomes
  }

  public func checkpointOffset(durable: Bool) throws(RStateError) -> Int? {
    guard let writer else { return nil }
    if durable { try writer.sync() } else { try writer.flushPending() }
    return writer.byteCount
  }

  public func finish() throws(RStateError) { try writer?.finish() }
}
