import Foundation
import Testing

@testable import RStateCore

/// Settings files that are hostile or mistaken: FIFOs and devices where a file should be,
/// files far larger than any settings file, and TOML nested deep enough to overflow the stack
/// of a recursive reader. Each is refused with a one-line message, never read without end.
@Suite struct SettingsFileLimitTests {
  func directory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("rstate-limits-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func message(_ body: () throws -> Void) -> RStateError? {
    do {
      try body()
      return nil
    } catch {
      return error as? RStateError
    }
  }

  @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
    let fifo = try directory().appendingPathComponent(".env").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let error = message { _ = try TextFile.readSettings(fifo) }
    #expect(
      error?.description == "\(fifo) is not a regular file (it is a FIFO); give the path of a file")
    #expect(error?.isUsageError == true)
  }

  @Test func devicesAndDirectoriesAreRefused() throws {
    #expect(
      message { _ = try TextFile.readSettings("/dev/zero") }?.description
        == "/dev/zero is not a regular file (it is a character device); give the path of a file")
    let folder = try directory().path
    #expect(
      message { _ = try TextFile.readRegular(folder, limit: 10) }?.description
        == "\(folder) is not a regular file (it is a directory); give the path of a file")
  }

  @Test func aFileOverTheLimitIsRefused() throws {
    let path = try directory().appendingPathComponent("rstate.toml").path
    try Data(repeating: UInt8(ascii: "#"), count: TextFile.settingsLimit + 1).write(
      to: URL(fileURLWithPath: path))
    #expect(
      message { _ = try TextFile.readSettings(path) }?.description
        == "\(path) is larger than 1 MiB, the most rstate reads from such a file")
    try Data(repeating: UInt8(ascii: "#"), count: TextFile.settingsLimit).write(
      to: URL(fileURLWithPath: path))
    #expect(try TextFile.readSettings(path)?.utf8.count == TextFile.settingsLimit)
  }

  @Test func regularAndMissingFiles() throws {
    let folder = try directory()
    let path = folder.appendingPathComponent("data").path
    try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
    #expect(try TextFile.readRegular(path, limit: 3) == Array("abc".utf8))
    #expect(
      message { _ = try TextFile.readRegular(path, limit: 2) }?.description
        == "\(path) is larger than 2 bytes, the most rstate reads from such a file")
    #expect(try TextFile.readRegular(folder.appendingPathComponent("none").path, limit: 9) == nil)
    // A symbolic link to a regular file is that file.
    let link = folder.appendingPathComponent("link").path
    #expect(symlink(path, link) == 0)
    #expect(try TextFile.readRegular(link, limit: 9) == Array("abc".utf8))
  }

  @Test func aDotEnvThatIsAFIFOStopsTheResolver() throws {
    let folder = try directory()
    #expect(mkfifo(folder.appendingPathComponent(".env").path, 0o600) == 0)
    let error = message {
      _ = try SettingsResolver.resolve(
        flags: ConnectionFlags(), environment: [:], envFile: .automatic(directory: folder.path))
    }
    #expect(
      error?.description.hasSuffix(
        ".env is not a regular file (it is a FIFO); give the path of a file") == true)
  }

  @Test func aProjectFileInAParentThatIsADeviceOrFIFOIsRefused() throws {
    let parent = try directory()
    let child = parent.appendingPathComponent("app/src")
    try FileManager.default.createDirectory(at: child, withIntermediateDirectories: true)
    let fifo = parent.appendingPathComponent("rstate.toml").path
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(
      message { _ = try ProjectConfig.load(explicit: nil, from: child.path) }?.description
        == "\(fifo) is not a regular file (it is a FIFO); give the path of a file")
    #expect(
      message { _ = try ProjectConfig.load(explicit: "/dev/zero", from: child.path) }?
        .description
        == "/dev/zero is not a regular file (it is a character device); give the path of a file")
  }

  // MARK: TOML nesting

  /// Each of these crashed the reader (a stack overflow) before it had a depth limit.
  static let deep: [(name: String, text: String, reason: String)] = [
    (
      "50,000 '['", "a = " + String(repeating: "[", count: 50_000) + "\n",
      "tables and arrays nested more than 64 levels deep"
    ),
    (
      "a 20,000-part table header",
      "[" + Array(repeating: "a", count: 20_000).joined(separator: ".") + "]\n",
      "a key of more than 64 dotted parts"
    ),
    (
      "deep inline tables",
      "a = " + String(repeating: "{b = ", count: 20_000) + "1"
        + String(repeating: "}", count: 20_000) + "\n",
      "tables and arrays nested more than 64 levels deep"
    ),
    (
      "a 20,000-part dotted key",
      Array(repeating: "a", count: 20_000).joined(separator: ".") + " = 1\n",
      "a key of more than 64 dotted parts"
    ),
    (
      "arrays of inline tables", "a = " + String(repeating: "[{b = ", count: 10_000),
      "tables and arrays nested more than 64 levels deep"
    ),
    (
      "headers and dotted keys that add up",
      "[" + Array(repeating: "a", count: 40).joined(separator: ".") + "]\n"
        + Array(repeating: "b", count: 30).joined(separator: ".") + " = 1\n",
      "tables and arrays nested more than 64 levels deep"
    ),
  ]

  @Test(arguments: deep.map(\.name))
  func deepNestingIsAnErrorNotACrash(name: String) {
    let (_, text, reason) = Self.deep.first { $0.name == name }!
    do {
      _ = try TOML.parse(text)
      Issue.record("expected an error")
    } catch {
      #expect(error.reason == reason)
    }
  }

  @Test func sixtyFourLevelsAreRead() throws {
    func arrays(_ depth: Int) -> String {
      "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
    }
    #expect(try TOML.parse(arrays(64))["a"] != nil)
    #expect(throws: TOMLError.self) { try TOML.parse(arrays(65)) }
    let header = "[" + Array(repeating: "t", count: 64).joined(separator: ".") + "]\nx = 1\n"
    #expect(try TOML.parse(header)["t"] != nil)
    let tooDeep = "[" + Array(repeating: "t", count: 64).joined(separator: ".") + "]\nx = []\n"
    #expect(throws: TOMLError.self) { try TOML.parse(tooDeep) }
  }

  @Test func manyArrayTablesAreReadInLinearTime() throws {
    // 170,000 `[[a]]` fill 1 MiB; rebuilding the array for each took minutes.
    let text = String(repeating: "[[a]]\n", count: 170_000)
    #expect(try TOML.parse(text)["a"]?.array?.count == 170_000)
  }

  @Test func aDeepProjectFileIsASettingsErrorWithLineAndColumn() throws {
    let folder = try directory()
    let path = folder.appendingPathComponent("rstate.toml").path
    try Data(("# project\nx = " + String(repeating: "[", count: 50_000) + "\n").utf8).write(
      to: URL(fileURLWithPath: path))
    let error = message { _ = try ProjectConfig.load(explicit: nil, from: folder.path) }
    #expect(
      error?.description == "\(path):2:69: tables and arrays nested more than 64 levels deep")
    #expect(error?.isUsageError == true)
  }
}
