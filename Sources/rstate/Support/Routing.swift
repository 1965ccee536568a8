import RStateCore

/// Where an argument list goes, decided by scanning the words rather than by argument-parser,
/// so that `rstate ping` builds no option set but ping's (start-up is mostly its reflection).
///
/// The connection and output options (`-h -p -a -u -n --tls --raw …`) may come before the
/// subcommand, as redis-cli users write them: `rstate -a PW ping` is `rstate ping -a PW`.
/// After them, the first word decides:
/// - an rstate subcommand, spelt as such (lowercase): that subcommand, the options moved
///   after it;
/// - any other word: a Redis command, run as `rstate exec` runs it, so `rstate -p 6380 DBSIZE`
///   and `rstate INFO` print what redis-cli prints. `PING`, `INFO`, `KEYS`, `TTL`, `EXEC`
///   and `MIGRATE` in any spelling but lowercase are therefore Redis's;
/// - no word: the shell.
struct Route: Equatable {
  /// The arguments for argument-parser, the subcommand first.
  var arguments: [String]
  /// The first word that is not an option, when it is a Redis command run as `exec`.
  var redisCommand: String?
  /// True when the user named the subcommand (not the shell or `exec` chosen for them).
  var named: Bool
  /// True when an option the router does not know came before `redisCommand`.
  var afterUnknownOption = false

  static let subcommandNames: [String] = RState.configuration.subcommands.compactMap {
    $0.configuration.commandName
  }

  init(arguments: [String], redisCommand: String? = nil, named: Bool) {
    self.arguments = arguments
    self.redisCommand = redisCommand
    self.named = named
  }

  init(_ words: [String]) {
    let repl = RState.Repl.configuration.commandName!
    let exec = RState.Exec.configuration.commandName!
    guard let first = words.first else {
      self.init(arguments: [repl], named: false)
      return
    }
    if RState.rootWords.contains(first) || first.hasPrefix("--generate-completion-script=") {
      self.init(arguments: words, named: true)
      return
    }
    var index = 0
    var endOfOptions = false
    var unknownOption = false
    while index < words.count, words[index].hasPrefix("-"), words[index] != "-" {
      // `--` ends the options, as with argument-parser: the command follows.
      if words[index] == "--" {
        endOfOptions = true
        break
      }
      if GlobalOptions.takingValue.contains(words[index]) {
        index += 2
      } else {
        if !GlobalOptions.flags.contains(words[index]) { unknownOption = true }
        index += 1
      }
    }
    let options = Array(words.prefix(index))
    if endOfOptions { index += 1 }
    let askedForHelp = options.contains("--help") || options.contains("-?")
    guard index < words.count else {
      // Options only: the shell, as redis-cli's; with a help flag, rstate's own help.
      self.init(arguments: askedForHelp ? ["--help"] : [repl] + words, named: false)
      return
    }
    let word = words[index]
    let rest = Array(words[(index + 1)...])
    if Self.subcommandNames.contains(word) {
      self.init(arguments: [word] + options + rest, named: true)
    } else if RState.rootWords.contains(word) {
      self.init(arguments: [word] + rest, named: true)
    } else if askedForHelp {
      self.init(arguments: ["--help"], named: true)
    } else {
      self.init(arguments: [exec] + options + [word] + rest, redisCommand: word, named: false)
      // The word may be the value of a mistyped option (`--pas secret`): exec names the
      // option, and the word is never quoted in a suggestion.
      afterUnknownOption = unknownOption
    }
  }

  /// The name of the subcommand the arguments go to.
  var subcommand: String? { arguments.first.flatMap { $0.hasPrefix("-") ? nil : $0 } }
}

/// The options every subcommand that talks to Redis shares (ConnectionOptions, TLSFlags,
/// DatabaseOption, ReplyFormatOptions) and exec's OneShotOptions (`rstate -r 3 INCR x`), as
/// the router must know them to skip their values.
/// Kept equal to exec's options by RStateCLITests/ParsingTests (`globalOptionTableMatchesParser`),
/// which prints the table to paste when an option is added; read at start-up without
/// building the option sets.
enum GlobalOptions {
  static let takingValue: Set<String> = [
    "--cacert", "--cacertdir", "--cert", "--config", "--connect-timeout", "--connection", "--db",
    "--env-file", "--host", "--key", "--master", "--pass", "--port", "--sentinel",
    "--sentinel-pass", "--sentinel-user", "--sni", "--socket", "--socket-timeout",
    "--tls-ciphers", "--tls-ciphersuites", "--url", "--user", "-D", "-X", "-a", "-d", "-h", "-i",
    "-n", "-p", "-r", "-s", "-t", "-u",
  ]
  static let flags: Set<String> = [
    "--askpass", "--cluster", "--csv", "--insecure", "--json", "--no-auth-warning",
    "--no-env-file", "--no-raw", "--quoted-input", "--quoted-json", "--raw", "--tls", "--verbose",
    "-2", "-3", "-c", "-e", "-x",
  ]
}
