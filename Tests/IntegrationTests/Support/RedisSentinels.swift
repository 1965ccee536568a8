import Foundation
import RStateCore

/// One primary, one replica and three sentinels watching them as `mymaster`, on loopback,
/// each a private process stopped by its pid.
final class RedisSentinels: @unchecked Sendable {
  let primary: RedisServer
  let replica: RedisServer
  let ports: [Int]
  private let processes: [Process]
  let directory: URL
  private let sentinelPassword: String?

  init(sentinelPassword: String? = nil) throws {
    self.sentinelPassword = sentinelPassword
    primary = try RedisServer()
    replica = try RedisServer(config: ["replicaof 127.0.0.1 \(primary.port)"])
    directory = try temporaryDirectory()
    var ports: [Int] = []
    var processes: [Process] = []
    for index in 0..<3 {
      let port = try RedisServer.freePort()
      var lines = [
        "port \(port)", "bind 127.0.0.1", "dir \(directory.path)",
        "logfile \(directory.appendingPathComponent("sentinel-\(index).log").path)",
        "sentinel monitor mymaster 127.0.0.1 \(primary.port) 2",
        "sentinel down-after-milliseconds mymaster 1000",
        "sentinel failover-timeout mymaster 3000",
      ]
      if let sentinelPassword { lines.append("requirepass \(sentinelPassword)") }
      let file = directory.appendingPathComponent("sentinel-\(index).conf")
      try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: RedisServer.executable!)
      process.arguments = [file.path, "--sentinel"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      StoppedAtExit.register(process.processIdentifier)
      ports.append(port)
      processes.append(process)
    }
    self.ports = ports
    self.processes = processes
    try waitUntil("the sentinels know the replica") {
      try ports.allSatisfy { port in
        let listed = try self.ask(port, "SENTINEL", "REPLICAS", "mymaster")
        return Self.texts(listed).contains(String(self.replica.port))
      }
    }
    try waitUntil("the replica is in sync") {
      let info = try self.replica.connection().send(Command("INFO", "replication")).text ?? ""
      return info.contains("master_link_status:up")
    }
  }

  deinit { for process in processes where process.isRunning { process.terminate() } }

  /// `redis+sentinel://127.0.0.1:A,127.0.0.1:B,127.0.0.1:C/mymaster`
  var url: String {
    "redis+sentinel://" + ports.map { "127.0.0.1:\($0)" }.joined(separator: ",") + "/mymaster"
  }

  /// The primary's port as the sentinels now say.
  func primaryPort() throws -> Int {
    let reply = try ask(ports[0], "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")
    guard case .array(let parts) = reply, parts.count == 2,
      let port = parts[1].text.flatMap(Int.init)
    else { throw TestFailure("no primary: \(reply)") }
    return port
  }

  /// SENTINEL FAILOVER, then waits until the sentinels name the replica as primary and it
  /// says so itself.
  func failOver() throws {
    let before = try primaryPort()
    _ = try ask(ports[0], "SENTINEL", "FAILOVER", "mymaster")
    try waitUntil("the failover") {
      guard try self.primaryPort() != before else { return false }
      let role = try self.replica.connection().send(Command("ROLE"))
      guard case .array(let parts) = role else { return false }
      return parts.first?.text == "master"
    }
  }

  func ask(_ port: Int, _ words: String...) throws -> RESPValue {
    let connection = Connection(
      settings: ConnectionSettings(
        endpoint: .tcp(host: "127.0.0.1", port: port),
        password: sentinelPassword.map(Secret.init), clientName: nil))
    return try connection.send(Command(words.map { Array($0.utf8) }))
  }

  /// Every string in a reply, nested arrays included.
  private static func texts(_ reply: RESPValue) -> [String] {
    if case .array(let items) = reply { return items.flatMap(texts) }
    return reply.text.map { [$0] } ?? []
  }

  private func waitUntil(_ what: String, timeout: Double = 30, _ done: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if (try? done()) == true { return }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw TestFailure("timed out waiting for \(what)")
  }
}
