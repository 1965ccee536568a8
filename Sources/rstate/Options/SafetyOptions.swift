import ArgumentParser
import Glibc
import RStateCore

/// The switches every command that deletes or overwrites takes.
struct SafetyOptions: ParsableArguments {
  @Flag(help: "Go ahead without asking (required when standard input is not a terminal).")
  var yes = false

  @Flag(help: "Show what would change and change nothing.")
  var dryRun = false

  /// Asks for a typed confirmation on a terminal, or requires --yes elsewhere. Throws when
  /// the user declines, so nothing is changed.
  func confirm(_ question: String, accepting answers: [String], action: String) throws {
    if yes { return }
    guard Terminal.stdinIsTTY else {
      throw RStateError.usage(
        "refusing to \(action) without --yes, since standard input is not a terminal; "
          + "nothing was changed (use --dry-run to preview)")
    }
    Terminal.diagnostic(question, newline: false)
    let answer = (Terminal.readLine() ?? "").split(whereSeparator: \.isWhitespace).joined(
      separator: " ")
    guard answers.contains(answer) else {
      throw RStateError.declined("not confirmed; nothing was changed")
    }
  }
}
