import ArgumentParser
import Testing

@testable import rstate

@Suite struct ParsingTests {
  @Test func execPassesDashWordsThrough() throws {
    let parsed = try RState.parse([
      "exec", "-p", "7000", "ZRANGEBYSCORE", "z", "-inf", "+inf", "-x",
    ])
    let exec = try #require(parsed as? RState.Exec)
    #expect(exec.words == ["ZRANGEBYSCORE", "z", "-inf", "+inf", "-x"])
    #expect(exec.connection.port == "7000")
    #expect(!exec.oneShot.stdinArgument)
  }

  @Test func redisCLILetters() throws {
    let parsed = try RState.parse([
      "ping", "-h", "cache", "-p", "6380", "-n", "2", "-a", "pw", "-u", "redis://x", "-s", "/s",
      "-t", "1.5",
    ])
    let ping = try #require(parsed as? RState.Ping)
    #expect(ping.connection.host == "cache")
    #expect(ping.connection.port == "6380")
    #expect(ping.database.db == "2")
    #expect(ping.connection.password == "pw")
    #expect(ping.connection.url == "redis://x")
    #expect(ping.connection.socket == "/s")
    #expect(ping.connection.connectTimeout == "1.5")
  }

  /// With no subcommand the shell runs, with the flags given; a word that is not a
  /// subcommand is the shell's (and refused there, as before).
  @Test func noSubcommandMeansTheShell() throws {
    #expect(try RState.parse([]) is RState.Repl)
    let shell = try #require(try RState.parse(["-p", "6380", "--no-raw"]) as? RState.Repl)
    #expect(shell.connection.port == "6380")
    #expect(try RState.parse(["ping", "-p", "6380"]) is RState.Ping)
    #expect(RState.routed(["--version"]) == ["--version"])
    #expect(RState.routed(["help", "ping"]) == ["help", "ping"])
  }

  @Test func questionMarkIsHelpBecauseDashHIsTheHost() {
    let parsed = try? RState.parse(["ping", "-?"])
    #expect(parsed.map { String(describing: type(of: $0)) } == "HelpCommand")
    let help = RState.helpMessage(for: RState.Ping.self, columns: 80)
    #expect(help.contains("-h, --host <host>"))
    #expect(help.contains("-?, --help"))
  }

  @Test(arguments: [
    (["ping", "--all-nodes", "--count", "2"], "--all-nodes cannot be used with --count or --wait"),
    (["ping", "--json"], "--json needs --count"),
    (["info", "--raw", "--json"], "--raw and --json cannot be used together"),
    (["exec", "-x", "-X", "t", "SET", "k", "t"], "-x and -X cannot be used together"),
    (["-2", "-3", "PING"], "-2 and -3 cannot be used together"),
    (
      ["-r", "many", "INCR", "x"],
      "The value 'many' is invalid for '-r <N>': must be a whole number (negative: until "
        + "interrupted)"
    ),
    (
      ["-i", "-1", "INCR", "x"],
      "The value '-1' is invalid for '-i <seconds>': must be a number of seconds, 0 or more"
    ),
    (["exec"], "Missing the command to run, as in: exec GET key"),
    (
      ["ping", "--env-file", "x", "--no-env-file"],
      "--env-file and --no-env-file cannot be used together"
    ),
  ])
  func usageErrors(arguments: [String], message: String) {
    do {
      _ = try RState.parse(arguments)
      Issue.record("expected a usage error for \(arguments)")
    } catch {
      #expect(RState.message(for: error) == message)
      #expect(RState.exitCode(for: error) == ExitCode.validationFailure)
    }
  }

