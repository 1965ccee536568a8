import Glibc

/// Ctrl-C in the interactive shell: at the prompt it leaves (exit 0, as redis-cli does);
/// while a command runs or messages stream it only raises a flag, and the shell returns to
/// the prompt.
enum Interrupts {
  private nonisolated(unsafe) static var pressed: sig_atomic_t = 0
  /// Set while readline waits at the prompt.
  nonisolated(unsafe) static var atPrompt: sig_atomic_t = 0

  static func install() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      if Interrupts.atPrompt != 0 { _exit(0) }
      Interrupts.pressed = 1
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    // A parent may hand down SIGINT blocked (test runners and some supervisors do); Ctrl-C
    // must still reach the handler.
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    sigprocmask(SIG_UNBLOCK, &interrupt, nil)
  }

  /// True after a Ctrl-C that was not taken yet.
  static var isPending: Bool { pressed != 0 }

  /// True once after each Ctrl-C.
  static func take() -> Bool {
    guard pressed != 0 else { return false }
    pressed = 0
    return true
  }
}
