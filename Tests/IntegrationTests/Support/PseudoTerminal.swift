import Foundation

/// rstate run with a pseudo-terminal as its controlling terminal (through util-linux's
/// `setsid --ctty`, which makes standard input the session's terminal), so that prompts that
/// open /dev/tty can be answered; standard output and error are pipes, as in `rstate(_:)`.
final class TerminalSession {
  let process = Process()
  private let master: Int32
  private let outPipe = Pipe()
  private let errPipe = Pipe()
  /// Everything rstate wrote to the terminal so far.
  private(set) var screen: [UInt8] = []

  var screenText: String { String(decoding: screen, as: UTF8.self) }

  init(_ arguments: [String], environment: [String: String] = [:], directory: URL) throws {
    // posix_openpt, unlockpt and ptsname, which Swift's Glibc module leaves out.
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    var unlock: CInt = 0
    var number: CUnsignedInt = 0
    let tiocsptlck: UInt = 0x4004_5431
    let tiocgptn: UInt = 0x8004_5430
    guard master >= 0, ioctl(master, tiocsptlck, &unlock) == 0,
      ioctl(master, tiocgptn, &number) == 0
    else { throw TestFailure("no pseudo-terminal: \(String(cString: strerror(errno)))") }
    let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
    guard slave >= 0 else { throw TestFailure("cannot open /dev/pts/\(number)") }
    process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
    process.arguments = ["--ctty", "--wait", rstateBinary] + arguments
    var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "COLUMNS": "80"]
    env.merge(environment) { $1 }
    process.environment = env
    process.currentDirectoryURL = directory
    let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
    process.standardInput = terminal
    process.standardOutput = outPipe
    process.standardError = errPipe
    try process.run()
    try terminal.close()
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    close(master)
  }

  /// Waits until `text` has appeared on the terminal; fails after `seconds` (a deadline for
  /// "it hangs", not a timing assertion).
  func waitFor(_ text: String, seconds: Double = 20) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while !screenText.contains(text) {
      guard Date() < deadline else {
        throw TestFailure("no \"\(text)\" on the terminal; it shows: \(screenText)")
      }
      var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, 100) > 0 else { continue }
      var buffer = [UInt8](repeating: 0, count: 4096)
      let count = read(master, &buffer, buffer.count)
      // EIO: every process closed the terminal; nothing more will come.
      guard count > 0 else {
        throw TestFailure("the terminal closed before \"\(text)\"; it shows: \(screenText)")
      }
      screen += buffer[..<count]
    }
  }

  /// Types a line, as a person at the terminal would.
  func type(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
  }

  /// Waits for rstate to exit and returns its output and status.
  func finish() -> RunResult {
    let errBox = ErrorOutput()
    let group = DispatchGroup()
    let errors = errPipe.fileHandleForReading
    DispatchQueue.global().async(group: group) {
      errBox.data = errors.readDataToEndOfFile()
    }
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RunResult(stdout: out, stderr: errBox.data, status: process.terminationStatus)
  }
}

private final class ErrorOutput: @unchecked Sendable {
  var data = Data()
}
