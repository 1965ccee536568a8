import ArgumentParser
import Foundation
import Testing

@testable import rstate

/// The completion scripts and the man page are generated from the parser and committed;
/// these fail when they drift from it (`make docs` regenerates them).
@Suite struct GeneratedFilesTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test(arguments: [
    (CompletionShell.bash, "completions/rstate.bash"),
    (CompletionShell.zsh, "completions/_rstate"),
    (CompletionShell.fish, "completions/rstate.fish"),
  ])
  func completionScriptIsCurrent(shell: CompletionShell, path: String) throws {
    let committed = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    // `--generate-completion-script` prints the script and a newline; the files hold that.
    #expect(
      committed == RState.completionScript(for: shell) + "\n", "run `make docs` and commit \(path)")
  }

  /// Regenerates the page with argument-parser's own generator (built by `make test`, which
  /// runs the GenerateManual plugin first) and compares everything but the date line.
  @Test func manPageIsCurrent() throws {
    let buildDirectory = URL(fileURLWithPath: rstateBinaryPath).deletingLastPathComponent()
    let tool = buildDirectory.appendingPathComponent("generate-manual-tool")
    guard FileManager.default.isExecutableFile(atPath: tool.path) else {
      Issue.record("\(tool.path) is missing: run `make test`, which builds it")
      return
    }
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("rstate-man-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = tool
    process.arguments = [rstateBinaryPath, "--section", "1", "--output-directory", output.path]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let generated = try String(
      contentsOf: output.appendingPathComponent("rstate.1"), encoding: .utf8)
    let committed = try String(
      contentsOf: Self.root.appendingPathComponent("man/rstate.1"), encoding: .utf8)
    #expect(
      withoutDate(generated) == withoutDate(committed), "run `make docs` and commit man/rstate.1")
  }

  private func withoutDate(_ page: String) -> [Substring] {
    page.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(".Dd ") }
  }
}

/// The debug `rstate` binary, which sits beside the test bundle.
var rstateBinaryPath: String {
  var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    .deletingLastPathComponent()
  if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
  return directory.appendingPathComponent("rstate").path
}
