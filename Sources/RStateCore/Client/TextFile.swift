import Glibc

/// Small local-file reads without Foundation.
public enum TextFile {
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

  /// Everything until end of file from an open descriptor (stdin for `exec -x`).
  public static func readAll(fd: Int32, name: String) throws(RStateError) -> [UInt8] {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count == 0 { return result }
      if count < 0 {
        if errno == EINTR { continue }
        throw .io(path: name, reason: systemErrorMessage(errno))
      }
      result.append(contentsOf: chunk[0..<count])
    }
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
