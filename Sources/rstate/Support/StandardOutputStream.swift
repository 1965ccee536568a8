import Glibc
import RStateCore

/// Standard output for MONITOR and SUBSCRIBE: every message written as it arrives, Ctrl-C
/// and SIGTERM turned into a clean stop, and a closed pipe (`| head -3`) noticed as one,
/// whether by a failed write or while waiting, so that nothing ends rstate by a signal.
final class StandardOutputStream: MessageStreamOutput {
  /// Called first: output buffered before the stream goes out ahead of it.
  private let before: () -> Void
  private var saved: [(signal: Int32, action: sigaction)] = []
  private var writeFailed = false

  init(before: @escaping () -> Void = {}) {
    self.before = before
  }

  /// The signal that asked to stop (SIGINT or SIGTERM), 0 for none yet.
  private nonisolated(unsafe) static var received: sig_atomic_t = 0

  func begin() {
    before()
    Self.received = 0
    var stop = sigaction()
    stop.__sigaction_handler.sa_handler = { StandardOutputStream.received = $0 }
    sigemptyset(&stop.sa_mask)
    // No SA_RESTART: a write blocked on a full pipe returns, and the stop is seen.
    stop.sa_flags = 0
    var ignore = sigaction()
    ignore.__sigaction_handler.sa_handler = SIG_IGN
    sigemptyset(&ignore.sa_mask)
    for (signal, action) in [(SIGINT, stop), (SIGTERM, stop), (SIGPIPE, ignore)] {
      var previous = sigaction()
      sigaction(signal, nil, &previous)
      // A signal ignored by whoever started rstate stays ignored (`rstate MONITOR > log &`
      // in a script, where Ctrl-C is meant for the foreground job).
      if signal != SIGPIPE && Self.isIgnored(previous) { continue }
      var action = action
      sigaction(signal, &action, nil)
      saved.append((signal, previous))
    }
    // A parent may hand them down blocked (test runners and supervisors do); they must
    // still stop the stream.
    var stops = sigset_t()
    sigemptyset(&stops)
    sigaddset(&stops, SIGINT)
    sigaddset(&stops, SIGTERM)
    sigprocmask(SIG_UNBLOCK, &stops, nil)
  }

  private static func isIgnored(_ action: sigaction) -> Bool {
    guard let handler = action.__sigaction_handler.sa_handler else { return false }
    return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
  }

  func end() {
    for (signal, action) in saved.reversed() {
      var action = action
      sigaction(signal, &action, nil)
    }
    saved = []
  }

  var stop: MessageStream.Stop? {
    switch Self.received {
    case SIGINT: return .interrupted
    case SIGTERM: return .terminated
    default: break
    }
    if writeFailed { return .readerGone }
    // The reader of a pipe or socket went away: poll says so without a write.
    var output = pollfd(fd: STDOUT_FILENO, events: 0, revents: 0)
    if poll(&output, 1, 0) > 0, output.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
      return .readerGone
    }
    return nil
  }

  func write(_ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count)
      }
      if written < 0 {
        let failure = errno
        // Interrupted by Ctrl-C or SIGTERM while the reader is slow: `stop` says so next.
        if failure == EINTR { if Self.received == 0 { continue } else { return true } }
        writeFailed = true
        return false
      }
      offset += written
    }
    return true
  }
}