  /// A negative number was "Missing value for '--count <n>'" (argument-parser took it for
  /// a flag); numbers out of range (or no whole number at all) name the flag and the range.
  @Test(arguments: [
    (
      ["keys", "--count", "-5"],
      "'-5' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["keys", "--count=-5"],
      "'-5' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["keys", "--count", "1e300"],
      "'1e300' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["keys", "--count", "inf"],
      "'inf' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["ttl", "--pattern", "*", "--count", "nan"],
      "'nan' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["keys", "--limit", "-1"],
      "'-1' is invalid for '--limit <limit>': must be a whole number of 1 or more"
    ),
    (
      ["keys", "--limit", "0"],
      "'0' is invalid for '--limit <limit>': must be a whole number of 1 or more"
    ),
    (
      ["ttl", "--pattern", "*", "--set", "-5"],
      "'-5' is invalid for '--set <seconds>': must be a whole number from 1 to 3153600000"
    ),
    (
      ["ttl", "--pattern", "*", "--set", "9300000000000000"],
      "'9300000000000000' is invalid for '--set <seconds>': must be a whole number from 1 to 3153600000"
    ),
    (
      ["ns", "--sample", "-1"],
      "'-1' is invalid for '--sample <n>': must be a whole number from 1 to 10000000"
    ),
    (
      ["flush", "--pattern", "*", "--count", "0"],
      "'0' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
  ])
  func numbersOutOfRangeNameTheFlagAndRange(arguments: [String], message: String) {
    do {
      _ = try RState.parse(arguments)
      Issue.record("expected a usage error for \(arguments)")
    } catch {
      #expect(RState.message(for: error) == "The value " + message)
      #expect(RState.exitCode(for: error) == ExitCode.validationFailure)
    }
  }

  /// Negative values of the connection options reach the settings resolver, which names the
  /// range (tested in SettingsResolverTests).
  @Test func negativeConnectionNumbersAreValues() throws {
    let parsed = try RState.parse([
      "keys", "-p", "-5", "-n", "-1", "-t", "-1", "--socket-timeout", "-2",
    ])
    let keys = try #require(parsed as? RState.Keys)
    #expect(keys.connection.port == "-5")
    #expect(keys.database.db == "-1")
    #expect(keys.connection.connectTimeout == "-1")
    #expect(keys.connection.socketTimeout == "-2")
    let flush = try #require(try RState.parse(["flush", "-n", "-3", "--db"]) as? RState.Flush)
    #expect(flush.databaseNumber == "-3")
  }

  @Test func typesAreCheckedBeforeAnythingIsScanned() throws {
    do {
      _ = try RState.parse(["keys", "--type", "hsh"])
      Issue.record("expected a usage error")
    } catch {
      #expect(
        RState.message(for: error)
          == "--type hsh is not a Redis type (did you mean hash?): give one of string, list, "
          + "set, zset, hash, stream, or a module's 9-character type name as TYPE shows it")
      #expect(RState.exitCode(for: error) == ExitCode.validationFailure)
    }
    #expect(throws: (any Error).self) {
      try RState.parse(["ttl", "--pattern", "*", "--summary", "--type", "strings2"])
    }
    for type in ["string", "HASH", "zset", "stream", "ReJSON-RL", "MBbloom--"] {
      #expect((try? RState.parse(["keys", "--type", type])) is RState.Keys, "\(type)")
    }
  }

  /// `exec --help` took --help for the command to send and connected to 127.0.0.1:6379.
  @Test(arguments: [["exec", "--help"], ["exec", "-?"], ["exec", "-p", "1", "--help", "x"]])
  func execHelpIsHelp(arguments: [String]) {
    do {
      _ = try RState.parse(arguments)
      Issue.record("expected help")
    } catch {
      #expect(RState.exitCode(for: error) == ExitCode.success)
      #expect(RState.fullMessage(for: error).contains("OVERVIEW: Run one Redis command"))
    }
    // After the command name, --help is an argument like any other.
    let echo = try? RState.parse(["exec", "ECHO", "--help"]) as? RState.Exec
    #expect(echo?.words == ["ECHO", "--help"])
  }

  @Test func exitStatusTableIsInTheHelp() {
    let help = RState.helpMessage(columns: 80)
    #expect(help.contains("EXIT STATUS:"))
    #expect(help.contains("64  usage error"))
    #expect(ExitStatus.usage == 64)
  }

  /// `rstate -a PW ping` was "Unexpected argument 'ping'" (the words went to the shell).
  @Test func optionsMayComeBeforeTheSubcommand() throws {
    let ping = try #require(try RState.parse(["-a", "PW", "ping", "--wait", "3"]) as? RState.Ping)
    #expect(ping.connection.password == "PW")
    #expect(ping.wait == 3)
    let keys = try #require(
      try RState.parse(["-u", "redis://h:1", "keys", "--pattern", "x:*"]) as? RState.Keys)
    #expect(keys.connection.url == "redis://h:1")
    #expect(keys.scan.pattern == "x:*")
    let info = try #require(try RState.parse(["-p", "6380", "-n", "2", "info"]) as? RState.Info)
    #expect(info.connection.port == "6380")
    #expect(info.database.db == "2")
    // Values that look like options are still values; `--opt=value` is one word.
    let negative = try #require(
      try RState.parse(["-p", "-5", "--port=7", "--tls", "-n", "-1", "ttl", "k"]) as? RState.TTL)
    #expect(negative.connection.port == "7")
    #expect(negative.database.db == "-1")
    #expect(negative.connection.tlsFlags.tls)
    #expect(negative.keys == ["k"])
    // A help flag before the subcommand asks for its help.
    #expect(RState.routed(["-p", "1", "--help", "ping"]) == ["ping", "-p", "1", "--help"])
    #expect(RState.routed(["-p", "1", "--help"]) == ["--help"])
    #expect(RState.routed(["-p", "1", "-?", "GET", "k"]) == ["--help"])
    #expect(RState.routed(["-p", "1"]) == ["repl", "-p", "1"])
    // `--` ends the options: what follows is the command.
    #expect(RState.routed(["-p", "1", "--", "GET", "-k"]) == ["exec", "-p", "1", "GET", "-k"])
    #expect(RState.routed(["--", "ping"]) == ["ping"])
  }

  /// The rule for names shared with Redis: the lowercase word is rstate's subcommand, any
  /// other spelling Redis's command; any other first word is a Redis command run as exec.
  @Test func aWordThatIsNoSubcommandIsARedisCommand() throws {
    let dbsize = try #require(try RState.parse(["-p", "6380", "DBSIZE"]) as? RState.Exec)
    #expect(dbsize.words == ["DBSIZE"])
    #expect(dbsize.connection.port == "6380")
    let zrange = try #require(
      try RState.parse(["-a", "pw", "ZRANGEBYSCORE", "z", "-inf", "+inf", "-x"]) as? RState.Exec)
    #expect(zrange.words == ["ZRANGEBYSCORE", "z", "-inf", "+inf", "-x"])
    #expect(zrange.connection.password == "pw")
    #expect(!zrange.oneShot.stdinArgument)
    for word in ["PING", "INFO", "Info", "KEYS", "TTL", "EXEC", "MIGRATE", "get", "dbsize"] {
      let exec = try #require(try RState.parse([word]) as? RState.Exec, "\(word)")
      #expect(exec.words == [word])
    }
    #expect(try RState.parse(["ping"]) is RState.Ping)
    #expect(try RState.parse(["info"]) is RState.Info)
    #expect(try RState.parse(["keys"]) is RState.Keys)
    #expect(try RState.parse(["ttl", "k"]) is RState.TTL)
    #expect(try RState.parse(["exec", "GET", "k"]) is RState.Exec)
    #expect(Route(["-n", "2", "INFO", "keyspace"]).redisCommand == "INFO")
    #expect(Route(["-n", "2", "info", "keyspace"]).redisCommand == nil)
  }

  /// An option before the command that exec does not have was sent to the server as the
  /// command (`rstate --jsno GET k` sent `--jsno GET k`).
  @Test func anUnknownOptionBeforeARedisCommandIsAUsageError() {
    for arguments in [
      ["--jsno", "GET", "k"], ["exec", "--stat", "GET", "k"], ["-R", "5", "INCR"],
    ] {
      do {
        _ = try RState.parse(arguments)
        Issue.record("expected a usage error for \(arguments)")
      } catch {
        #expect(
          RState.message(for: error) == "Unknown option '\(arguments.first { $0 != "exec" }!)'")
        #expect(RState.exitCode(for: error) == ExitCode.validationFailure)
      }
    }
  }

  @Test func keysTakesTheGlobPositionally() throws {
    let keys = try #require(try RState.parse(["keys", "session:*"]) as? RState.Keys)
    #expect(keys.glob == "session:*")
    let first = try #require(
      try RState.parse(["-u", "redis://h", "keys", "x:*", "--long"]) as? RState.Keys)
    #expect(first.glob == "x:*")
    #expect(first.long)
    for extra in [["--pattern", "y:*"], ["--namespace", "celery.results"], ["--namespaces"]] {
      #expect(throws: (any Error).self) { try RState.parse(["keys", "x:*"] + extra) }
    }
  }

  /// The router skips the values of the options every subcommand shares; its table must list
  /// exactly the options of ConnectionOptions, TLSFlags, DatabaseOption, ReplyFormatOptions
  /// and OneShotOptions: exec has those and nothing else, and the shell all but the last.
  @Test func globalOptionTableMatchesParser() {
    let shell = Suggestions.optionNames(
      inHelp: RState.helpMessage(for: RState.Repl.self, includeHidden: true, columns: 10_000))
    let help = RState.helpMessage(for: RState.Exec.self, includeHidden: true, columns: 10_000)
    #expect(shell.isSubset(of: Suggestions.optionNames(inHelp: help)))
    var valued: Set<String> = []
    var flags: Set<String> = []
    for line in help.split(separator: "\n") {
      let trimmed = line.drop { $0 == " " }
      guard trimmed.first == "-", let synopsis = trimmed.split(separator: "  ").first else {
        continue
      }
      for part in synopsis.split(separator: ",") {
        let words = part.split(separator: " ")
        guard let name = words.first.map(String.init) else { continue }
        if ["--help", "-?", "--version"].contains(name) { continue }
        if synopsis.contains("<") { valued.insert(name) } else { flags.insert(name) }
      }
    }
    #expect(
      valued == GlobalOptions.takingValue,
      "GlobalOptions.takingValue should be \(valued.sorted().map { "\"\($0)\"" })")
    #expect(
      flags == GlobalOptions.flags,
      "GlobalOptions.flags should be \(flags.sorted().map { "\"\($0)\"" })")
  }

  /// Subcommands parsed on their own (the fast path) listed `-h, --help` although -h is the
  /// host.
  @Test func everySubcommandsHelpIsQuestionMark() {
    for subcommand in RState.configuration.subcommands {
      let help = subcommand.helpMessage(columns: 80)
      #expect(help.contains("-?, --help"), "\(subcommand)")
      #expect(!help.contains("-h, --help"), "\(subcommand)")
    }
  }

  /// argument-parser suggested its nearest name whatever the distance.
  @Test(arguments: [
    (
      "Unknown option '--json'. Did you mean '--user'?", "health", true,
      "unknown option '--json' of 'rstate health'; it is an option of 'rstate ping', "
        + "'rstate info', 'rstate exec', 'rstate keys', 'rstate ns', 'rstate ttl', "
        + "'rstate flush', 'rstate migrate', 'rstate repl'"
    ),
    (
      "Unknown option '--scan'. Did you mean '--sni'?", "repl", false,
      "unknown option '--scan': redis-cli --scan is 'rstate keys [GLOB]' (SCAN; also --type, "
        + "--count, --limit)"
    ),
    (
      "Unknown option '--pattern'. Did you mean '--master'?", "ping", true,
      "unknown option '--pattern' of 'rstate ping'; it is an option of 'rstate keys', "
        + "'rstate ttl', 'rstate flush', 'rstate migrate'"
    ),
    (
      "Unknown option '--stat'", "exec", false,
      "unknown option '--stat': rstate has no redis-cli --stat; 'rstate info' summarises the "
        + "server (ops/s, memory, clients, keys) once, 'rstate health' checks it"
    ),
    (
      "Unknown option '--jsno'. Did you mean '--sni'?", "keys", true,
      "unknown option '--jsno' (did you mean '--json'?)"
    ),
    (
      "Unknown option '--al-nodes'", "ping", true,
      "unknown option '--al-nodes' (did you mean '--all-nodes'?)"
    ),
    ("Unknown option '--bogus'. Did you mean '--host'?", "ping", true, "unknown option '--bogus'"),
    ("Missing value for '-h <host>'", "ping", true, "Missing value for '-h <host>'"),
    (
      "Unknown option '--scna'", "repl", false,
      "unknown option '--scna' (did you mean '--scan'? redis-cli --scan is 'rstate keys [GLOB]' "
        + "(SCAN; also --type, --count, --limit))"
    ),
  ])
  func unknownOptionsGetUsefulSuggestions(
    message: String, subcommand: String, named: Bool, expected: String
  ) {
    #expect(
      Suggestions.rewritingUnknownOption(message, in: subcommand, named: named) == expected)
  }

  @Test func mistypedSubcommandsAreSuggestedUnlessRedisHasTheWord() {
    #expect(Suggestions.subcommand(near: "kyes") == "keys")
    #expect(Suggestions.subcommand(near: "pnig") == "ping")
    #expect(Suggestions.subcommand(near: "helth") == "health")
    #expect(Suggestions.subcommand(near: "migrat") == "migrate")
    #expect(Suggestions.subcommand(near: "flsuh") == "flush")
    // Redis commands (7.0's table and newer), other spellings and far words go to the server.
    for word in ["del", "get", "pttl", "httl", "exists", "KYES", "Kyes", "foo", "ns", "xyz"] {
      #expect(Suggestions.subcommand(near: word) == nil, "\(word)")
    }
    // After a mistyped option the word may be its value, a password: never quoted.
    do {
      _ = try RState.parse(["--pas", "pnig"])
      Issue.record("expected a usage error")
    } catch {
      #expect(RState.message(for: error) == "Unknown option '--pas'")
    }
    do {
      _ = try RState.parse(["-p", "1", "kyes", "x"])
      Issue.record("expected a usage error")
    } catch {
      #expect(
        RState.message(for: error)
          == "'kyes' is not an rstate command or a Redis command (did you mean 'keys'?)")
      #expect(RState.exitCode(for: error) == ExitCode.validationFailure)
    }
  }

  /// ping answers only 0 or 1 and health speaks Nagios, with the options before them too.
  @Test func parsingFailuresOfPingAndHealthKeepTheirStatus() {
    #expect(ExitStatus.parsingFailure(command: Route(["-p", "1", "ping", "--x"]).subcommand) == 1)
    #expect(ExitStatus.parsingFailure(command: Route(["-a", "p", "health"]).subcommand) == 3)
    #expect(ExitStatus.parsingFailure(command: Route(["-p", "1", "GET"]).subcommand) == nil)
  }

  /// argument-parser validates a command before it reports unknown options: `ttl --jsno`
  /// said "give keys, or --pattern with --summary or --set SECONDS".
  @Test(arguments: [
    (["ttl", "--jsno"], "--jsno"), (["flush", "--pattern", "x:*", "--jsno", "--db"], "--jsno"),
    (["-p", "1", "ttl", "--patern", "x", "--summary"], "--patern"),
  ])
  func unknownOptionsAreNamedBeforeValidation(arguments: [String], unknown: String) {
    do {
      _ = try RState.parse(arguments)
      Issue.record("expected a usage error for \(arguments)")
    } catch {
      #expect(RState.message(for: error).hasPrefix("Unknown option '\(unknown)'"), "\(arguments)")
    }
  }
}
