import Foundation
import RStateCore
import Testing

private func b(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Every process's argument list on this machine, for "never in ps".
private func everyCommandLine() -> [String] {
  let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
  return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
    FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map {
      String(decoding: $0, as: UTF8.self)
    }
  }
}

/// Everything written under `directory`: file names and contents.
private func writtenFiles(_ directory: URL) -> [(name: String, contents: String)] {
  let names = FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []
  return names.map { name in
    let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
    return (name, String(decoding: data ?? Data(), as: UTF8.self))
  }
}

/// Both ends of a migration get their passwords without the command line: `@NAME`
/// connections of rstate.toml, --from-askpass/--to-askpass at a terminal, and
/// RSTATE_FROM_PASSWORD/RSTATE_TO_PASSWORD.
@Suite(.enabled(if: RedisServer.shouldRun))
struct MigrateCredentialsTests {
  static let sourcePassword = "Src-pw-4Kq9"
  static let targetPassword = "Tgt-pw-7Lm2"

  private func servers() throws -> (source: RedisServer, target: RedisServer) {
    let source = try RedisServer(config: ["requirepass \(Self.sourcePassword)"])
    let target = try RedisServer(config: ["requirepass \(Self.targetPassword)"])
    let seed = source.connection(password: Self.sourcePassword)
    for index in 0..<20 {
      _ = try seed.send(Command([b("SET"), b("session:\(index)"), b("state \(index)")]))
    }
    return (source, target)
  }

  private func expectNoPassword(_ results: [(String, RunResult)], files directory: URL) {
    for password in [Self.sourcePassword, Self.targetPassword] {
      for (what, result) in results {
        #expect(!result.out.contains(password), "stdout of \(what): \(result.out)")
        #expect(!result.err.contains(password), "stderr of \(what): \(result.err)")
      }
      for (name, contents) in writtenFiles(directory) {
        #expect(!name.contains(password) && !contents.contains(password), "\(name) holds it")
      }
    }
  }

  @Test func namedConnectionsAndVariablesGiveEachEndItsPassword() throws {
    let (source, target) = try servers()
    let project = try temporaryDirectory()
    let nested = project.appendingPathComponent("backend/jobs")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try """
    [connections.staging]
    url = "redis://127.0.0.1:\(source.port)/0"
    password-env = "STAGING_REDIS_PASSWORD"

    [connections.prod]
    url = "redis://127.0.0.1:\(target.port)/0"
    password-env = "PROD_REDIS_PASSWORD"
    """.write(
      to: project.appendingPathComponent("rstate.toml"), atomically: true, encoding: .utf8)
    var results: [(String, RunResult)] = []
    func migrate(_ arguments: [String], _ environment: [String: String] = [:]) throws
      -> RunResult
    {
      let result = try rstate(
        ["migrate"] + arguments, environment: environment, directory: nested)
      results.append((arguments.joined(separator: " "), result))
      return result
    }
    let named = [
      "STAGING_REDIS_PASSWORD": Self.sourcePassword, "PROD_REDIS_PASSWORD": Self.targetPassword,
    ]

    let copied = try migrate(
      ["--from", "@staging", "--to", "@prod", "--verify", "--verbose"], named)
    #expect(copied.status == 0, "\(copied.err)")
    #expect(copied.out.contains("written     20"), "\(copied.out)")
    #expect(copied.err.contains("[connections.staging]"), "\(copied.err)")
    #expect(copied.err.contains("password  ***  (environment variable PROD_REDIS_PASSWORD)"))
    let copy = target.connection(password: Self.targetPassword)
    #expect(try copy.send(Command([b("GET"), b("session:7")])) == .bulk(b("state 7")))

    // RSTATE_FROM_PASSWORD and RSTATE_TO_PASSWORD, with URLs on the command line.
    let byVariables = try migrate(
      [
        "--from", "redis://127.0.0.1:\(source.port)/0", "--to",
        "redis://127.0.0.1:\(target.port)/3",
      ],
      ["RSTATE_FROM_PASSWORD": Self.sourcePassword, "RSTATE_TO_PASSWORD": Self.targetPassword])
    #expect(byVariables.status == 0, "\(byVariables.err)")
    #expect(!byVariables.err.contains("Warning"), "no command-line password, no warning")
    let db3 = target.connection(password: Self.targetPassword, db: 3)
    #expect(try db3.send(Command([b("DBSIZE")])) == .integer(20))

    // A refused password names the end it was for (found by a new user).
    let wrongSource = try migrate(
      [
        "--from", "redis://127.0.0.1:\(source.port)/0", "--to",
        "redis://127.0.0.1:\(target.port)/3",
      ],
      [
        "RSTATE_FROM_PASSWORD": "not-\(Self.sourcePassword)",
        "RSTATE_TO_PASSWORD": Self.targetPassword,
      ])
    #expect(wrongSource.status == 1)
    #expect(
      wrongSource.err.contains("at 127.0.0.1:\(source.port) (the source): WRONGPASS"),
      "\(wrongSource.err)")

