import Foundation
import RStateCore
import Testing

@Suite(.enabled(if: RedisServer.shouldRun))
struct TTLTests {
  @Test func namedKeysInWordsSecondsOrJSON() throws {
    let server = try RedisServer()
    try seed(server, keys: [Array("session:a".utf8)], ttl: 86_400)
    try seed(server, keys: [Array("forever".utf8)])
    let terminal = try rstate(
      ["ttl", "-s", server.socketPath, "session:a", "forever"],
      environment: ["RSTATE_FAKE_TTY": "1"])
    #expect(terminal.status == 0)
    let lines = terminal.out.split(separator: "\n")
    #expect(lines[0].hasPrefix("\"session:a\"\t23h 59m ") || lines[0] == "\"session:a\"\t1d 0h 0m")
    #expect(lines[1] == "\"forever\"\tno expiry")
    let piped = try rstate(["ttl", "-s", server.socketPath, "session:a"])
    #expect(piped.out == "86400\n")
    let json = try rstate([
      "ttl", "-s", server.socketPath, "--json", "session:a", "forever", "gone",
    ])
    #expect(json.status == 1, "a missing key exits 1")
    let objects = try json.out.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect((objects[0]["ttl_ms"] as? Int ?? 0) > 86_000_000)
    #expect(objects[1]["state"] as? String == "no_expiry")
    #expect(objects[2]["state"] as? String == "missing")
  }

  @Test func missingKeyExitsOne() throws {
    let server = try RedisServer()
    let result = try rstate(["ttl", "-s", server.socketPath, "nope"])
    #expect(result.status == 1)
    #expect(result.out == "missing\n")
  }

  @Test func summaryGroupsByPrefixAndFlagsLeaks() throws {
    let server = try RedisServer()
    try seed(server, keys: (1...40).map { Array("session:\($0)".utf8) }, ttl: 1800)
    try seed(server, keys: (1...25).map { Array("document_workflow:\($0)".utf8) })
    try seed(server, keys: (1...5).map { Array("cache:dataset:\($0)".utf8) }, ttl: 30)
    let result = try rstate(["ttl", "-s", server.socketPath, "--pattern", "*", "--summary"])
    let lines = result.out.split(separator: "\n")
    #expect(lines[0].hasPrefix("prefix"))
    #expect(lines[1].hasPrefix("\"session:\"") && lines[1].contains(" 40 "))
    #expect(lines[2].hasPrefix("\"document_workflow:\"") && lines[2].hasSuffix("never expires"))
    #expect(lines[3].hasPrefix("\"cache:dataset:\""))
    let json = try rstate(["ttl", "-s", server.socketPath, "--pattern", "*", "--summary", "--json"])
    let rows = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
    let workflows = try #require(rows.first { $0["prefix"] as? String == "document_workflow:" })
    #expect(workflows["no_expiry"] as? Int == 25)
    #expect(workflows["never_expires"] as? Bool == true)
    let cache = try #require(rows.first { $0["prefix"] as? String == "cache:dataset:" })
    #expect(cache["under_1m"] as? Int == 5)
  }

  @Test func setNeedsYesThenFixesOnlyKeysWithoutExpiry() throws {
    let server = try RedisServer()
    try seed(server, keys: (1...30).map { Array("state:\($0)".utf8) })
    try seed(server, keys: [Array("state:kept".utf8)], ttl: 99)
    let refused = try rstate([
      "ttl", "-s", server.socketPath, "--pattern", "state:*", "--set", "600", "--only-missing",
    ])
    #expect(refused.status == 64)
    #expect(refused.err.contains("30 keys without an expiry matching 'state:*'"))
    #expect(refused.err.contains("refusing to set expiries without --yes"))
    #expect(
      try server.connection().send(Command("TTL", "state:1")) == .integer(-1), "nothing changed")
    let dry = try rstate([
      "ttl", "-s", server.socketPath, "--pattern", "state:*", "--set", "600", "--dry-run",
    ])
    #expect(dry.status == 0 && dry.err.contains("dry run"))
    let done = try rstate(
      [
        "ttl", "-s", server.socketPath, "--pattern", "state:*", "--set", "600", "--only-missing",
        "--yes",
      ])
    #expect(done.status == 0)
    #expect(done.out.hasPrefix("set an expiry of 600s on 30 keys"))
    let connection = server.connection()
    // Ranges, not exact seconds: a loaded machine may take a second between steps.
    guard case .integer(let set) = try connection.send(Command("TTL", "state:1")),
      case .integer(let kept) = try connection.send(Command("TTL", "state:kept"))
    else {
      Issue.record("TTL did not answer with integers")
      return
    }
    #expect((590...600).contains(set), "the new expiry")
    #expect((1...100).contains(kept), "a key that had an expiry keeps its own")
  }
}
