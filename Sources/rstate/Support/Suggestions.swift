import ArgumentParser
import RStateCore

/// "Did you mean" that helps: rstate's way of doing what a redis-cli flag does, the
/// subcommands that have an option, or a real near-miss; never argument-parser's nearest
/// name whatever its distance (`--json` → `--user`).
enum Suggestions {
  /// redis-cli flags that no rstate command has, and what to use instead.
  static let redisCLIFlags: [String: String] = {
    let scan = "redis-cli --scan is 'rstate keys [GLOB]' (SCAN; also --type, --count, --limit)"
    let bigKeys =
      "rstate has no redis-cli --bigkeys/--memkeys; 'rstate keys --long' shows each key's type, "
      + "TTL and memory, 'rstate ns' the memory of each namespace"
    let latency =
      "redis-cli's latency modes are 'rstate ping --count N [--interval SECONDS]' "
      + "(min/avg/p50/p99/max)"
    let none = "rstate has no equivalent of redis-cli's "
    return [
      "--scan": scan, "--quoted-pattern": scan,
      "--bigkeys": bigKeys, "--memkeys": bigKeys, "--memkeys-samples": bigKeys,
      "--latency": latency, "--latency-history": latency, "--latency-dist": latency,
      "--stat":
        "rstate has no redis-cli --stat; 'rstate info' summarises the server (ops/s, memory, "
        + "clients, keys) once, 'rstate health' checks it",
      "--rdb":
        "rstate has no redis-cli --rdb; 'rstate migrate --from URL --to FILE.jsonl' backs up "
        + "the keys as records",
      "--pipe":
        "rstate has no redis-cli --pipe; lines piped into 'rstate' run in order, and "
        + "'rstate migrate' loads record files and snapshots in bulk",
      "--eval":
        "rstate has no redis-cli --eval; run 'rstate EVAL \"$(cat script.lua)\" NUMKEYS KEY… ARG…'",
      "-r":
        "-r repeats a Redis command given on the command line (rstate -r 3 -i 0.5 INCR x); "
        + "in the shell, 'N COMMAND' runs a command N times",
      "-i": oneShot("-i", example: "rstate -r 3 -i 0.5 INCR x"),
      "-e": oneShot("-e", example: "rstate -e GET key"),
      "-x": oneShot("-x", example: "rstate -x SET key < file"),
      "-X": oneShot("-X", example: "rstate -X @ SET key @ < file"),
      "--quoted-input": oneShot(
        "--quoted-input", example: #"rstate --quoted-input SET k '"\x41"'"#),
      "--hotkeys": none + "--hotkeys", "--intrinsic-latency": none + "--intrinsic-latency",
      "--ldb": none + "--ldb", "--replica": none + "--replica", "--lru-test": none + "--lru-test",
      "--functions-rdb": none + "--functions-rdb",
    ]
  }()

  private static func oneShot(_ flag: String, example: String) -> String {
    "\(flag) applies to a Redis command given on the command line (\(example))"
  }

  /// argument-parser's "Unknown option '--x'[. Did you mean '--y'?]" as rstate says it: with
  /// rstate's way of doing what the redis-cli flag does, else the subcommands that have the
  /// option, else the options of `subcommand` that are near-misses of it. `named` is false
  /// when the user did not type the subcommand (the shell, or a Redis command run as exec).
  /// Other lines are returned unchanged.
  static func rewritingUnknownOption(_ line: String, in subcommand: String?, named: Bool)
    -> String
  {
    let prefix = "Unknown option '"
    guard line.hasPrefix(prefix), let end = line.dropFirst(prefix.count).firstIndex(of: "'")
    else { return line }
    let name = String(line[line.index(line.startIndex, offsetBy: prefix.count)..<end])
    let text = "unknown option '\(name)'"
    if let hint = redisCLIFlags[name] { return text + ": " + hint }
    let others = subcommandsAccepting(name).filter { $0 != subcommand }
    if !others.isEmpty {
      let which = named ? subcommand.map { " of 'rstate \($0)'" } ?? "" : ""
      return text + which + "; it is an option of "
        + others.map { "'rstate \($0)'" }.joined(separator: ", ")
    }
    let known = subcommand.flatMap { name in
      RState.configuration.subcommands.first { $0.configuration.commandName == name }
    }
    let options = known.map {
      optionNames(inHelp: RState.helpMessage(for: $0, includeHidden: true, columns: 10_000))
    }
    if let near = nearest(name, in: options ?? []) { return text + " (did you mean '\(near)'?)" }
    if let near = nearest(name, in: Set(redisCLIFlags.keys)), let hint = redisCLIFlags[near] {
      return text + " (did you mean '\(near)'? " + hint + ")"
    }
    return text
  }

  /// The long option closest to `name`, when it is a near-miss.
  private static func nearest(_ name: String, in options: Set<String>) -> String? {
    let typed = Array(name.trimmingPrefix("-").utf8)
    return
      options
      .filter { $0.hasPrefix("--") && isNearMiss(name, $0) }
      .map { (editDistance(typed, Array($0.dropFirst(2).utf8)), $0) }
      .min { $0 < $1 }?.1
  }

  /// The subcommands that have a long option, read from their help (this is the error path;
  /// parsing the option alone would not tell, since argument-parser validates a command
  /// before it reports unknown options).
  static func subcommandsAccepting(_ name: String) -> [String] {
    guard name.hasPrefix("--"), name.count > 2 else { return [] }
    return RState.configuration.subcommands.compactMap { subcommand in
      guard let commandName = subcommand.configuration.commandName else { return nil }
      let help = RState.helpMessage(for: subcommand, includeHidden: true, columns: 10_000)
      return optionNames(inHelp: help).contains(name) ? commandName : nil
    }
  }

  /// The option names of a help text's option lines ("  -p, --port <port>   Server port").
  static func optionNames(inHelp help: String) -> Set<String> {
    Set(options(inHelp: help).keys)
  }

  /// Each option of a help text's option lines, and whether it takes a value.
  static func options(inHelp help: String) -> [String: Bool] {
    var names: [String: Bool] = [:]
    for line in help.split(separator: "\n") {
      let trimmed = line.drop { $0 == " " }
      guard trimmed.first == "-", let synopsis = trimmed.split(separator: "  ").first else {
        continue
      }
      for part in synopsis.split(separator: ",") {
        if let word = part.split(separator: " ").first {
          names[String(word)] = synopsis.contains("<")
        }
      }
    }
    return names
  }

  /// The first `--name` among a subcommand's arguments that it does not have. argument-parser
  /// runs a command's validation before it reports unknown options, so `ttl --jsno` said
  /// "give keys, or --pattern …"; this finds the option to name instead.
  static func firstUnknownOption(in arguments: [String], of subcommand: any ParsableCommand.Type)
    -> String?
  {
    let known = options(
      inHelp: RState.helpMessage(for: subcommand, includeHidden: true, columns: 10_000))
    var index = 0
    while index < arguments.count, arguments[index] != "--" {
      let word = arguments[index]
      let name = String(word.prefix { $0 != "=" })
      index += 1
      guard word.hasPrefix("-"), word != "-" else { continue }
      guard let takesValue = known[name] else {
        if word.hasPrefix("--") { return name }
        continue
      }
      if takesValue && !word.contains("=") { index += 1 }
    }
    return nil
  }

  /// An rstate subcommand the word is a near-miss of, when the word is not itself a Redis
  /// command (`rstate kyes` → keys; `rstate del` is Redis's DEL). Only lowercase words: the
  /// subcommands are lowercase, and other spellings are Redis commands by the routing rule.
  static func subcommand(near word: String) -> String? {
    guard word.count >= 3, word.utf8.allSatisfy({ (0x61...0x7A).contains($0) }) else {
      return nil
    }
    let guess = Route.subcommandNames.filter { $0.count >= 3 }.first { isNearMiss(word, $0) }
    guard let guess, !isRedisCommand(word) else { return nil }
    return guess
  }

  /// Whether a word names a Redis command: Redis 7.0's table (the shell's `help`), and the
  /// commands added since.
  static func isRedisCommand(_ word: String) -> Bool {
    let upper = word.uppercased()
    if newerRedisCommands.contains(upper) { return true }
    return HelpTable.builtIn.entries.contains {
      $0.full.split(separator: " ").first.map(String.init) == upper
    }
  }

  /// Commands of Redis 7.2 to 8 that the 7.0 table lacks.
  static let newerRedisCommands: Set<String> = [
    "WAITAOF", "HEXPIRE", "HPEXPIRE", "HEXPIREAT", "HPEXPIREAT", "HTTL", "HPTTL",
    "HEXPIRETIME", "HPEXPIRETIME", "HPERSIST", "HGETDEL", "HGETEX", "HSETEX", "VADD", "VCARD",
    "VDIM", "VEMB", "VGETATTR", "VINFO", "VLINKS", "VRANDMEMBER", "VREM", "VSETATTR", "VSIM",
  ]

  /// A typo rather than another word: one edit (a swap of neighbours counting as one) for
  /// names up to 4 letters, two for longer ones; compared without the dashes.
  static func isNearMiss(_ typed: String, _ name: String) -> Bool {
    let a = Array(typed.trimmingPrefix("-").utf8)
    let b = Array(name.trimmingPrefix("-").utf8)
    let limit = min(a.count, b.count) <= 4 ? 1 : 2
    return editDistance(a, b) <= limit
  }

  /// Optimal-string-alignment distance: Levenshtein plus transpositions of neighbours.
  static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          best = min(best, table[i - 2][j - 2] + 1)
        }
        table[i][j] = best
      }
    }
    return table[a.count][b.count]
  }
}
