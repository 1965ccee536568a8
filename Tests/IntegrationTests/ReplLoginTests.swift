import Foundation
import RStateCore
import Testing

/// The shell started without a password against a server that wants one: the prompt comes,
/// commands get the server's NOAUTH, and AUTH (or HELLO 2 … AUTH) logs in, as in redis-cli.
@Suite(.enabled(if: RedisServer.shouldRun))
struct ReplLoginTests {
  static let password = "sesame-123"

  @Test(arguments: [["--no-raw"], [] as [String]])
  func pipedLoginMatchesRedisCLIByteForByte(mode: [String]) throws {
    let ours = try RedisServer(config: ["requirepass \(Self.password)"])
    let theirs = try RedisServer(config: ["requirepass \(Self.password)"])
    let input = Data(
      "GET a\nAUTH wrong\nAUTH \(Self.password)\nSET a 1\nGET a\nSELECT 2\nGET a\n".utf8)
    let mine = try rstate(["-p", String(ours.port)] + mode, stdin: input)
    let reference = try redisCLI(["-p", String(theirs.port)] + mode, stdin: input)
    #expect(mine.stdout == reference.stdout, "rstate: \(mine.out)\nredis-cli: \(reference.out)")
    #expect(mine.out.contains("NOAUTH Authentication required."))
    #expect(mine.out.contains("WRONGPASS invalid username-password pair or user is disabled."))
    #expect(mine.err == "", "no 'authentication failed' line: \(mine.err)")
    #expect(mine.status == 1, "error replies make the piped exit status 1")
    #expect(reference.status == 0)
  }

  /// The db and client name the server refused before the login are set after it, and the
  /// lines piped after AUTH already run there.
  @Test func loginRestoresDatabaseAndClientName() throws {
    let server = try RedisServer(config: ["requirepass \(Self.password)"])
    let input = Data("SET k before\nAUTH \(Self.password)\nSET k after\nCLIENT INFO\n".utf8)
    let result = try rstate(["-p", String(server.port), "-n", "3"], stdin: input)
    #expect(result.out.hasPrefix("NOAUTH Authentication required.\n\nOK\nOK\n"), "\(result.out)")
    #expect(result.out.contains(" name=rstate "), "\(result.out)")
    #expect(result.out.contains(" db=3 "), "\(result.out)")
    let check = server.connection(password: Self.password, db: 3)
    #expect(try check.send(Command("GET", "k")) == .bulk(Array("after".utf8)))
  }

  /// HELLO 2 AUTH logs in; HELLO 3 is refused in one line (hiredis 0.14 cannot read the
  /// RESP3 reply, which used to drop the connection) and the session goes on.
  @Test func helloTwoLogsInAndHelloThreeLeavesTheSessionUsable() throws {
    let server = try RedisServer(config: ["requirepass \(Self.password)"])
    let input = Data(
      "HELLO 3 AUTH default \(Self.password)\nPING\nHELLO 2 AUTH default \(Self.password)\nPING\n"
        .utf8)
    let result = try rstate(["-p", String(server.port), "--no-raw"], stdin: input)
    let lines = result.out.split(separator: "\n").map(String.init)
    #expect(lines.first == "(error) NOAUTH Authentication required.", "\(result.out)")
    #expect(lines.contains(" 6) (integer) 2"), "HELLO 2's reply: \(result.out)")
    #expect(lines.last == "PONG")
    #expect(
      result.err
        == "rstate: HELLO 3 was not sent: the shell reads RESP2 replies; log in with "
        + "AUTH [username] password or HELLO 2 AUTH username password\n")
    #expect(!result.err.contains(Self.password))
    #expect(result.status == 1)
  }

  /// A password typed at AUTH is kept for reconnects as a `Secret`: no message shows it.
  @Test func typedPasswordIsKeptAsASecret() throws {
    let server = try RedisServer(config: ["requirepass typed-pw-4711"])
    let connection = Connection(settings: server.connection().settings)
    connection.loginMayFollow = true
    try connection.open()
    #expect(try connection.send(Command("GET", "a")).serverError?.code == "NOAUTH")
    #expect(try connection.send(Command("AUTH", "typed-pw-4711")) == .status(Array("OK".utf8)))
    #expect(connection.settings.password?.value == "typed-pw-4711")
    #expect(!Redaction.scrub("said typed-pw-4711 here").contains("typed-pw-4711"))
    connection.close()
    #expect(try connection.send(Command("PING")) == .status(Array("PONG".utf8)))
  }

  @Test func aUserAndPasswordLogInWithACL() throws {
    let server = try RedisServer(config: [
      "requirepass \(Self.password)", "user app on >app-secret-9 ~* &* +@all",
    ])
    let input = Data("AUTH app wrong-one\nAUTH app app-secret-9\nACL WHOAMI\n".utf8)
    let mine = try rstate(["-p", String(server.port)], stdin: input)
    #expect(
      mine.out
        == "WRONGPASS invalid username-password pair or user is disabled.\n\nOK\napp\n")
  }
}

