import ArgumentParser
import Glibc
import RStateCore

/// redis-cli's flags for a command given on the command line (`rstate -r 3 INCR x`,
/// `rstate exec -x SET k`): repeating it, reading an argument from standard input, quoted
/// arguments, and -e.
struct OneShotOptions: ParsableArguments {
  @Option(
    name: .customShort("r"), parsing: .unconditional,
    help: ArgumentHelp(
      "Run the command N times (0: not at all; negative: until interrupted).",
      valueName: "N"),
    transform: OneShotOptions.repeatCount)
  var repeatCount: Int = 1

  @Option(
    name: .customShort("i"), parsing: .unconditional,
    help: ArgumentHelp(
      "Wait this many seconds after each time the command runs (decimals allowed).",
      valueName: "seconds"),
    transform: OneShotOptions.interval)
  var interval: Double = 0

  @Flag(
    name: .customShort("e"),
    help: "On an error reply print its text on stderr, not stdout, and stop (exit 1).")
  var errorsToStderr = false

  @Flag(
    name: .customShort("x"), help: "Read the last argument from standard input (to its end).")
  var stdinArgument = false

  @Option(
    name: .customShort("X"),
    help: ArgumentHelp(
      "Read standard input into the argument equal to this tag.", valueName: "tag"))
  var stdinTag: String?

  @Flag(
    help: ArgumentHelp(
      "Read each argument as one quoted string, as the shell reads words (\"\\x41\" is A)."))
  var quotedInput = false

  func validate() throws {
    if stdinArgument && stdinTag != nil {
      throw ValidationError("-x and -X cannot be used together")
    }
  }

  /// The command's arguments: each word unquoted with --quoted-input, then standard input
  /// placed as -x or -X say. Mistakes are usage errors found before anything is read.
  func arguments(from words: [[UInt8]]) throws(RStateError) -> [[UInt8]] {
    var arguments = words
    if quotedInput {
      for (index, word) in words.enumerated() {
        // One token exactly, as redis-cli's unquoteCString; the word itself is not quoted
        // back, since it may be a password.
        guard let tokens = Tokenizer.split(word), tokens.count == 1 else {
          throw .usage(
            "--quoted-input: argument \(index + 1) is not one quoted string (a quote left "
              + "open, or a space outside quotes)")
        }
        arguments[index] = tokens[0]
      }
    }
    if let stdinTag {
      guard let index = arguments.firstIndex(of: Array(stdinTag.utf8)) else {
        throw .usage(
          "-X \(stdinTag): no argument is '\(stdinTag)'; write it where standard input goes, "
            + "as in: -X \(stdinTag) SET key \(stdinTag)")
      }
      arguments[index] = try TextFile.readAll(fd: STDIN_FILENO, name: "standard input")
    } else if stdinArgument {
      arguments.append(try TextFile.readAll(fd: STDIN_FILENO, name: "standard input"))
    }
    return arguments
  }

  @Sendable static func repeatCount(_ text: String) throws -> Int {
    guard let value = Int(text) else {
      throw ValidationError("must be a whole number (negative: until interrupted)")
    }
    return value
  }

  @Sendable static func interval(_ text: String) throws -> Double {
    guard let value = Double(text), value.isFinite, value >= 0 else {
      throw ValidationError("must be a number of seconds, 0 or more")
    }
    return value
  }
}
