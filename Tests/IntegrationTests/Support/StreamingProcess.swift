import Foundation
import Glibc

/// A program that keeps printing (MONITOR, SUBSCRIBE), run under the test's control: its
/// output read as it comes, signals sent to it, its reader closed, and its end awaited under
/// a deadline. Standard output is a pipe or a pseudo-terminal; SIGINT, SIGTERM and SIGPIPE
/// start with their default actions and unblocked, as from an interactive shell.
final class StreamingProcess {
  enum Output { case pipe, terminal }

  let pid: pid_t
  /// The read end of standard output (a pipe, or the terminal's master side); -1 once closed.
  private var outputReader: Int32
  private var errorReader: Int32
  private(set) var stdout: [UInt8] = []
  private(set) var stderr: [UInt8] = []
  private var ended: (status: Int32?, signal: Int32?)?

  var out: String { String(decoding: stdout, as: UTF8.self) }
  var err: String { String(decoding: stderr, as: UTF8.self) }

  init(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:],
    output: Output = .pipe, stdin: [UInt8]? = nil
  ) throws {
    var outPipe: [Int32] = [-1, -1]
    var errPipe: [Int32] = [-1, -1]
    var inPipe: [Int32] = [-1, -1]
    // Close-on-exec from the start: tests spawn concurrently, and a pipe end leaked into
    // another child would keep a reader (or a writer) alive.
    guard GNU.pipe2(&errPipe, O_CLOEXEC) == 0, GNU.pipe2(&inPipe, O_CLOEXEC) == 0 else {
      throw TestFailure("pipe: \(String(cString: strerror(errno)))")
    }
    switch output {
    case .pipe:
      guard GNU.pipe2(&outPipe, O_CLOEXEC) == 0 else { throw TestFailure("pipe failed") }
    case .terminal:
      outPipe = try Self.openTerminal()
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    _ = GNU.addChdir(&actions, emptyDirectory.path)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    // The test runner's threads block some signals, and children inherit the mask.
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "COLUMNS": "80"]
    env.merge(environment) { $1 }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let spawned = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    close(inPipe[0])
    close(outPipe[1])
    close(errPipe[1])
    // Writing to a child that exits early must not end the test process.
    Glibc.signal(SIGPIPE, SIG_IGN)
    if let stdin {
      _ = stdin.withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
    }
    close(inPipe[1])
    guard spawned == 0 else {
      close(outPipe[0])
      close(errPipe[0])
      throw TestFailure("cannot start \(executable): \(String(cString: strerror(spawned)))")
    }
    pid = child
    outputReader = outPipe[0]
    errorReader = errPipe[0]
  }

  deinit {
    if ended == nil {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
    if outputReader >= 0 { close(outputReader) }
    if errorReader >= 0 { close(errorReader) }
  }

  /// A pseudo-terminal: [master, slave], both close-on-exec (the slave is dup2'd onto the
  /// child's standard output, which clears the flag there).
  private static func openTerminal() throws -> [Int32] {
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    var unlock: CInt = 0
    var number: CUnsignedInt = 0
    let tiocsptlck: UInt = 0x4004_5431
    let tiocgptn: UInt = 0x8004_5430
    guard master >= 0, ioctl(master, tiocsptlck, &unlock) == 0,
      ioctl(master, tiocgptn, &number) == 0
    else { throw TestFailure("no pseudo-terminal: \(String(cString: strerror(errno)))") }
    let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard slave >= 0 else { throw TestFailure("cannot open /dev/pts/\(number)") }
    return [master, slave]
  }

  /// Reads what has arrived, waiting at most `milliseconds`; false when both outputs ended.
  @discardableResult
  private func pump(milliseconds: Int32) -> Bool {
    var entries = [outputReader, errorReader].map {
      pollfd(fd: $0, events: Int16(POLLIN), revents: 0)
    }
    guard entries.contains(where: { $0.fd >= 0 }) else { return false }
    let ready = poll(&entries, nfds_t(entries.count), milliseconds)
    guard ready > 0 else { return true }
    var buffer = [UInt8](repeating: 0, count: 64 << 10)
    for (index, entry) in entries.enumerated() where entry.fd >= 0 && entry.revents != 0 {
      let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      // 0 at the end of a pipe; EIO once no process holds the terminal.
      if count <= 0 {
        close(entry.fd)
        if index == 0 { outputReader = -1 } else { errorReader = -1 }
      } else if index == 0 {
        stdout += buffer[..<count]
      } else {
        stderr += buffer[..<count]
      }
    }
    return true
  }

  /// Waits until standard output holds `text` `count` times; fails after `seconds` (a
  /// deadline for "it hangs", not a timing assertion).
  func waitFor(_ text: String, count: Int = 1, seconds: Double = 20) throws {
    let needle = Array(text.utf8)
    let deadline = Date().addingTimeInterval(seconds)
    while Self.occurrences(of: needle, in: stdout) < count {
      guard Date() < deadline, outputReader >= 0 || errorReader >= 0 else {
        throw TestFailure(
          "\(count) × \"\(text)\" did not appear; output: \(out.debugDescription), "
            + "errors: \(err.debugDescription)")
      }
      pump(milliseconds: 100)
    }
  }

  static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
    guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
    var found = 0
    var index = 0
    while index + needle.count <= haystack.count {
      if haystack[index..<index + needle.count].elementsEqual(needle) {
        found += 1
        index += needle.count
      } else {
        index += 1
      }
    }
    return found
  }

  /// True while the process has not exited (reaping it if it has).
  var isRunning: Bool {
    if ended != nil { return false }
    var status: Int32 = 0
    guard waitpid(pid, &status, WNOHANG) == pid else { return true }
    record(status)
    return false
  }

  func signal(_ number: Int32) { kill(pid, number) }

  /// Closes the read end of standard output: the reader went away.
  func closeOutput() {
    if outputReader >= 0 { close(outputReader) }
    outputReader = -1
  }

  /// Waits for the process to exit and its outputs to end; kills it and fails after
  /// `seconds`.
  @discardableResult
  func finish(seconds: Double = 20) throws -> (status: Int32?, signal: Int32?) {
    let deadline = Date().addingTimeInterval(seconds)
    while isRunning || outputReader >= 0 || errorReader >= 0 {
      guard Date() < deadline else {
        kill(pid, SIGKILL)
        throw TestFailure(
          "still running after \(seconds) s; output: \(out.debugDescription), errors: "
            + err.debugDescription)
      }
      // A terminal's master reports EIO only once the child closed it: pump until then.
      if !pump(milliseconds: 50) { usleep(10_000) }
    }
    return ended!
  }

  private func record(_ status: Int32) {
    let exited = status & 0x7F == 0
    ended = (exited ? (status >> 8) & 0xFF : nil, exited ? nil : status & 0x7F)
  }
}