    // An @NAME whose password-env is not set takes the end's variable instead.
    let fallback = try migrate(
      ["--from", "@staging", "--to", "@prod", "--to-db", "4"],
      ["RSTATE_FROM_PASSWORD": Self.sourcePassword, "PROD_REDIS_PASSWORD": Self.targetPassword])
    #expect(fallback.status == 0, "\(fallback.err)")

    // Errors name only what works for the end that lacks a password.
    let noSource = try migrate(
      ["--from", "redis://127.0.0.1:\(source.port)/0", "--to", "@prod", "--to-db", "5"], named)
    #expect(noSource.status == 1)
    #expect(noSource.err.contains("--from-askpass, RSTATE_FROM_PASSWORD"), "\(noSource.err)")
    let noTarget = try migrate(
      ["--from", "@staging", "--to", "redis://127.0.0.1:\(target.port)/6"], named)
    #expect(noTarget.status == 1)
    #expect(noTarget.err.contains("--to-askpass, RSTATE_TO_PASSWORD"), "\(noTarget.err)")
    for result in [noSource, noTarget] {
      #expect(!result.err.contains(" --askpass") && !result.err.contains("REDIS_PASSWORD"))
      #expect(!result.err.contains(".env"))
    }
    let unset = try migrate(
      ["--from", "@staging", "--to", "@prod"], ["PROD_REDIS_PASSWORD": Self.targetPassword])
    #expect(unset.status == 64)
    #expect(
      unset.err.contains(
        "takes the password from STAGING_REDIS_PASSWORD, which is not set; set it, or give "
          + "--from-askpass or RSTATE_FROM_PASSWORD"), "\(unset.err)")
    let unknown = try migrate(["--from", "@nowhere", "--to", "@prod"], named)
    #expect(unknown.status == 64)
    #expect(unknown.err.contains("no connection 'nowhere'"), "\(unknown.err)")
    let both = try migrate([
      "--from", "redis://:\(Self.sourcePassword)@127.0.0.1:\(source.port)/0", "--from-askpass",
      "--to", "@prod", "--no-auth-warning",
    ])
    #expect(both.status == 64)
    #expect(both.err.contains("leave the password out of the URL"), "\(both.err)")
    expectNoPassword(results, files: project)
  }

  @Test func askpassPromptsForEachEndOnTheTerminal() throws {
    let (source, target) = try servers()
    let work = try temporaryDirectory()
    let session = try TerminalSession(
      [
        "migrate", "--from", "redis://127.0.0.1:\(source.port)/0", "--to",
        "redis://127.0.0.1:\(target.port)/0", "--from-askpass", "--to-askpass", "--verify",
      ], directory: work)
    try session.waitFor("Password for the source redis://127.0.0.1:\(source.port)/0: ")
    session.type(Self.sourcePassword)
    try session.waitFor("Password for the target redis://127.0.0.1:\(target.port)/0: ")
    // rstate holds the first password now: it is in no process's argument list.
    for commandLine in everyCommandLine() {
      #expect(!commandLine.contains(Self.sourcePassword), "in ps: \(commandLine)")
    }
    session.type(Self.targetPassword)
    let result = session.finish()
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.contains("written     20"), "\(result.out)")
    #expect(result.out.contains("verified 20 keys: 0 missing, 0 different"), "\(result.out)")
    // Typed without echo: the terminal never showed either password.
    #expect(!session.screenText.contains(Self.sourcePassword), "\(session.screenText)")
    #expect(!session.screenText.contains(Self.targetPassword), "\(session.screenText)")
    expectNoPassword([("askpass", result)], files: work)
  }
}