/// On a terminal: the prompt, the NOAUTH and WRONGPASS lines as redis-cli shows them, no
/// password in the history file, and a reconnect after a restart logs in again with the
/// password typed.
@Suite(
  .enabled(if: RedisServer.shouldRun && FileManager.default.fileExists(atPath: "/usr/bin/script")))
struct ReplTerminalLoginTests {
  /// Started with `-n 3` and no password: redis-cli's `SELECT 3 failed` line, a prompt
  /// without `[3]` until the login, the error lines, then `[3]`: the same bytes.
  @Test func terminalMatchesRedisCLIByteForByte() throws {
    let password = ReplLoginTests.password
    let typed = ["GET a", "AUTH wrong", "AUTH \(password)", "SET a 1", "GET a", "quit"]
      .map { "sleep 0.3; printf '\($0)\\n'" }.joined(separator: "; ")
    func session(_ program: String, _ port: Int) throws -> String {
      try run(
        "/bin/sh",
        [
          "-c",
          "(sleep 1; \(typed)) | /usr/bin/script -qec \"\(program) -p \(port) -n 3\" /dev/null",
        ],
        environment: ["RSTATE_HISTFILE": "/dev/null", "RSTATE_RCFILE": noHints, "TERM": "dumb"],
        stdin: nil, directory: nil
      ).out
    }
    let ours = try RedisServer(config: ["requirepass \(password)"])
    let theirs = try RedisServer(config: ["requirepass \(password)"])
    let mine = try session(rstateBinary, ours.port)
    let reference = try session("/usr/bin/redis-cli", theirs.port)
      .replacingOccurrences(of: String(theirs.port), with: String(ours.port))
    #expect(mine == reference, "rstate:\n\(mine)\nredis-cli:\n\(reference)")
    #expect(mine.contains("SELECT 3 failed: NOAUTH Authentication required.\r\n"))
    #expect(mine.contains("127.0.0.1:\(ours.port)> GET a\r\n(error) NOAUTH"))
    #expect(mine.contains("127.0.0.1:\(ours.port)[3]> SET a 1\r\nOK\r\n"))
  }

  @Test func typedLoginSurvivesARestart() throws {
    let password = ReplLoginTests.password
    let first = try RedisServer(config: ["requirepass \(password)"])
    let port = first.port
    let directory = try temporaryDirectory()
    let history = directory.appendingPathComponent("history").path
    let typed = [
      "sleep 1", "printf 'GET a\\n'", "sleep 0.3", "printf 'AUTH wrong\\n'", "sleep 0.3",
      "printf 'AUTH \(password)\\n'", "sleep 0.3", "printf 'SELECT 3\\n'", "sleep 6",
      "printf 'PING\\n'", "sleep 1", "printf 'CLIENT INFO\\n'", "sleep 1", "printf 'quit\\n'",
    ].joined(separator: "; ")
    let box = LoginResultBox()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      box.result = try? run(
        "/bin/sh",
        ["-c", "(\(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(port)\" /dev/null"],
        environment: ["RSTATE_HISTFILE": history, "RSTATE_RCFILE": noHints, "TERM": "dumb"],
        stdin: nil, directory: nil)
    }
    // Restarted once the shell is logged in on db 3 (however slowly it started), before
    // PING is typed.
    let watcher = first.connection(password: password)
    let deadline = Date().addingTimeInterval(5.5)
    func shellOnDatabaseThree() -> Bool {
      let clients = (try? watcher.send(Command("CLIENT", "LIST")))?.text ?? ""
      return clients.split(separator: "\n").contains { $0.contains(" db=3 ") }
    }
    while Date() < deadline, !shellOnDatabaseThree() {
      Thread.sleep(forTimeInterval: 0.1)
    }
    watcher.close()
    first.stop()
    let second = try RedisServer(config: ["requirepass \(password)"], port: port)
    group.wait()
    _ = second
    let output = try #require(box.result).out
    #expect(output.contains("127.0.0.1:\(port)> GET a"), "\(output)")
    #expect(output.contains("(error) NOAUTH Authentication required.\r\n"))
    #expect(
      output.contains(
        "(error) WRONGPASS invalid username-password pair or user is disabled.\r\n"))
    #expect(output.contains("127.0.0.1:\(port)[3]> PING"))
    #expect(output.contains("Error: Server closed the connection"))
    #expect(output.contains(" db=3 "), "the reconnect logged in and selected db 3: \(output)")
    #expect(!output.contains("authentication failed"))
    let saved = try String(contentsOfFile: history, encoding: .utf8)
    #expect(!saved.contains(password) && !saved.contains("AUTH"), "\(saved)")
    #expect(saved.contains("SELECT 3"))
  }
}

private final class LoginResultBox: @unchecked Sendable {
  var result: RunResult?
}
