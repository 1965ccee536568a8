import Foundation
import RStateCore
import Testing

/// Keys that break shell pipelines: spaces, quotes, newlines, NUL bytes, invalid UTF-8, and
/// a 1 MB name.
let awkwardKeys: [[UInt8]] = [
  Array("plain:1".utf8), Array("with space:2".utf8), Array("quote\"d:'3'".utf8),
  Array("new\nline:4".utf8), Array("nul\u{0}byte:5".utf8), [0x78, 0xFF, 0xFE, 0x3A, 0x36],
  Array("tab\there:7".utf8), Array("café ☕:8".utf8),
  Array(repeating: UInt8(ascii: "k"), count: 1 << 20),
]

func seed(_ server: RedisServer, keys: [[UInt8]], ttl: Int? = nil) throws {
  let connection = server.connection()
  var commands = keys.map { Command([Array("SET".utf8), $0, Array("v".utf8)]) }
  if let ttl {
    commands = keys.map {
      Command([Array("SET".utf8), $0, Array("v".utf8), Array("EX".utf8), Array(String(ttl).utf8)])
    }
  }
  for reply in try connection.pipeline(commands) { #expect(reply == .status(Array("OK".utf8))) }
}

@Suite(.enabled(if: RedisServer.shouldRun))
struct KeysTests {
  @Test func pipedOutputIsOneRawKeyPerLine() throws {
    let server = try RedisServer()
    let simple = (1...2500).map { Array("user:\($0)".utf8) }
    try seed(server, keys: simple + [Array("other".utf8)])
    let result = try rstate(["keys", "-s", server.socketPath, "--pattern", "user:*"])
    #expect(result.status == 0)
    let lines = Set(result.out.split(separator: "\n").map { Array($0.utf8) })
    #expect(lines == Set(simple))
  }

  @Test func terminalOutputQuotesLikeRedisCLI() throws {
    let server = try RedisServer()
    try seed(server, keys: awkwardKeys)
    let ours = try rstate(["keys", "-s", server.socketPath], environment: ["RSTATE_FAKE_TTY": "1"])
    let theirs = try run(
      "/usr/bin/redis-cli", ["-s", server.socketPath, "--scan"], environment: ["FAKETTY": "1"],
      stdin: nil, directory: nil)
    #expect(ours.status == 0)
    let mine = Set(ours.out.split(separator: "\n"))
    #expect(mine == Set(theirs.out.split(separator: "\n")))
    #expect(mine.contains("\"nul\\x00byte:5\""))
    #expect(mine.contains("\"x\\xff\\xfe:6\""))
    #expect(mine.contains("\"new\\nline:4\""))
  }

  @Test func nulSeparatedKeysFeedXargsBackUnchanged() throws {
    let server = try RedisServer()
    let keys = awkwardKeys.filter { !$0.contains(0) && $0.count < 1000 }
    try seed(server, keys: keys)
    let listed = try rstate(["keys", "-s", server.socketPath, "-0"])
    let parts = listed.stdout.split(separator: 0, omittingEmptySubsequences: false).dropLast()
    #expect(Set(parts.map { Array($0) }) == Set(keys))
    // xargs -0 hands each key to rstate exec as one argument, bytes intact.
    let exists = try run(
      "/usr/bin/xargs", ["-0", rstateBinary, "exec", "-s", server.socketPath, "EXISTS"],
      environment: [:], stdin: listed.stdout, directory: nil)
    #expect(exists.out == "\(keys.count)\n", "\(exists.err)")
  }

  @Test func jsonLinesCarryNonUTF8KeysAsBase64() throws {
    let server = try RedisServer()
    try seed(server, keys: awkwardKeys)
    let result = try rstate(["keys", "-s", server.socketPath, "--json"])
    var decoded = Set<[UInt8]>()
    for line in result.out.split(separator: "\n") {
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      if let text = object["key"] as? String {
        decoded.insert(Array(text.utf8))
      } else {
        let wrapped = try #require(object["key"] as? [String: String])
        decoded.insert(Array(try #require(Data(base64Encoded: wrapped["base64"] ?? ""))))
      }
    }
    #expect(decoded == Set(awkwardKeys))
  }

  @Test func longAddsTypeTTLAndMemory() throws {
    let server = try RedisServer()
    try seed(server, keys: [Array("session:a".utf8)], ttl: 3600)
    _ = try server.connection().send(Command("RPUSH", "queue:jobs", "1", "2"))
    let piped = try rstate(["keys", "-s", server.socketPath, "--long"])
    let rows = Dictionary(
      uniqueKeysWithValues: piped.out.split(separator: "\n").map { line -> (String, [Substring]) in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        return (String(fields[3]), fields)
      })
    #expect(rows["queue:jobs"]?[0] == "list")
    #expect(rows["queue:jobs"]?[1] == "-1")
    #expect(rows["session:a"]?[0] == "string")
    #expect(Int(rows["session:a"]?[1] ?? "") ?? 0 > 3_500_000)
    #expect(Int(rows["session:a"]?[2] ?? "") ?? 0 > 0)
    let terminal = try rstate(
      ["keys", "-s", server.socketPath, "--long", "--pattern", "session:*"],
      environment: ["RSTATE_FAKE_TTY": "1"])
    #expect(terminal.out.hasPrefix("string "))
    #expect(terminal.out.contains("59m"))
    #expect(terminal.out.hasSuffix("\"session:a\"\n"))
  }

  @Test func countOnlyLimitTypeAndUnique() throws {
    let server = try RedisServer()
    try seed(server, keys: (1...300).map { Array("k:\($0)".utf8) })
    _ = try server.connection().send(Command("HSET", "k:hash", "f", "v"))
    #expect(try rstate(["keys", "-s", server.socketPath, "--count-only"]).out == "301\n")
    #expect(
      try rstate(["keys", "-s", server.socketPath, "--count-only", "--type", "hash"]).out == "1\n")
    let limited = try rstate(["keys", "-s", server.socketPath, "--limit", "7", "--count", "10"])
    #expect(limited.out.split(separator: "\n").count == 7)
    let unique = try rstate(["keys", "-s", server.socketPath, "--unique", "--count", "7"])
    #expect(Set(unique.out.split(separator: "\n")).count == unique.out.split(separator: "\n").count)
    #expect(unique.out.split(separator: "\n").count == 301)
  }
}
