import Foundation

/// The result of running a program: bytes of stdout and stderr, and the exit status.
struct RunResult {
  var stdout: Data
  var stderr: Data
  var status: Int32

  var out: String { String(decoding: stdout, as: UTF8.self) }
  var err: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs the built `rstate` binary (it sits beside the test bundle) as a user would.
func rstate(
  _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
  directory: URL? = nil
) throws -> RunResult {
  try run(rstateBinary, arguments, environment: environment, stdin: stdin, directory: directory)
}

/// Starts rstate in the background, stderr to `errors` when given, for tests that stop it or
/// change servers while it runs.
func startRState(_ arguments: [String], errors: Pipe? = nil) throws -> Process {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: rstateBinary)
  process.arguments = arguments
  process.standardOutput = FileHandle.nullDevice
  process.standardError = errors ?? FileHandle.nullDevice
  try process.run()
  return process
}

/// Runs Debian's redis-cli with the same conventions, for differential tests.
func redisCLI(_ arguments: [String], stdin: Data? = nil) throws -> RunResult {
  try run("/usr/bin/redis-cli", arguments, environment: [:], stdin: stdin, directory: nil)
}

var rstateBinary: String {
  let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  var directory = testBinary.deletingLastPathComponent()
  // On Linux the tests run from .build/<triple>/debug/<Package>PackageTests.xctest.
  if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
  return directory.appendingPathComponent("rstate").path
}

func run(
  _ executable: String, _ arguments: [String], environment: [String: String], stdin: Data?,
  directory: URL?
) throws -> RunResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  // A clean environment: no REDIS_* from the developer's shell, no colour.
  var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "COLUMNS": "80"]
  env.merge(environment) { $1 }
  process.environment = env
  // A directory with no .env unless the test wrote one.
  process.currentDirectoryURL = directory ?? emptyDirectory
  let outPipe = Pipe()
  let errPipe = Pipe()
  let inPipe = Pipe()
  process.standardOutput = outPipe
  process.standardError = errPipe
  process.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
  try process.run()
  if let stdin {
    inPipe.fileHandleForWriting.write(stdin)
    try inPipe.fileHandleForWriting.close()
  }
  // Read stderr on another thread so a full stderr pipe cannot block the child.
  let errBox = DataBox()
  let group = DispatchGroup()
  DispatchQueue.global().async(group: group) {
    errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile()
  }
  let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  let errData = errBox.data
  process.waitUntilExit()
  return RunResult(stdout: outData, stderr: errData, status: process.terminationStatus)
}

let emptyDirectory: URL = {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "rstate-empty-\(getpid())")
  try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}()

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "rstate-dir-\(UUID().uuidString.prefix(8))")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

private final class DataBox: @unchecked Sendable {
  var data = Data()
}
