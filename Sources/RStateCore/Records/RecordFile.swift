import Glibc

/// Writes a record file: a header line, one JSON line per record, and a trailer with the
/// record count and a SHA-256 over the record lines, so a truncated file is detected. The
/// file is created new (an existing file is never overwritten) and synced to disk on close.
public final class RecordFileWriter {
  public let path: String
  private let fd: Int32
  private var hasher = SHA256()
  private var pending: [UInt8] = []
  public private(set) var recordCount = 0
  public private(set) var keyCount = 0

  public static let formatName = "rstate-records"
  public static let formatVersion = 1

  public init(path: String, source: String, serverVersion: String?) throws(RStateError) {
    self.path = path
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    if fd < 0 {
      if errno == EEXIST {
        throw .io(path: path, reason: "already exists; rstate never overwrites a record file")
      }
      if errno == ENOENT || errno == ENOTDIR,
        let directory = FileIdentity.missingDirectory(forNewFile: path)
      {
        throw .io(path: path, reason: "the directory \(directory) does not exist; create it first")
      }
      throw .io(path: path, reason: systemErrorMessage(errno))
    }
    let header = JSONValue.object([
      ("format", .string(Self.formatName)), ("version", .integer(Int64(Self.formatVersion))),
      ("source", .string(source)), ("server_version", serverVersion.map { .string($0) } ?? .null),
      ("created_at_ms", .integer(unixTimeMilliseconds())),
    ])
    pending += Array((header.serialized() + "\n").utf8)
  }

  deinit { if fd >= 0 { close(fd) } }

  /// Reopens a record file left by an interrupted run, keeping the first `offset` bytes
  /// (whole records, as a checkpoint saved them) and dropping anything written after.
  public init(resuming path: String, at offset: Int) throws(RStateError) {
    self.path = path
    let reader = try RecordFileReader(path: path)
    while reader.offset < offset {
      guard let record = try reader.next() else {
        throw .dataFile(
          path: path, line: reader.lineNumber, column: nil,
          reason: "the file ends before the checkpoint; it cannot be resumed")
      }
      if record.completesKey { keyCount += 1 }
    }
    guard reader.offset == offset else {
      throw .dataFile(
        path: path, line: reader.lineNumber, column: nil,
        reason: "the checkpoint does not fall on a record boundary; it cannot be resumed")
    }
    hasher = reader.recordsHasher
    recordCount = reader.recordCount
    fd = open(path, O_WRONLY | O_CLOEXEC)
    if fd < 0 || ftruncate(fd, off_t(offset)) != 0 || lseek(fd, off_t(offset), SEEK_SET) < 0 {
      throw .io(path: path, reason: systemErrorMessage(errno))
    }
  }

  /// Bytes handed to the file so far (written or pending), for checkpoints.
  public var byteCount: Int { writtenBytes + pending.count }
  private var writtenBytes = 0

  /// Hands what is pending to the kernel (enough to survive this process being killed).
  public func flushPending() throws(RStateError) { try flush() }

  /// Writes what is pending and syncs it, so a checkpoint can point at `byteCount`.
  public func sync() throws(RStateError) {
    try flush()
    if fsync(fd) != 0 { throw .io(path: path, reason: systemErrorMessage(errno)) }
  }

  /// Appends a record; `error` (for failed-keys reports) says why the key was not copied.
  public func append(_ record: KeyRecord, error: String? = nil) throws(RStateError) {
    var json = record.json
    if let error, case .object(var members) = json {
      members.append(("error", .string(error)))
      json = .object(members)
    }
    let line = Array((json.serialized() + "\n").utf8)
    hasher.update(line)
    pending += line
    recordCount += 1
    if record.completesKey { keyCount += 1 }
    if pending.count >= 1 << 20 { try flush() }
  }

  private var finishing = false

  /// Writes the trailer and syncs the file; only then is the backup complete. Once only: a
  /// second call after a failed one (a full disk) adds nothing.
  public func finish() throws(RStateError) {
    if finishing { return }
    finishing = true
    let trailer = JSONValue.object([
      ("trailer", .bool(true)), ("records", .integer(Int64(recordCount))),
      ("keys", .integer(Int64(keyCount))), ("sha256", .string(hasher.finalizeHex())),
    ])
    pending += Array((trailer.serialized() + "\n").utf8)
    try flush()
    if fsync(fd) != 0 { throw .io(path: path, reason: systemErrorMessage(errno)) }
  }

  private func flush() throws(RStateError) {
    var offset = 0
    while offset < pending.count {
      let written = pending[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        let reason = systemErrorMessage(errno)
        // What reached the file stays out of a later attempt.
        pending.removeFirst(offset)
        writtenBytes += offset
        throw .io(path: path, reason: reason)
      }
      offset += written
    }
    writtenBytes += pending.count
    pending.removeAll(keepingCapacity: true)
  }
}

public func unixTimeMilliseconds() -> Int64 {
  var now = timespec()
  clock_gettime(CLOCK_REALTIME, &now)
  return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
