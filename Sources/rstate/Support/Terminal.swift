import Glibc
import RStateCore

/// The process's standard streams, written as bytes with our own buffer (C's `stdout` is a
/// mutable global that Swift 6 will not touch).
enum Terminal {
  /// A terminal, or `RSTATE_FAKE_TTY=1` so tests can see terminal output through a pipe
  /// (redis-cli's `FAKETTY` does the same).
  static var stdoutIsTTY: Bool {
    isatty(STDOUT_FILENO) == 1 || processEnvironment()["RSTATE_FAKE_TTY"] == "1"
  }
  static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
  static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }

  /// Colour only on a terminal, never with NO_COLOR or TERM=dumb.
  static func colorEnabled(forStdout: Bool = true) -> Bool {
    let environment = processEnvironment()
    if environment["NO_COLOR"].map({ !$0.isEmpty }) == true { return false }
    if environment["TERM"] == "dumb" { return false }
    return forStdout ? stdoutIsTTY : stderrIsTTY
  }

  static func write(_ bytes: [UInt8]) { writeAll(STDOUT_FILENO, bytes) }
  static func write(_ text: String) { writeAll(STDOUT_FILENO, Array(text.utf8)) }

  /// One diagnostic line on stderr, with credentials masked and control bytes escaped: every
  /// message for people passes through here or through `RStateError.description`.
  static func diagnostic(_ line: String, newline: Bool = true) {
    // Messages quote what servers and files said: their control bytes are escaped, so a
    // hostile reply cannot move the cursor or retitle the terminal. Line breaks stay, for
    // previews that list keys (quoted, so theirs are escaped already).
    let safe = ServerText.printableLines(Array(Redaction.scrub(line).utf8))
    writeAll(STDERR_FILENO, Array((newline ? safe + "\n" : safe).utf8))
  }

  /// A progress line on stderr, redrawn in place; only on a terminal.
  static func progress(_ line: String) {
    guard stderrIsTTY else { return }
    writeAll(
      STDERR_FILENO, Array(("\r\u{1B}[K" + ServerText.printable(Redaction.scrub(line))).utf8))
  }

  static func endProgress() {
    guard stderrIsTTY else { return }
    writeAll(STDERR_FILENO, Array("\r\u{1B}[K".utf8))
  }

  /// One line from standard input, without its newline; nil at end of input.
  static func readLine() -> String? {
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while read(STDIN_FILENO, &byte, 1) == 1 {
      if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
      line.append(byte)
    }
    return line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
  }

  /// Replies of a command that repeats: false once the reader has gone (a closed pipe with
  /// SIGPIPE ignored), so the repeating stops.
  static func writeReply(_ bytes: [UInt8]) -> Bool { writeAll(STDOUT_FILENO, bytes) }

  @discardableResult
  private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        return false  // A closed pipe (`| head`) is not worth an error of our own.
      }
      offset += written
    }
    return true
  }

  /// The environment as a dictionary, read from `environ` (no Foundation).
  static func processEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return result
  }

  /// The working directory, where `.env` and `rstate.toml` are looked for.
  static func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    return String(cString: buffer)
  }

  /// Reads a password from the terminal without echo, as `--askpass` does (from standard
  /// input when there is no terminal, as redis-cli does); nil when input ended first.
  static func askPassword(prompt: String) -> String? {
    let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
    let input = fd >= 0 ? fd : STDIN_FILENO
    defer { if fd >= 0 { close(fd) } }
    // Echo off before the prompt, as getpass(3) does: switching it off flushes pending input,
    // which must not take an answer typed as soon as the prompt appeared.
    var saved = termios()
    let canHideEcho = tcgetattr(input, &saved) == 0
    if canHideEcho {
      var quiet = saved
      quiet.c_lflag &= ~tcflag_t(ECHO)
      tcsetattr(input, TCSAFLUSH, &quiet)
    }
    writeAll(fd >= 0 ? fd : STDERR_FILENO, Array(prompt.utf8))
    defer {
      if canHideEcho {
        tcsetattr(input, TCSAFLUSH, &saved)
        writeAll(fd >= 0 ? fd : STDERR_FILENO, [UInt8(ascii: "\n")])
      }
    }
    var line: [UInt8] = []
    var byte: UInt8 = 0
    var ended = false
    while read(input, &byte, 1) == 1 {
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
        ended = true
        break
      }
      line.append(byte)
    }
    // End of input before anything was typed (no terminal, stdin empty): no answer at all,
    // rather than an empty password sent to the server.
    if !ended && line.isEmpty { return nil }
    return String(decoding: line, as: UTF8.self)
  }
}

/// Standard output collected into large writes, for replies to piped input; flushed when
/// it grows and whenever the program is about to wait for more input.
final class BufferedOutput {
  private var pending: [UInt8] = []

  func write(_ bytes: [UInt8]) {
    pending += bytes
    if pending.count >= 1 << 16 { flush() }
  }

  func flush() {
    guard !pending.isEmpty else { return }
    Terminal.write(pending)
    pending.removeAll(keepingCapacity: true)
  }
}
