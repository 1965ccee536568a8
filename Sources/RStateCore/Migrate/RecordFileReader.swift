import Glibc

/// Reads a record file written by `RecordFileWriter`: checks the header, hands out records
/// one by one, and at the end checks the trailer's record count and SHA-256, so a truncated
/// or edited file is an error naming the line rather than a silent partial load.
public final class RecordFileReader {
  public let path: String
  private let fd: Int32
  /// The bytes read so far: the whole file mapped into memory when it is a regular file (no
  /// copy through read(), which cost an eighth of a load), else a growing malloc'd buffer.
  private var mapped: UnsafeMutableRawPointer?
  private var owned: UnsafeMutablePointer<UInt8>?
  private var capacity = 0
  private var count = 0
  /// Where the next line starts in the storage, and how far the mapping was let go of.
  private var bufferStart = 0
  private var released = 0
  private var atEndOfFile = false

  private var storage: UnsafeBufferPointer<UInt8> {
    if let mapped {
      return UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: count)
    }
    return UnsafeBufferPointer(start: owned, count: count)
  }
  private var hasher = SHA256()
  private static let newline: [UInt8] = [0x0A]
  /// The running checksum over the record lines read so far.
  var recordsHasher: SHA256 {
    hashPending()
    return hasher
  }
  /// Record lines read but not yet hashed, as a span of the storage: hashed in large pieces,
  /// since a digest call per line cost more than the hashing.
  private var unhashed: Range<Int>?

  /// Byte offset of the next unread line, and how many lines were read before it.
  public private(set) var offset = 0
  public private(set) var lineNumber = 0
  public private(set) var recordCount = 0
  public private(set) var sourceDescription: String?
  /// The trailer's counts once it has been read and checked.
  public private(set) var trailer: (records: Int, keys: Int)?

  public init(path: String) throws(RStateError) {
    self.path = path
    fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw .io(path: path, reason: systemErrorMessage(errno)) }
    var status = stat()
    if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0,
      let region = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, fd, 0),
      region != MAP_FAILED
    {
      madvise(region, Int(status.st_size), MADV_SEQUENTIAL)
      mapped = region
      count = Int(status.st_size)
      atEndOfFile = true
    }
    guard let line = try nextLine() else { throw failure("the file is empty") }
    let header: ParsedJSON
    do { header = try JSONReader.parse(Array(line)) } catch {
      throw failure("not a record file: the first line is not JSON (\(error.reason))")
    }
    guard header["format"]?.text == RecordFileWriter.formatName else {
      throw failure(
        "not a record file: the first line must be a header with \"format\": "
          + "\"\(RecordFileWriter.formatName)\"")
    }
    guard let version = header["version"]?.int64, version <= RecordFileWriter.formatVersion else {
      throw failure(
        "record format version \(header["version"]?.int64 ?? 0) is newer than this rstate")
    }
    sourceDescription = header["source"]?.text
  }

  deinit {
    if let mapped { munmap(mapped, count) }
    owned?.deallocate()
    close(fd)
  }

  /// True when the file starts with a record-file header line.
  public static func looksLikeRecordFile(path: String) -> Bool {
    guard let reader = try? RecordFileReader(path: path) else { return false }
    return reader.lineNumber == 1
  }

  /// The key count in a record file's trailer, read from the end of the file.
  public static func trailerKeyCount(path: String) throws(RStateError) -> Int? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { return nil }
    defer { close(fd) }
    let size = lseek(fd, 0, SEEK_END)
    let length = Int(min(size, 4096))
    guard length > 0, lseek(fd, size - off_t(length), SEEK_SET) >= 0 else { return nil }
    var tail = [UInt8](repeating: 0, count: length)
    let got = tail.withUnsafeMutableBytes { read(fd, $0.baseAddress, length) }
    guard got == length else { return nil }
    let body = tail.last == 0x0A ? tail.dropLast() : tail[...]
    let start = body.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
    guard let trailer = try? JSONReader.parse(Array(body[start...])) else { return nil }
    return trailer["keys"]?.int64.map { Int($0) }
  }

  /// The next record, or nil after the trailer was read and found to match.
  public func next() throws(RStateError) -> KeyRecord? {
    guard trailer == nil else { return nil }
    guard let line = try nextLine() else {
      throw failure(
        "the file ends without its trailer after \(recordCount) records: it is truncated")
    }
    let decoded: ParsedRecordLine
    do { decoded = try KeyRecord.decode(bytes: line) } catch {
      throw RStateError.dataFile(
        path: path, line: lineNumber,
        column: JSONReader.lineAndColumn(of: error.offset, in: line).column, reason: error.reason)
    }
    let parsed: ParsedJSON
    switch decoded {
    case .record(let record):
      count(line)
      return record
    case .object(let object): parsed = object
    case .other: throw failure("a record must be a JSON object")
    }
    if case .bool(true)? = parsed["trailer"] {
      try checkTrailer(parsed)
      return nil
    }
    count(line)
    do { return try KeyRecord(parsed: parsed) } catch { throw failure(error.reason) }
  }

  private func count(_ line: UnsafeBufferPointer<UInt8>) {
    // Record lines follow each other in the storage, each with its newline (`bufferStart` is
    // just past it), so the span grows until the buffer is compacted or the trailer comes.
    let start = storage.baseAddress!.distance(to: line.baseAddress!)
    if let span = unhashed, span.upperBound == start {
      unhashed = span.lowerBound..<bufferStart
    } else {
      hashPending()
      unhashed = start..<bufferStart
    }
    if bufferStart == start + line.count {  // the file's last line, without a newline
      hashPending()
      hasher.update(Self.newline)
    }
    recordCount += 1
  }

  /// Reads on to `offset` without decoding records, keeping the checksum running; used to
  /// resume a run at a checkpoint.
  public func skip(to target: Int) throws(RStateError) {
    while offset < target {
      guard let line = try nextLine() else {
        throw failure("the checkpoint points past the end of the file; was the file replaced?")
      }
      count(line)
    }
    if offset != target {
      throw failure("the checkpoint does not fall on a line boundary; was the file replaced?")
    }
  }

  /// Reads the whole file, checking every record and the trailer, without keeping anything.
  public func validateToEnd() throws(RStateError) {
    while try next() != nil {}
  }

  private func checkTrailer(_ parsed: ParsedJSON) throws(RStateError) {
    guard let records = parsed["records"]?.int64, let keys = parsed["keys"]?.int64,
      let digest = parsed["sha256"]?.text
    else { throw failure("the trailer lacks \"records\", \"keys\" or \"sha256\"") }
    guard records == recordCount else {
      throw failure("the trailer says \(records) records but the file holds \(recordCount)")
    }
    hashPending()
    guard digest == hasher.finalizeHex() else {
      throw failure("the records' SHA-256 does not match the trailer: the file was altered")
    }
    if try nextLine() != nil { throw failure("text after the trailer") }
    trailer = (Int(records), Int(keys))
  }

  private func hashPending() {
    guard let span = unhashed else { return }
    hasher.update(UnsafeBufferPointer(rebasing: storage[span]))
    unhashed = nil
    // Mapped pages already read and hashed leave this process (they stay in the page
    // cache), so a big file does not show up as resident memory.
    if let mapped, span.upperBound - released >= 8 << 20 {
      let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
      let end = span.upperBound / pageSize * pageSize
      madvise(mapped + released, end - released, MADV_DONTNEED)
      released = end
    }
  }

  private func failure(_ reason: String) -> RStateError {
    .dataFile(path: path, line: max(lineNumber, 1), column: nil, reason: reason)
  }

  /// The next line without its newline, valid until the next call; nil at the end of the
  /// file. A last line without a newline is returned too (the trailer check catches a cut one).
  private func nextLine() throws(RStateError) -> UnsafeBufferPointer<UInt8>? {
    var searchFrom = bufferStart
    while true {
      let bytes = storage
      if searchFrom < count,
        let found = memchr(bytes.baseAddress! + searchFrom, 0x0A, count - searchFrom)
      {
        let newline = UnsafeRawPointer(bytes.baseAddress!).distance(to: UnsafeRawPointer(found))
        let line = UnsafeBufferPointer(rebasing: bytes[bufferStart..<newline])
        offset += newline + 1 - bufferStart
        bufferStart = newline + 1
        lineNumber += 1
        return line
      }
      if atEndOfFile {
        guard bufferStart < count else { return nil }
        let line = UnsafeBufferPointer(rebasing: bytes[bufferStart..<count])
        offset += count - bufferStart
        bufferStart = count
        lineNumber += 1
        return line
      }
      searchFrom = count
      if let owned, bufferStart > 0 && bufferStart >= count / 2 {
        hashPending()
        owned.update(from: owned + bufferStart, count: count - bufferStart)
        count -= bufferStart
        searchFrom -= bufferStart
        bufferStart = 0
      }
      try fill()
    }
  }

  /// Reads more of a file that could not be mapped (a pipe, a special file).
  private func fill() throws(RStateError) {
    let chunk = 1 << 20
    if capacity - count < chunk {
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(2 * capacity, count + chunk))
      if let owned {
        grown.initialize(from: owned, count: count)
        owned.deallocate()
      }
      owned = grown
      capacity = max(2 * capacity, count + chunk)
    }
    var got = 0
    repeat {
      got = read(fd, owned! + count, capacity - count)
    } while got < 0 && errno == EINTR
    if got < 0 { throw .io(path: path, reason: systemErrorMessage(errno)) }
    if got == 0 { atEndOfFile = true }
    count += got
  }
}
