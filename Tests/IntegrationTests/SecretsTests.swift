import Foundation
import RStateCore
import Testing

/// Runs rstate the ways a password reaches it (flags, URLs valid and mistyped, the
/// environment, .env, migrate's ends, the shell) and greps everything it printed and every
/// file it wrote for the password.
@Suite(.enabled(if: RedisServer.shouldRun))
struct SecretsTests {
  static let password = "Zq7-secret-PW"

  @Test func noOutputOrFileEverHoldsThePassword() throws {
    let pw = Self.password
    let server = try RedisServer(config: ["requirepass \(pw)"])
    let port = String(server.port)
    let good = "redis://:\(pw)@127.0.0.1:\(port)/0"
    let mistyped = [
      "redis//:\(pw)@127.0.0.1:\(port)", "redis:/:\(pw)@127.0.0.1", "redis://:\(pw)#x@127.0.0.1",
      "redis://127.0.0.1:\(port)?password=\(pw)?b", "redis:\(pw)@127.0.0.1:\(port)",
      "redis://:\(pw)", "redis://127.0.0.1:\(pw)/0", "redis://u:\(pw)@h%00x:\(port)",
      "rediss://:\(pw)@[::1", "redis://:\(pw)@127.0.0.1/abc", "redis://:\(pw) x@127.0.0.1",
    ]
    let work = try temporaryDirectory()
    var transcripts: [(String, RunResult)] = []
    func record(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil)
      throws
    {
      let result = try rstate(
        arguments, environment: environment, stdin: stdin.map { Data($0.utf8) }, directory: work)
      transcripts.append((arguments.joined(separator: " "), result))
    }

    _ = try rstate(["exec", "-u", good, "SET", "app:1", "v"])
    for url in mistyped {
      try record(["ping", "-u", url])
      try record(["info"], environment: ["REDIS_URL": url])
      try record(["keys", "--verbose"], environment: ["REDIS_URL": url])
      try record(["health", "--format", "json", "-u", url])
      try record(["migrate", "--from", url, "--to", work.appendingPathComponent("out").path])
      try record(["migrate", "--from", good, "--to", url, "--dry-run"])
      try record(["migrate", "--from", good, "--to", url])
      try record(["ping", url])
      try "REDIS_URL=\(url)\n".write(
        to: work.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
      try record(["ping"])
      try record(["exec", "PING"])
    }
    try? FileManager.default.removeItem(at: work.appendingPathComponent(".env"))
    try record(["ping", "-u", good, "--verbose"])
    try record(["info", "--json", "-u", good])
    try record(["exec", "-p", port, "-a", "wrong-\(pw)", "PING"])
    try record(["exec", "-p", port, "PING"], environment: ["REDIS_PASSWORD": "wrong\(pw)"])
    try record(["health", "--format", "nagios", "-u", good])
    try record(
      ["-p", port, "-a", pw], stdin: "GET app:1\nAUTH \(pw)\nAUTH nope\nconnect 127.0.0.1 1\n")
    try record(["migrate", "--from", good, "--to", work.appendingPathComponent("copy.jsonl").path])
    try record(["migrate", "--from", good, "--to", "redis://:wrong\(pw)@127.0.0.1:\(port)/1"])
    try record(["migrate", "--from", good, "--to-db", "2", "-p", port, "--json"])
    try record(["flush", "--pattern", "app:*", "--dry-run", "-u", good])

    for (command, result) in transcripts {
      #expect(!result.out.contains(pw), "stdout of rstate \(command): \(result.out)")
      #expect(!result.err.contains(pw), "stderr of rstate \(command): \(result.err)")
      #expect(
        !result.err.contains("Zq7"), "a piece of the password in rstate \(command): \(result.err)")
    }
    // Nothing written holds it either: not the files, not their names.
    let files = FileManager.default.enumerator(atPath: work.path)?.allObjects as? [String] ?? []
    for name in files {
      #expect(!name.contains(pw), "a file named after the password: \(name)")
      let path = work.appendingPathComponent(name).path
      if let contents = FileManager.default.contents(atPath: path) {
        #expect(!String(decoding: contents, as: UTF8.self).contains(pw), "\(name) holds it")
      }
    }
  }
}
