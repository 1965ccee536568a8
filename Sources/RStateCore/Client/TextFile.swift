import Glibc

/// Small local-file reads without Foundation.
public enum TextFile {
  /// The most a settings file (`.env`, `rstate.toml`, `~/.rstaterc`) may hold: far more than
  /// any real one, and little enough that a wrong path (a log, a dump) is refused at once.
  public static let settingsLimit = 1 << 20

  /// A settings file's text, or nil when it does not exist. Only a regular file of at most
  /// `settingsLimit` bytes is read: a FIFO or a device in its place is refused, not read.
  public static func readSettings(_ path: String) throws(RStateError) -> String? {
    guard let bytes = try readRegular(path, limit: settingsLimit) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The bytes of a regular file of at most `limit` bytes, or nil when it does not exist.
  /// Anything else is refused before a byte is read (a usage error naming the path): a FIFO
  /// would block the read until a writer comes, `/dev/zero` would never end, a directory is
  /// no file at all. Opened non-blocking, so that even a FIFO swapped in after the check
  /// cannot hang the open, and checked again on the open descriptor.
  public static func readRegular(_ path: String, limit: Int) throws(RStateError) -> [UInt8]? {
    var status = stat()
    if stat(path, &status) != 0 {
      if errno == ENOENT { return nil }
      throw .io(path: path, reason: systemErrorMessage(errno))
    }
    try requireRegular(status, path: path, limit: limit)
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    if fd < 0 {
      if errno == ENOENT { return nil }
      throw .io(path: path, reason: systemErrorMessage(errno))
    }
    defer { close(fd) }
    guard fstat(fd, &status) == 0 else { throw .io(path: path, reason: systemErrorMessage(errno)) }
    try requireRegular(status, path: path, limit: limit)
    // A file that grows while it is read is cut off at the limit, not read on forever.
    let bytes = try readAll(fd: fd, name: path, limit: limit)
    guard bytes.count <= limit else { throw tooLarge(path, limit: limit) }
    return bytes
  }

  private static func requireRegular(_ status: stat, path: String, limit: Int) throws(RStateError) {
    let kind: String
    switch status.st_mode & S_IFMT {
    case S_IFREG:
      guard status.st_size <= limit else { throw tooLarge(path, limit: limit) }
      return
    case S_IFIFO: kind = "a FIFO"
    case S_IFCHR: kind = "a character device"
    case S_IFBLK: kind = "a block device"
    case S_IFDIR: kind = "a directory"
    case S_IFSOCK: kind = "a socket"
    default: kind = "not a file"
    }
    throw .usage("\(path) is not a regular file (it is \(kind)); give the path of a file")
  }

  private static func tooLarge(_ path: String, limit: Int) -> RStateError {
    .usage("\(path) is larger than \(byteCount(limit)), the most rstate reads from such a file")
  }

  /// `1 MiB`, `64 KiB`, `100 bytes`.
  static func byteCount(_ bytes: Int) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    return "\(bytes) bytes"
  }

  /// The file's contents, or nil when it does not exist.
  public static func read(_ path: String) throws(RStateError) -> String? {
    guard let bytes = try readBytes(path) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The file's bytes; a missing file is an error (data files the user named).
  public static func readExistingBytes(_ path: String) throws(RStateError) -> [UInt8] {
    guard let bytes = try readBytes(path) else {
      throw .io(path: path, reason: systemErrorMessage(ENOENT))
    }
    return bytes
  }

  public static func readBytes(_ path: String) throws(RStateError) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      if errno == ENOENT { return nil }
      throw .io(path: path, reason: systemErrorMessage(errno))
    }
    defer { close(fd) }
    return try readAll(fd: fd, name: path)
  }

  /// Everything until end of file from an open descriptor (stdin for `exec -x`); with a
  /// `limit`, reading stops one byte past it, so the caller can tell the input was longer.
  public static func readAll(fd: Int32, name: String, limit: Int = .max) throws(RStateError)
    -> [UInt8]
  {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while result.count <= limit {
      let room = limit - result.count
      let wanted = room < chunk.count ? room + 1 : chunk.count
      let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, wanted) }
      if count == 0 { return result }
      if count < 0 {
        if errno == EINTR { continue }
        throw .io(path: name, reason: systemErrorMessage(errno))
      }
      result.append(contentsOf: chunk[0..<count])
    }
    return result
  }
}

/// `strerror` with a lower-case first letter, as rstate's messages are written.
public func systemErrorMessage(_ code: Int32) -> String {
  lowercasingFirst(String(cString: strerror(code)))
}

func lowercasingFirst(_ text: String) -> String {
  guard let first = text.first else { return text }
  // Keep acronyms ("EOF") as they are.
  if let second = text.dropFirst().first, second.isUppercase { return text }
  return first.lowercased() + text.dropFirst()
}
