import Foundation

/// The shell on a pseudo-terminal of a known size, as a person has it: standard input, output
/// and error all on the terminal, which is the session's controlling terminal (through
/// util-linux's `setsid --ctty`), so Ctrl-C typed there reaches rstate as SIGINT.
final class ShellTerminal {
  let process = Process()
  private let master: Int32
  /// Everything rstate wrote to the terminal so far.
  private(set) var screen: [UInt8] = []
  /// Where the next `waitFor` starts looking, so each wait sees only what came after the last.
  private var seen = 0

  var screenText: String { String(decoding: screen, as: UTF8.self) }

  init(
    _ arguments: [String], environment: [String: String] = [:], home: URL,
    rows: UInt16 = 24, columns: UInt16 = 200
  ) throws {
    // posix_openpt, unlockpt and ptsname, which Swift's Glibc module leaves out.
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    var unlock: CInt = 0
    var number: CUnsignedInt = 0
    let tiocsptlck: UInt = 0x4004_5431
    let tiocgptn: UInt = 0x8004_5430
    let tiocswinsz: UInt = 0x5414
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    guard master >= 0, ioctl(master, tiocsptlck, &unlock) == 0,
      ioctl(master, tiocgptn, &number) == 0, ioctl(master, tiocswinsz, &size) == 0
    else { throw TestFailure("no pseudo-terminal: \(String(cString: strerror(errno)))") }
    let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
    guard slave >= 0 else { throw TestFailure("cannot open /dev/pts/\(number)") }
    process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
    process.arguments = ["--ctty", "--wait", rstateBinary] + arguments
    // A private HOME: no ~/.inputrc or ~/.rstaterc of the developer's; no history file.
    var env = [
      "PATH": "/usr/bin:/bin", "HOME": home.path, "TERM": "xterm", "RSTATE_HISTFILE": "/dev/null",
    ]
    env.merge(environment) { $1 }
    process.environment = env
    process.currentDirectoryURL = home
    let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
    process.standardInput = terminal
    process.standardOutput = terminal
    process.standardError = terminal
    try process.run()
    try terminal.close()
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    close(master)
  }

  /// Waits until `text` appears after what earlier waits saw; fails after `seconds` (a
  /// deadline for "it hangs", not a timing assertion).
  func waitFor(_ text: String, seconds: Double = 20) throws {
    let deadline = Date().addingTimeInterval(seconds)
    let wanted = Array(text.utf8)
    while true {
      if let range = find(wanted) {
        seen = range
        return
      }
      guard Date() < deadline else {
        throw TestFailure(
          "no \"\(text)\" on the terminal; it shows: \(screenText.debugDescription)")
      }
      guard readMore() else {
        throw TestFailure(
          "the terminal closed before \"\(text)\"; it shows: \(screenText.debugDescription)")
      }
    }
  }

  /// What the terminal showed after the last `waitFor` up to `text` (which is waited for).
  func output(until text: String, seconds: Double = 20) throws -> String {
    let start = seen
    try waitFor(text, seconds: seconds)
    return String(decoding: screen[start..<seen], as: UTF8.self)
  }

  /// Types a line, as a person at the terminal would.
  func type(_ line: String) { press(line + "\n") }

  /// Sends keys as they are (`"\u{03}"` is Ctrl-C, `"\u{04}"` Ctrl-D).
  func press(_ keys: String) {
    let bytes = Array(keys.utf8)
    _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
  }

  /// Waits for rstate to exit (after `quit`), reading the terminal to the end; its status.
  func finish(seconds: Double = 20) throws -> Int32 {
    let deadline = Date().addingTimeInterval(seconds)
    while readMore() {
      guard Date() < deadline else { throw TestFailure("rstate did not exit: \(screenText)") }
    }
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// The end of the first `wanted` at or after `seen`.
  private func find(_ wanted: [UInt8]) -> Int? {
    guard screen.count - seen >= wanted.count else { return nil }
    var index = seen
    while index + wanted.count <= screen.count {
      if screen[index..<index + wanted.count].elementsEqual(wanted) { return index + wanted.count }
      index += 1
    }
    return nil
  }

  /// Reads what is there within 100 ms; false once every process closed the terminal (EIO).
  private func readMore() -> Bool {
    var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    guard poll(&poller, 1, 100) > 0 else { return true }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = read(master, &buffer, buffer.count)
    guard count > 0 else { return false }
    screen += buffer[..<count]
    return true
  }
}
