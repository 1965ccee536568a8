import Foundation
import RStateCore
import Testing

private func write(_ text: String, to url: URL) throws {
  try text.write(to: url, atomically: true, encoding: .utf8)
}

/// A directory tree for one test, its path as getcwd reports it (no symbolic links).
private func tree(_ directories: [String]) throws -> URL {
  let root = try temporaryDirectory().resolvingSymlinksInPath()
  for directory in directories {
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
  }
  return root
}

/// True where `unshare -rn` gives a process a network of its own, with no interface up, so a
/// test can see a connection to the default address fail: it reaches no port of this machine,
/// least of all a developer's server on the default port.
private let canIsolateNetwork: Bool = {
  guard
    let result = try? run(
      "/usr/bin/unshare", ["-rn", "true"], environment: [:], stdin: nil, directory: nil)
  else { return false }
  return result.status == 0
}()

/// `.env` is found as python-dotenv's find_dotenv() finds it: the working directory, then
/// each parent, nearest first, up to the repository root.
@Suite(.enabled(if: RedisServer.shouldRun))
struct EnvFileSearchTests {
  @Test func aParentsDotEnvIsFoundFromANestedFolderAndTheNearestWins() throws {
    let outer = try RedisServer(config: ["requirepass env-pw-8841"])
    let inner = try RedisServer()
    _ = try outer.connection(password: "env-pw-8841").send(Command("SET", "which", "outer"))
    _ = try inner.connection().send(Command("SET", "which", "inner"))
    let project = try tree([".git", "backend/jobs"])
    let jobs = project.appendingPathComponent("backend/jobs")
    try write(
      "REDIS_PORT=\(outer.port)\nREDIS_PASSWORD=env-pw-8841\n",
      to: project.appendingPathComponent(".env"))

    let found = try rstate(["exec", "GET", "which"], directory: jobs)
    #expect(found.status == 0, "\(found.err)")
    #expect(found.out == "outer\n")
    let verbose = try rstate(["exec", "--verbose", "GET", "which"], directory: jobs)
    let file = project.appendingPathComponent(".env").path
    #expect(verbose.err.contains("rstate: .env: \(file)\n"), "\(verbose.err)")
    #expect(
      verbose.err.contains("port      \(outer.port)  (\(file):1 (REDIS_PORT))"), "\(verbose.err)")
    #expect(!verbose.err.contains("env-pw-8841"))

    // A nearer .env wins, whole: its settings, not a merge with the one above.
    try write("REDIS_PORT=\(inner.port)\n", to: project.appendingPathComponent("backend/.env"))
    let nearer = try rstate(["exec", "--verbose", "GET", "which"], directory: jobs)
    #expect(nearer.out == "inner\n", "\(nearer.err)")
    #expect(nearer.err.contains("rstate: .env: \(project.path)/backend/.env\n"))
    #expect(!nearer.err.contains("password"), "the outer file's password is not read")
    // In the working directory itself it is named as before.
    let here = try rstate(
      ["exec", "--verbose", "GET", "which"], directory: project.appendingPathComponent("backend"))
    #expect(here.err.contains("rstate: .env: .env (the working directory's)"), "\(here.err)")
    #expect(here.err.contains("(.env:1 (REDIS_PORT))"), "\(here.err)")

    // --env-file names one; --no-env-file reads none.
    let other = project.appendingPathComponent("other.env")
    try write("REDIS_PORT=\(inner.port)\n", to: other)
    let named = try rstate(["exec", "--env-file", other.path, "GET", "which"], directory: project)
    #expect(named.out == "inner\n", "\(named.err)")
    let none = try rstate(
      ["exec", "--no-env-file", "--verbose", "-p", String(inner.port), "GET", "which"],
      directory: jobs)
    #expect(none.out == "inner\n")
    #expect(none.err.contains("rstate: .env: not read (--no-env-file)"), "\(none.err)")
  }

  @Test func theSearchStopsAtTheRepositoryRoot() throws {
    let server = try RedisServer()
    let outer = try tree(["repo/.git", "repo/app", "loose/app"])
    try write("REDIS_PORT=1\n", to: outer.appendingPathComponent(".env"))
    // Inside a repository: the .env above its root is never read.
    let app = outer.appendingPathComponent("repo/app")
    let inRepository = try rstate(
      ["exec", "--verbose", "-p", String(server.port), "PING"], directory: app)
    #expect(inRepository.status == 0, "\(inRepository.err)")
    let repo = outer.appendingPathComponent("repo").path
    #expect(
      inRepository.err.contains(
        "rstate: .env: none in \(app.path), \(repo) (the repository root)\n"),
      "\(inRepository.err)")
    // Outside one, the search goes on up, as python-dotenv's does.
    let loose = try rstate(
      ["exec", "--verbose", "-p", String(server.port), "PING"],
      directory: outer.appendingPathComponent("loose/app"))
    #expect(loose.err.contains("rstate: .env: \(outer.path)/.env\n"), "\(loose.err)")
  }

  @Test(.enabled(if: canIsolateNetwork))
  func withNoSettingsTheErrorNamesTheDefaultAddressAndWhereItLooked() throws {
    let repo = try tree([".git", "backend"])
    let backend = repo.appendingPathComponent("backend")
    let result = try run(
      "/usr/bin/unshare", ["-rn", rstateBinary, "ping"], environment: [:], stdin: nil,
      directory: backend)
    #expect(result.status == 1)
    #expect(
      result.err.hasPrefix("rstate: cannot connect to 127.0.0.1:\(Endpoint.defaultPort): "),
      "\(result.err)")
    #expect(
      result.err.hasSuffix(
        "; that is the default address, used because no flag or REDIS_* variable gave a "
          + "setting and no .env was found in \(backend.path), \(repo.path) (the repository "
          + "root)\n"), "\(result.err)")
    #expect(result.err.split(separator: "\n").count == 1, "one line")
    // A setting from anywhere is no default: no note then.
    let given = try run(
      "/usr/bin/unshare", ["-rn", rstateBinary, "ping"], environment: ["REDIS_HOST": "127.0.0.1"],
      stdin: nil, directory: backend)
    #expect(given.status == 1)
    #expect(!given.err.contains("default address"), "\(given.err)")
  }
}
