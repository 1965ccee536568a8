import Foundation
import RStateCore
import Testing

/// A private redis-server for one test: its own temporary directory, a free loopback port and
/// a unix socket, no persistence; stopped by its own pid. Never the developer's 6379.
final class RedisServer: @unchecked Sendable {
  let port: Int
  let socketPath: String
  let directory: URL
  private let process: Process

  /// True when tests that need a server should run: always on CI, where a missing
  /// redis-server must fail the run rather than skip it.
  static var shouldRun: Bool {
    ProcessInfo.processInfo.environment["CI"] != nil || executable != nil
  }

  static var executable: String? {
    let paths =
      (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/sbin")
      .split(separator: ":") + ["/usr/sbin", "/usr/bin"]
    return paths.map { "\($0)/redis-server" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// Starts a server with extra `redis.conf` lines (e.g. `requirepass secret`) and waits for
  /// it to answer PING. `port` picks a fixed port (for tests that start a server late);
  /// `dataset` is an RDB file the server loads at start.
  /// `reusing` starts the server in the directory of one that was stopped (its AOF or RDB).
  init(
    config: [String] = [], port fixedPort: Int? = nil, dataset: URL? = nil,
    reusing previous: URL? = nil
  ) throws {
    guard let executable = Self.executable else {
      throw TestFailure("redis-server is not installed (apt-get install redis-server)")
    }
    directory =
      previous
      ?? FileManager.default.temporaryDirectory
      .appendingPathComponent("rstate-test-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    port = try fixedPort ?? Self.freePort()
    socketPath = directory.appendingPathComponent("redis.sock").path
    let lines =
      [
        "port \(port)", "bind 127.0.0.1", "unixsocket \(socketPath)", "unixsocketperm 700",
        "save \"\"", "appendonly no", "dbfilename dump.rdb", "dir \(directory.path)",
        "logfile \(directory.appendingPathComponent("redis.log").path)", "daemonize no",
      ] + config
    if let dataset {
      try FileManager.default.copyItem(
        at: dataset, to: directory.appendingPathComponent("dump.rdb"))
    }
    let configFile = directory.appendingPathComponent("redis.conf")
    try? FileManager.default.removeItem(at: configFile)
    try? FileManager.default.removeItem(atPath: socketPath)
    try lines.joined(separator: "\n").write(to: configFile, atomically: true, encoding: .utf8)
    process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [configFile.path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    try waitUntilReady()
    StoppedAtExit.register(process.processIdentifier)
  }

  deinit { stop() }

  /// Stops the server by its own pid and waits for it to exit. SIGKILL, because the test
  /// runner's threads block SIGTERM and children inherit that mask; with no persistence
  /// there is nothing a clean shutdown would save.
  func stop() {
    guard process.isRunning else { return }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  var log: String {
    (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
  }

  var endpoint: Endpoint { .tcp(host: "127.0.0.1", port: port) }

  /// A raw connection for setting up state, authenticated with `password` when given.
  func connection(user: String? = nil, password: String? = nil, db: Int = 0) -> Connection {
    Connection(
      settings: ConnectionSettings(
        endpoint: .unix(path: socketPath), db: db, user: user,
        password: password.map(Secret.init), clientName: nil))
  }

  private func waitUntilReady() throws {
    let probe = connection()
    for _ in 0..<500 {
      guard process.isRunning else { break }
      // Any reply will do: a server with requirepass answers NOAUTH, and that is ready too.
      if (try? probe.send(Command("PING"))) != nil { return }
      probe.close()
      Thread.sleep(forTimeInterval: 0.02)
    }
    throw TestFailure("redis-server on port \(port) did not start. Its log:\n\(log)")
  }

  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    guard bound else { throw TestFailure("no free loopback port") }
    let port = Int(UInt16(bigEndian: address.sin_port))
    guard port != 6379 else { return try freePort() }
    return port
  }
}

struct TestFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// Servers that a test shares across a suite (a cluster in a static) are never deinitialised:
/// every server's pid is kept here and killed when the test process exits, so none outlives it.
enum StoppedAtExit {
  nonisolated(unsafe) private static var pids: [pid_t] = []
  private static let lock = NSLock()

  static func register(_ pid: pid_t) {
    lock.withLock {
      if pids.isEmpty { atexit { StoppedAtExit.killAll() } }
      pids.append(pid)
    }
  }

  private static func killAll() {
    lock.withLock { for pid in pids { kill(pid, SIGKILL) } }
  }
}
