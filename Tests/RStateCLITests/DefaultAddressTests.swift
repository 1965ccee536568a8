import Foundation
import RStateCore
import Testing

@testable import rstate

@Suite(.serialized) struct DefaultAddressTests {
  let refused = RStateError.cannotConnect(endpoint: "127.0.0.1:6379", reason: "connection refused")

  func resolve(_ environment: [String: String], in directory: URL) throws -> ResolvedConnection {
    try SettingsResolver.resolve(
      flags: ConnectionFlags(), environment: environment,
      envFile: .automatic(directory: directory.path))
  }

  @Test func aFailureAtTheDefaultAddressSaysSoAndWhereSettingsWereLookedFor() throws {
    let repo = FileManager.default.temporaryDirectory
      .appendingPathComponent("rstate-default-\(UUID().uuidString.prefix(8))")
      .resolvingSymlinksInPath()
    let nested = repo.appendingPathComponent("src")
    try FileManager.default.createDirectory(
      at: repo.appendingPathComponent(".git"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: repo) }

    DefaultAddress.remember(try resolve([:], in: nested))
    #expect(
      DefaultAddress.suffix(for: refused)
        == "; that is the default address, used because no flag or REDIS_* variable gave a "
        + "setting and no .env was found in \(nested.path), \(repo.path) (the repository root)")
    // Only a failure to reach that address gets it.
    #expect(
      DefaultAddress.suffix(
        for: .cannotConnect(endpoint: "127.0.0.1:6380", reason: "connection refused")) == "")
    #expect(DefaultAddress.suffix(for: .usage("x")) == "")

    try "OTHER=1\n".write(
      to: repo.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
    DefaultAddress.remember(try resolve([:], in: nested))
    #expect(
      DefaultAddress.suffix(for: refused).hasSuffix(
        "and \(repo.path)/.env sets no REDIS_* variable"))
    // A setting from anywhere means the address was chosen: no note.
    DefaultAddress.remember(try resolve(["REDIS_PORT": "6379"], in: nested))
    #expect(DefaultAddress.suffix(for: refused) == "")
  }
}
