import Foundation
import Testing

@testable import RStateCore

@Suite struct DotEnvSearchTests {
  /// A file system of the given files and directories (and their parents).
  func search(from directory: String, files: Set<String>, directories: Set<String> = [])
    -> DotEnvSearch
  {
    DotEnvSearch(from: directory) { path in
      files.contains(path) ? .other : directories.contains(path) ? .directory : .missing
    }
  }

  @Test func theNearestFileUpTheTreeWins() {
    let found = search(from: "/w/app/backend/jobs", files: ["/w/app/.env", "/w/.env"])
    #expect(found.found == "/w/app/.env")
    #expect(found.searched == ["/w/app/backend/jobs", "/w/app/backend", "/w/app"])
    let nearer = search(
      from: "/w/app/backend", files: ["/w/app/.env", "/w/app/backend/.env"])
    #expect(nearer.found == "/w/app/backend/.env")
    #expect(nearer.searched == ["/w/app/backend"])
  }

  @Test func theSearchStopsAtTheRepositoryRoot() {
    // .git as a directory (a clone) or a file (a worktree, a submodule).
    for gitIsDirectory in [true, false] {
      let git: Set<String> = ["/w/app/.git"]
      let result = search(
        from: "/w/app/backend", files: gitIsDirectory ? ["/w/.env"] : git.union(["/w/.env"]),
        directories: gitIsDirectory ? git : [])
      #expect(result.found == nil)
      #expect(result.stoppedAtRepository)
      #expect(result.searched == ["/w/app/backend", "/w/app"])
      #expect(result.searchedDescription == "/w/app/backend, /w/app (the repository root)")
    }
    // The repository root's own .env is found.
    let atRoot = search(from: "/w/app/src", files: ["/w/app/.env"], directories: ["/w/app/.git"])
    #expect(atRoot.found == "/w/app/.env")
  }

  @Test func withoutARepositoryTheSearchGoesToTheRoot() {
    let none = search(from: "/w/app/", files: [])
    #expect(none.found == nil && !none.stoppedAtRepository)
    #expect(none.searched == ["/w/app", "/w", "/"])
    #expect(search(from: "/w/app", files: ["/.env"]).found == "/.env")
    #expect(search(from: "/", files: []).searched == ["/"])
  }

  @Test func aDirectoryNamedDotEnvIsPassedOver() {
    // A virtualenv called .env, as python-dotenv's isfile check passes it over.
    let result = search(
      from: "/w/app", files: ["/w/.env"], directories: ["/w/app/.env"])
    #expect(result.found == "/w/.env")
  }

  /// The same answers as python-dotenv's find_dotenv(usecwd=True) on a real tree, where
  /// it is installed (it does not stop at .git: compared without one).
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/env")))
  func agreesWithPythonDotenv() throws {
    let root = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("rstate-dotenv-\(UUID().uuidString.prefix(8))")
      .resolvingSymlinksInPath()
    let deep = root.appendingPathComponent("a/b/.env/c")
    try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try "X=1\n".write(to: root.appendingPathComponent("a/.env"), atomically: true, encoding: .utf8)
    for start in ["a/b/.env/c", "a/b", "a"] {
      let directory = root.appendingPathComponent(start).path
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [
        "python3", "-c", "import dotenv; print(dotenv.find_dotenv(usecwd=True))",
      ]
      process.currentDirectoryURL = URL(fileURLWithPath: directory)
      let output = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      guard process.terminationStatus == 0 else { return }  // no python3 with python-dotenv
      #expect(
        DotEnvSearch(from: directory).found == text.trimmingCharacters(in: .newlines),
        "from \(start)")
    }
  }
}
