import Glibc

/// `-r`: a command that repeats (forever with -r -1) must stop at Ctrl-C and SIGTERM, with
/// their default action as in redis-cli, even when the parent handed them down blocked
/// (supervisors and test runners do; an ignored signal stays ignored, as its parent wished).
enum Repetition {
  static func allowStopping() {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    sigprocmask(SIG_UNBLOCK, &signals, nil)
  }
}
