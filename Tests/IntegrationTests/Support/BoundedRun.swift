import Foundation
import Glibc

/// How a program run under a hard deadline ended: its status or the signal that ended it,
/// whether the harness had to kill it, how long it took and its peak resident memory.
struct BoundedResult: Sendable {
  var status: Int32?
  var signal: Int32?
  var killedAtDeadline: Bool
  var seconds: Double
  /// Peak RSS (wait4's ru_maxrss), in KiB.
  var maxRSSKiB: Int
  var stdout: [UInt8]
  var stderr: [UInt8]

  var out: String { String(decoding: stdout, as: UTF8.self) }
  var err: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs rstate as `rstate(_:)` does (clean environment, an empty working directory), but
/// reaped with wait4 so its peak memory is known, and killed with SIGKILL when it outlives
/// `deadline` seconds. At most `captureLimit` bytes of each output are kept; the rest is
/// read and dropped.
func rstateBounded(
  _ arguments: [String], stdin: [UInt8]? = nil, deadline: Double,
  captureLimit: Int = 1 << 20
) -> BoundedResult {
  var environment = [
    "PATH=/usr/bin:/bin", "HOME=\(NSTemporaryDirectory())", "COLUMNS=80", "NO_COLOR=1",
  ]
  environment.sort()
  return spawnBounded(
    rstateBinary, arguments, environment: environment, directory: emptyDirectory.path,
    stdin: stdin, deadline: deadline, captureLimit: captureLimit)
}

func spawnBounded(
  _ executable: String, _ arguments: [String], environment: [String], directory: String,
  stdin: [UInt8]?, deadline: Double, captureLimit: Int
) -> BoundedResult {
  var outPipe: [Int32] = [0, 0]
  var errPipe: [Int32] = [0, 0]
  var inPipe: [Int32] = [0, 0]
  // Close-on-exec from the start: runs spawn concurrently, and a pipe end leaked into
  // another child would hold its reader open.
  _ = GNU.pipe2(&outPipe, O_CLOEXEC)
  _ = GNU.pipe2(&errPipe, O_CLOEXEC)
  _ = GNU.pipe2(&inPipe, O_CLOEXEC)
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
  posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
  posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
  _ = GNU.addChdir(&actions, directory)
  // Linux records a process's peak RSS across exec, so a child spawned straight from this
  // large test process would report the test's own peak. A small shell starts it in the
  // background (its forked child begins with the shell's few pages), says its pid on fd 3
  // and exits; this process, a subreaper, adopts the child and reaps it with wait4.
  _ = GNU.subreaper
  var pidPipe: [Int32] = [0, 0]
  _ = GNU.pipe2(&pidPipe, O_CLOEXEC)
  posix_spawn_file_actions_adddup2(&actions, pidPipe[1], 3)
  // A background job's stdin is /dev/null unless redirected: keep the real one on fd 4.
  let script = #"exec 4<&0; "$@" <&4 4<&- 3>&- & echo $! >&3"#
  let argv = (["/bin/sh", "-c", script, "sh", executable] + arguments).map { strdup($0) } + [nil]
  let envp = environment.map { strdup($0) } + [nil]
  defer {
    argv.forEach { free($0) }
    envp.forEach { free($0) }
  }
  // The child gets SIGPIPE's default action back (the harness ignores it to write stdin).
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var defaults = sigset_t()
  sigemptyset(&defaults)
  sigaddset(&defaults, SIGPIPE)
  posix_spawnattr_setsigdefault(&attributes, &defaults)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
  signal(SIGPIPE, SIG_IGN)
  let started = Date()
  var shell: pid_t = 0
  let spawned = posix_spawn(&shell, "/bin/sh", &actions, &attributes, argv, envp)
  close(inPipe[0])
  close(outPipe[1])
  close(errPipe[1])
  close(pidPipe[1])
  var pidText: [UInt8] = []
  var byte: UInt8 = 0
  while spawned == 0, read(pidPipe[0], &byte, 1) == 1 { pidText.append(byte) }
  close(pidPipe[0])
  var shellStatus: Int32 = 0
  if spawned == 0 { while waitpid(shell, &shellStatus, 0) < 0 && errno == EINTR {} }
  let pid =
    pid_t(String(decoding: pidText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    ?? 0
  guard spawned == 0, pid > 0 else {
    close(inPipe[1])
    close(outPipe[0])
    close(errPipe[0])
    return BoundedResult(
      status: nil, signal: nil, killedAtDeadline: false, seconds: 0, maxRSSKiB: 0, stdout: [],
      stderr: Array("spawn failed: \(String(cString: strerror(spawned)))".utf8))
  }
  // The input is small (a few shell lines): written at once, then closed for EOF.
  if let stdin {
    _ = stdin.withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
  }
  close(inPipe[1])

  var outputs: [[UInt8]] = [[], []]
  var open = [outPipe[0], errPipe[0]]
  var killed = false
  var buffer = [UInt8](repeating: 0, count: 64 << 10)
  while open.contains(where: { $0 >= 0 }) {
    let left = deadline - Date().timeIntervalSince(started)
    if left <= 0 {
      kill(pid, SIGKILL)
      killed = true
      break
    }
    var entries = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    let ready = poll(&entries, nfds_t(entries.count), Int32(min(left, 1) * 1000) + 1)
    if ready < 0 && errno != EINTR { break }
    for (index, entry) in entries.enumerated() where entry.fd >= 0 && entry.revents != 0 {
      let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
      if count <= 0 {
        close(entry.fd)
        open[index] = -1
      } else if outputs[index].count < captureLimit {
        outputs[index] += buffer[..<min(count, captureLimit - outputs[index].count)]
      }
    }
  }
  for descriptor in open where descriptor >= 0 { close(descriptor) }
  var status: Int32 = 0
  var usage = rusage()
  // The outputs closed: the process is ending; wait for it, but never past the deadline.
  while true {
    let reaped = wait4(pid, &status, killed ? 0 : WNOHANG, &usage)
    if reaped == pid { break }
    if reaped < 0 && errno != EINTR { break }
    if Date().timeIntervalSince(started) > deadline {
      kill(pid, SIGKILL)
      killed = true
    } else {
      usleep(10_000)
    }
  }
  let seconds = Date().timeIntervalSince(started)
  let exited = status & 0x7F == 0
  return BoundedResult(
    status: exited ? (status >> 8) & 0xFF : nil, signal: exited ? nil : status & 0x7F,
    killedAtDeadline: killed, seconds: seconds, maxRSSKiB: usage.ru_maxrss,
    stdout: outputs[0], stderr: outputs[1])
}

/// glibc functions Swift's Glibc module leaves out (they need _GNU_SOURCE), found at run time.
enum GNU {
  typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
  typealias Accept4 =
    @convention(c) (
      Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32
    ) -> Int32
  typealias AddChdir =
    @convention(c) (
      UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
    ) -> Int32

  static let pipe2: Pipe2 = function("pipe2")
  static let accept4: Accept4 = function("accept4")
  static let addChdir: AddChdir = function("posix_spawn_file_actions_addchdir_np")

  /// prctl(PR_SET_CHILD_SUBREAPER, 1), once: orphaned descendants become this process's
  /// children.
  static let subreaper: Int32 = {
    typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    let prctl: Prctl = function("prctl")
    return prctl(36, 1, 0, 0, 0)
  }()

  private static func function<T>(_ name: String) -> T {
    guard let symbol = dlsym(nil, name) else { fatalError("glibc has no \(name)") }
    return unsafeBitCast(symbol, to: T.self)
  }
}
