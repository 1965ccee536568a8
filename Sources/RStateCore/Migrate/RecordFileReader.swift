import Glibc

/// Reads a record file written by `RecordFileWriter`: checks the header, hands out records
/// one by one, and at the end checks the trailer's record count and SHA-256, so a truncated
/// or edited file is an error naming the line rather than a silent partial load.
public final class RecordFileReader {
  public let path: String
  private let fd: Int32
  private var buffer: [UInt8] = []
  private var bufferStart = 0
  private var atEndOfFile = false
  private var hasher = SHA256()
  private static let newline: [UInt8] = [0x0A]
  /// The running checksum over the record lines read so far.
  var recordsHasher: SHA256 {
    hashPending()
    return hasher
  }
  /// Record lines read but not yet hashed, as a span of `buffer`: hashed in large pieces,
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
    fd = try Self.openRegularFile(path)
    guard let line = try nextLine() else { throw failure("the file is empty") }
    // A header that names the format but does not read is damage, not another kind of file.
    let damaged = Self.mentionsFormat(line)
    let problem = damaged ? "the record file's header is damaged" : "not a record file"
    let header: ParsedJSON
    do { header = try JSONReader.parse(line) } catch {
      throw failure("\(problem): the first line is not JSON (\(error.reason))")
    }
    guard header["format"]?.text == RecordFileWriter.formatName else {
      throw failure(
        "\(problem): the first line must be a header with \"format\": "
          + "\"\(RecordFileWriter.formatName)\"")
    }
    guard let version = header["version"]?.int64, version >= 1 else {
      throw failure("\(problem): the header has no \"version\" of 1 or more")
    }
    guard version <= RecordFileWriter.formatVersion else {
      throw failure("record format version \(version) is newer than this rstate")
    }
    sourceDescription = header["source"]?.text
  }

  /// Opens a regular file for reading; a FIFO or a device (which could block or never end)
  /// is refused without reading from it.
  static func openRegularFile(_ path: String) throws(RStateError) -> Int32 {
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    if fd < 0 { throw .io(path: path, reason: systemErrorMessage(errno)) }
    var status = stat()
    guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw .io(path: path, reason: "not a regular file")
    }
    // Regular files ignore O_NONBLOCK; cleared all the same.
    _ = fcntl(fd, F_SETFL, 0)
    return fd
  }

  private static func mentionsFormat(_ line: ArraySlice<UInt8>) -> Bool {
    let text = String(decoding: line.prefix(4096), as: UTF8.self)
    return text.contains(RecordFileWriter.formatName) || text.hasPrefix("{\"format\"")
  }

  /// True when a file is meant to be a record file: its first line is a header or names
  /// the format, or its second line starts like a record. A damaged header is then reported
  /// as damage (file:line: reason), not mistaken for a JSON snapshot.
  public static func claimsRecordFormat(path: String) -> Bool {
    guard let fd = try? openRegularFile(path) else { return false }
    defer { close(fd) }
    var head = [UInt8](repeating: 0, count: 65536)
    var count = 0
    while count < head.count {
      let got = head[count...].withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if got < 0 && errno == EINTR { continue }
      if got <= 0 { break }
      count += got
    }
    let lines = head[..<count].split(
      separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: false)
    guard let first = lines.first else { return false }
    if mentionsFormat(first) { return true }
    // A record line as the writer puts it: compact, one object per line (a snapshot's
    // array, one object a line, has commas after them).
    guard lines.count > 1 else { return false }
    let second = lines[1]
    return
      (second.starts(with: Array("{\"key\":\"".utf8))
      || second.starts(with: Array("{\"key\":{".utf8))) && second.last == UInt8(ascii: "}")
  }

  deinit { close(fd) }

  /// The key count in a record file's trailer, read from the end of the file.
  public static func trailerKeyCount(path: String) throws(RStateError) -> Int? {
    guard let fd = try? openRegularFile(path) else { return nil }
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
    do { decoded = try KeyRecord.decode(line: line) } catch {
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

  private func count(_ line: ArraySlice<UInt8>) {
    // Record lines follow each other in the buffer, each with its newline (`bufferStart` is
    // just past it), so the span grows until the buffer is compacted or the trailer comes.
    if let span = unhashed, span.upperBound == line.startIndex {
      unhashed = span.lowerBound..<bufferStart
    } else {
      hashPending()
      unhashed = line.startIndex..<bufferStart
    }
    if bufferStart == line.endIndex {  // the file's last line, without a newline
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
    hasher.update(buffer[span])
    unhashed = nil
  }

  private func failure(_ reason: String) -> RStateError {
    .dataFile(path: path, line: max(lineNumber, 1), column: nil, reason: reason)
  }

  /// The next line without its newline; nil at the end of the file. A last line without a
  /// newline is returned too (the trailer check catches a cut one).
  private func nextLine() throws(RStateError) -> ArraySlice<UInt8>? {
    var searchFrom = bufferStart
    while true {
      if let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
        let line = buffer[bufferStart..<newline]
        offset += newline + 1 - bufferStart
        bufferStart = newline + 1
        lineNumber += 1
        return line
      }
      if atEndOfFile {
        guard bufferStart < buffer.count else { return nil }
        let line = buffer[bufferStart...]
        offset += buffer.count - bufferStart
        bufferStart = buffer.count
        lineNumber += 1
        return line
      }
      searchFrom = buffer.count
      if bufferStart > 0 && bufferStart >= buffer.count / 2 {
        hashPending()
        buffer.removeFirst(bufferStart)
        searchFrom -= bufferStart
        bufferStart = 0
      }
      try fill()
    }
  }

  private var chunk = [UInt8](repeating: 0, count: 1 << 20)

  private func fill() throws(RStateError) {
    var got = 0
    repeat {
      got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    } while got < 0 && errno == EINTR
    if got < 0 { throw .io(path: path, reason: systemErrorMessage(errno)) }
    if got == 0 { atEndOfFile = true }
    buffer.append(contentsOf: chunk[..<got])
  }
}
