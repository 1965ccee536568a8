import Glibc
import RStateCore

/// Shell replies longer than the screen through `$PAGER`, or `less -FRX` without one: -R
/// lets redis-cli's colours (help) through as colours, -X leaves the reply on the screen
/// after `q`, -F quits at once should it fit after all. git runs less with the same flags,
/// pgcli and mycli nearly so; -S (chopping long lines) is left out because it would hide the
/// end of long values. PAGER is split at blanks and run without a shell; an empty PAGER turns
/// paging off, as in git.
final class Pager {
  private let command: [String]?
  /// Set once the pager failed to start: said once, then replies print directly.
  private var failed = false

  init(environment: [String: String]) {
    let words = (environment["PAGER"] ?? "less -FRX").split(whereSeparator: {
      $0 == " " || $0 == "\t"
    })
    command = words.isEmpty ? nil : words.map(String.init)
  }

  /// Shows `bytes` through the pager when standard output is a terminal they do not fit
  /// above the prompt; false when they were not shown (they fit, or the pager did not start).
  func showIfLong(_ bytes: [UInt8]) -> Bool {
    guard let command, !failed, isatty(STDOUT_FILENO) == 1 else { return false }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0,
      Manners.rows(bytes, columns: Int(size.ws_col)) >= Int(size.ws_row)
    else { return false }
    return show(bytes, through: command)
  }

  /// Writes the bytes to the pager's standard input and waits for it to end; the pager
  /// draws on the terminal itself.
  private func show(_ bytes: [UInt8], through command: [String]) -> Bool {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return false }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // The pager keeps only the reading end, as its standard input: it sees the end of the
    // reply when rstate closes the other.
    posix_spawn_file_actions_adddup2(&actions, ends[0], STDIN_FILENO)
    posix_spawn_file_actions_addclose(&actions, ends[0])
    posix_spawn_file_actions_addclose(&actions, ends[1])
    var arguments = command.map { strdup($0) } + [nil]
    defer { for argument in arguments { free(argument) } }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, command[0], &actions, nil, &arguments, environ)
    close(ends[0])
    guard spawned == 0 else {
      close(ends[1])
      failed = true
      Terminal.diagnostic(
        "rstate: cannot start the pager \(command[0]) (PAGER): \(systemErrorMessage(spawned)); "
          + "long replies print directly (:set nopager stops paging)")
      return false
    }
    // Quitting the pager early closes the pipe: the rest of the reply is not wanted, and the
    // write fails with EPIPE instead of ending rstate with SIGPIPE.
    let previous = signal(SIGPIPE, SIG_IGN)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        break
      }
      offset += written
    }
    close(ends[1])
    signal(SIGPIPE, previous)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return true
  }
}
