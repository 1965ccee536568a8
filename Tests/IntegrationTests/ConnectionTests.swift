import Foundation
import RStateCore
import Testing

@Suite(.enabled(if: RedisServer.shouldRun))
struct ConnectionTests {
  static let aclUser = [
    "user default on nopass ~* &* +@all",
    "user app on >app-pw-123 ~app:* +@all -flushall",
  ]

  @Test func aclUserWithFlags() throws {
    let server = try RedisServer(config: Self.aclUser)
    let result = try rstate([
      "exec", "-p", String(server.port), "--user", "app", "-a", "app-pw-123", "--no-auth-warning",
      "ACL", "WHOAMI",
    ])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out == "app\n")
  }

  @Test func aclUserFromURLWithPercentEncodedPassword() throws {
    let server = try RedisServer(config: ["user app on >p@ss:w/rd ~* +@all"])
    let result = try rstate(
      ["exec", "ACL", "WHOAMI"],
      environment: ["REDIS_URL": "redis://app:p%40ss%3Aw%2Frd@127.0.0.1:\(server.port)/0"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out == "app\n")
  }

  @Test func wrongACLPasswordNamesTheUserButNotThePassword() throws {
    let server = try RedisServer(config: Self.aclUser)
    let result = try rstate(
      ["exec", "-p", String(server.port), "PING"],
      environment: ["REDIS_USERNAME": "app", "REDIS_PASSWORD": "not-it-999"])
    #expect(result.status == 1)
    #expect(
      result.err.hasPrefix(
        "rstate: authentication failed for user \"app\" at 127.0.0.1:\(server.port): WRONGPASS"))
    #expect(!result.err.contains("not-it-999"))
  }

  @Test func unixSocketByFlagAndByURL() throws {
    let server = try RedisServer()
    let byFlag = try rstate(["exec", "-s", server.socketPath, "SET", "where", "socket"])
    #expect(byFlag.out == "OK\n")
    let byURL = try rstate(["exec", "-u", "unix://\(server.socketPath)?db=0", "GET", "where"])
    #expect(byURL.out == "socket\n")
  }

  @Test func dbSelectionFromFlagEnvironmentAndDotEnv() throws {
    let server = try RedisServer()
    _ = try rstate(["exec", "-p", String(server.port), "-n", "3", "SET", "k", "three"])
    let directory = try temporaryDirectory()
    try "# app settings\nexport REDIS_URL='redis://127.0.0.1:\(server.port)/3' # comment\n"
      .write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
    let fromDotEnv = try rstate(["exec", "GET", "k"], directory: directory)
    #expect(fromDotEnv.out == "three\n", "\(fromDotEnv.err)")
    // The environment beats .env, and a flag beats both.
    let fromEnvironment = try rstate(
      ["exec", "GET", "k"], environment: ["REDIS_DB": "0", "REDIS_PORT": String(server.port)],
      directory: try temporaryDirectory())
    #expect(fromEnvironment.out == "\n")
    let fromFlag = try rstate(["exec", "-n", "3", "GET", "k"], directory: directory)
    #expect(fromFlag.out == "three\n")
    let ignored = try rstate(
      ["exec", "--no-env-file", "-p", "1", "GET", "k"], directory: directory)
    #expect(ignored.err.contains("127.0.0.1:1"))
  }

  @Test func verboseShowsSourcesAndHidesThePassword() throws {
    let server = try RedisServer(config: ["requirepass hush-hush-42"])
    let directory = try temporaryDirectory()
    try "REDIS_PASSWORD=\"hush-hush-42\"\nREDIS_PORT=\(server.port)\n"
      .write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
    let result = try rstate(["ping", "--verbose"], directory: directory)
    #expect(result.status == 0, "\(result.err)")
    #expect(result.err.contains("rstate: connecting to redis://:***@127.0.0.1:\(server.port)/0"))
    #expect(result.err.contains("(.env:2 (REDIS_PORT))"))
    #expect(result.err.contains("password  ***  (.env:1 (REDIS_PASSWORD))"))
    #expect(!result.err.contains("hush-hush-42"))
  }

  @Test func badDotEnvLineIsAUsageErrorWithFileAndLine() throws {
    let directory = try temporaryDirectory()
    try "REDIS_HOST=localhost\nREDIS_URL=\"redis://unterminated\n"
      .write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
    let result = try rstate(["exec", "PING"], directory: directory)
    #expect(result.status == 64)
    #expect(result.err == "rstate: .env:2:11: the quote opened here is never closed\n")
  }

  @Test func malformedURLIsAUsageErrorWithoutThePassword() throws {
    let result = try rstate(["exec", "-u", "redis://u:topsecret@host:notaport/0", "PING"])
    #expect(result.status == 64)
    #expect(
      result.err
        == "rstate: invalid Redis URL 'redis://u:***@host:notaport/0': the port is not a number from 1 to 65535\n"
    )
  }

  @Test func unknownHostIsOneLine() throws {
    let result = try rstate(["ping", "-h", "no-such-host.invalid", "-t", "2"])
    #expect(result.status == 1)
    #expect(
      result.err.hasPrefix(
        "rstate: cannot connect to no-such-host.invalid:\(Endpoint.defaultPort): unknown host"))
    #expect(result.err.split(separator: "\n").count == 1)
  }

  /// rediss:// against a server without TLS fails on every path, the shell included, with
  /// the cause named: nothing ever falls back to plaintext.
  @Test func tlsIsNeverDowngradedToPlaintext() throws {
    let server = try RedisServer()
    let url = "rediss://127.0.0.1:\(server.port)"
    let shell = try rstate(["-u", url, "-t", "1"], stdin: Data("PING\n".utf8))
    #expect(!shell.out.contains("PONG"))
    #expect(shell.err.contains("TLS"))
    #expect(shell.status == 1)
    for command in [["ping"], ["info"], ["keys"], ["health", "--sample", "0"]] {
      let result = try rstate(command + ["-u", url, "-t", "1"])
      #expect(!result.out.contains("PONG") && result.status != 0, "\(command)")
    }
  }

  @Test func clientNameIsSet() throws {
    let server = try RedisServer()
    let result = try rstate(["exec", "-s", server.socketPath, "CLIENT", "GETNAME"])
    #expect(result.out == "rstate\n")
  }

  @Test func reconnectRestoresAuthAndDatabase() throws {
    let server = try RedisServer(config: ["requirepass pw-for-reconnect"])
    let connection = Connection(
      settings: ConnectionSettings(
        endpoint: server.endpoint, db: 5, password: Secret("pw-for-reconnect")))
    #expect(try connection.send(Command("SET", "k", "in-five")) == .status(Array("OK".utf8)))
    // Another client kills ours, as a server restart or a proxy timeout would.
    let admin = server.connection(password: "pw-for-reconnect")
    _ = try admin.send(Command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"))
    #expect(throws: RStateError.self) { try connection.send(Command("GET", "k")) }
    // The next command reconnects, re-authenticates and re-selects db 5.
    #expect(try connection.send(Command("GET", "k")) == .bulk(Array("in-five".utf8)))
  }

  @Test func selectThroughSendSurvivesReconnect() throws {
    let server = try RedisServer()
    let connection = Connection(
      settings: ConnectionSettings(endpoint: .unix(path: server.socketPath)))
    _ = try connection.send(Command("SELECT", "7"))
    _ = try connection.send(Command("SET", "k", "seven"))
    connection.close()
    #expect(try connection.send(Command("GET", "k")) == .bulk(Array("seven".utf8)))
    #expect(connection.db == 7)
  }

  @Test func pipelineReturnsRepliesInOrder() throws {
    let server = try RedisServer()
    let connection = server.connection()
    let replies = try connection.pipeline(
      (0..<1000).map { _ in Command("INCR", "n") } + [Command("GET", "n"), Command("NOSUCH")])
    #expect(replies.count == 1002)
    #expect(replies[999] == .integer(1000))
    #expect(replies[1000] == .bulk(Array("1000".utf8)))
    #expect(replies[1001].isError)
  }

  @Test func socketTimeoutBoundsABlockingCommand() throws {
    let server = try RedisServer()
    let result = try rstate([
      "exec", "-s", server.socketPath, "--socket-timeout", "0.3", "BLPOP", "nothing", "0",
    ])
    #expect(result.status == 1)
    #expect(result.err.contains("timed out waiting for a reply from \(server.socketPath)"))
  }
}
