import Foundation
import Testing

/// redis-cli's command line as the setup guides write it (`redis-cli -a PW ping`,
/// `redis-cli -p 6380 DBSIZE`): rstate must print the same bytes, on a terminal and piped.
@Suite(.enabled(if: RedisServer.shouldRun), .serialized)
struct CommandLineFormTests {
  static let password = "s3cret-pw"

  /// A server that requires a password, with keys in db 0 and db 2 and none that expire, so
  /// that INFO keyspace is the same for every run.
  static func server() throws -> RedisServer {
    let server = try RedisServer(config: ["requirepass \(password)"])
    let login = ["-p", String(server.port), "-a", password, "--no-auth-warning"]
    for words in [
      ["SET", "x:1", "one"], ["SET", "x:2", "two words"], ["SET", "y:1", "other"],
      ["RPUSH", "list", "a", "b", "c"],
    ] {
      _ = try redisCLI(login + words)
    }
    _ = try redisCLI(login + ["-n", "2", "SET", "in:db2", "v"])
    return server
  }

  /// Piped, and on a terminal (each tool's fake-terminal switch).
  static let modes: [(name: String, ours: [String: String], theirs: [String: String])] = [
    ("piped", [:], [:]), ("terminal", ["RSTATE_FAKE_TTY": "1"], ["FAKETTY": "1"]),
  ]

  @Test func optionsThenARedisCommandPrintWhatRedisCLIPrints() throws {
    let server = try Self.server()
    let port = String(server.port)
    let cases: [[String]] = [
      ["-a", Self.password, "-p", port, "ping"],
      ["-a", Self.password, "-p", port, "PING"],
      ["-p", port, "-a", Self.password, "DBSIZE"],
      ["-p", port, "-a", Self.password, "GET", "x:2"],
      ["-p", port, "-a", Self.password, "GET", "missing"],
      ["-p", port, "-a", Self.password, "-n", "2", "DBSIZE"],
      ["-p", port, "-a", Self.password, "-n", "2", "INFO", "keyspace"],
      ["-p", port, "-a", Self.password, "LRANGE", "list", "0", "-1"],
      ["-p", port, "-a", Self.password, "TTL", "x:1"],
      ["-p", port, "-a", Self.password, "KEYS", "x:*"],
      ["-a", Self.password, "-p", port, "EXEC"],
      ["-a", Self.password, "-p", port, "--no-auth-warning", "ZRANGEBYSCORE", "z", "-inf", "+inf"],
      ["-u", "redis://default:\(Self.password)@127.0.0.1:\(port)/2", "GET", "in:db2"],
    ]
    for mode in Self.modes {
      for words in cases {
        let mine = try rstate(words, environment: mode.ours)
        let reference = try run(
          "/usr/bin/redis-cli", words, environment: mode.theirs, stdin: nil, directory: nil)
        let label = "\(mode.name): \(words.joined(separator: " "))"
        #expect(
          mine.out == reference.out,
          "\(label): rstate printed \(mine.out.debugDescription), redis-cli \(reference.out.debugDescription)"
        )
        // The password warning, word for word.
        #expect(mine.err == reference.err, "\(label): stderr \(mine.err.debugDescription)")
        // An error reply exits 1 (documented: redis-cli exits 0); anything else 0.
        #expect(mine.status == (reference.out.contains("ERR") ? 1 : 0), "\(label)")
      }
    }
  }

  /// `rstate keys GLOB` after the options lists the keys `redis-cli --scan --pattern` does
  /// (and KEYS does), quoted the same way on a terminal.
  @Test func keysWithAPositionalGlobAfterTheOptions() throws {
    let server = try Self.server()
    let url = "redis://default:\(Self.password)@127.0.0.1:\(server.port)"
    for mode in Self.modes {
      let mine = try rstate(
        ["-u", url, "--no-auth-warning", "keys", "x:*"], environment: mode.ours)
      let scan = try run(
        "/usr/bin/redis-cli", ["-u", url, "--no-auth-warning", "--scan", "--pattern", "x:*"],
        environment: mode.theirs, stdin: nil, directory: nil)
      #expect(mine.status == 0)
      #expect(mine.err.isEmpty, "\(mine.err)")
      let lines = Set(mine.out.split(separator: "\n"))
      #expect(lines == Set(scan.out.split(separator: "\n")), "\(mode.name)")
      #expect(lines.count == 2)
    }
  }

  /// The rule for shared names: `info` is rstate's summary, `INFO` the server's text.
  @Test func lowercaseIsTheSubcommandOtherSpellingsRedis() throws {
    let server = try Self.server()
    let login = ["-p", String(server.port), "-a", Self.password, "--no-auth-warning", "-n", "2"]
    let raw = try rstate(login + ["INFO", "keyspace"])
    let cli = try redisCLI(login + ["INFO", "keyspace"])
    #expect(raw.out == cli.out)
    #expect(raw.out.contains("db2:keys=1,"))
    let summary = try rstate(login + ["info", "keyspace"])
    #expect(summary.status == 0)
    #expect(!summary.out.contains("db2:keys=1,"))
    #expect(summary.out.contains("db2"))
    // ttl is rstate's (words), TTL Redis's (-1).
    #expect(try rstate(login + ["-n", "0", "ttl", "x:1"]).out == "no expiry\n")
    #expect(try rstate(login + ["-n", "0", "TTL", "x:1"]).out == "-1\n")
  }

  /// A mistyped subcommand is said before anything is sent; a lowercase word that Redis
  /// knows goes to the server.
  @Test func aMistypedSubcommandIsSuggested() throws {
    let server = try Self.server()
    let login = ["-p", String(server.port), "-a", Self.password, "--no-auth-warning"]
    let typo = try rstate(login + ["kyes", "x:*"])
    #expect(typo.status == 64)
    #expect(typo.out.isEmpty)
    #expect(
      typo.err
        == "rstate: 'kyes' is not an rstate command or a Redis command (did you mean 'keys'?); "
        + "see 'rstate --help'\n")
    let del = try rstate(login + ["del", "y:1"])
    #expect(del.out == "1\n")
    #expect(del.status == 0)
  }

  /// argument-parser's guesses (`--json` → `--user`) gave way to what rstate has.
  @Test func unknownOptionsPointToRstatesWay() throws {
    let scan = try rstate(["-p", "1", "--scan"])
    #expect(scan.status == 64)
    #expect(
      scan.err
        == "rstate: unknown option '--scan': redis-cli --scan is 'rstate keys [GLOB]' (SCAN; also "
        + "--type, --count, --limit); see 'rstate --help'\n")
    // --json is exec's now (redis-cli's JSON output); --csv is not ttl's.
    let csv = try rstate(["-p", "1", "--csv", "ttl", "k"])
    #expect(csv.status == 64)
    #expect(
      csv.err
        == "rstate: unknown option '--csv' of 'rstate ttl'; it is an option of 'rstate exec', "
        + "'rstate repl'; see 'rstate ttl --help'\n")
  }
}
