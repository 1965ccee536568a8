import Foundation
import Glibc
import Synchronization

/// How a fake server misbehaves. The handshake (CLIENT SETNAME, AUTH, SELECT, HELLO) is
/// answered +OK at once unless the behaviour is about the connection itself, so that each
/// behaviour reaches the command under test.
enum HostileBehaviour: String, CaseIterable, Sendable {
  /// A reply that is not RESP.
  case malformed
  /// `$999999999999` and then bytes without end.
  case hugeBulk
  /// `*999999999` and then elements without end.
  case hugeArray
  /// 100,000 nested `*1`.
  case deepNesting
  /// A status line that never ends.
  case endlessLine
  /// A reply that never ends, one byte every 0.5 s.
  case drip
  /// The connection is closed as soon as it is accepted.
  case closeImmediately
  /// Half a reply, then the connection is closed.
  case closeMidReply
  /// Sensible replies, each followed by bytes that are not RESP.
  case garbageAfterReply
  /// Sensible replies whose text holds terminal escape sequences.
  case escapes
  /// `+PONG` to everything, INFO included.
  case pongToEverything
  /// Reads everything, answers nothing.
  case neverAnswer
  /// Not hostile, only large: a 50 MB error line (hiredis alone read it in quadratic time).
  case longErrorLine
  /// A sensible server whose INFO, SLOWLOG and LATENCY figures are absurd: negative,
  /// beyond Int64, inf, nan, a replica count of 2^63.
  case absurdInfo
  /// A sensible server whose INFO is as large as rstate accepts: nearly 4 MiB, 19,000 fields.
  case bloatedInfo

  /// The behaviours of the hostile-server matrix.
  static let matrix = allCases.filter { ![.longErrorLine, .absurdInfo, .bloatedInfo].contains($0) }
}

/// A scripted fake Redis on a loopback port: one thread accepts, one thread serves each
/// connection. Stopped by `stop()`; a serving thread ends when its client goes away.
final class FakeRedis: Sendable {
  let port: Int
  let behaviour: HostileBehaviour
  private let listener: Int32
  private let stopped = Atomic<Bool>(false)

  init(_ behaviour: HostileBehaviour) throws {
    self.behaviour = behaviour
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { throw FakeRedisError.socket(errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(descriptor, 128) == 0 else {
      close(descriptor)
      throw FakeRedisError.socket(errno)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(descriptor, $0, &length)
      }
    }
    listener = descriptor
    port = Int(UInt16(bigEndian: address.sin_port))
    let server = self
    Thread.detachNewThread { server.acceptLoop() }
  }

  func stop() {
    guard !stopped.exchange(true, ordering: .relaxed) else { return }
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  deinit { stop() }

  private func acceptLoop() {
    while !stopped.load(ordering: .relaxed) {
      let client = GNU.accept4(listener, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
      if client < 0 {
        if errno == EINTR { continue }
        return
      }
      let behaviour = self.behaviour
      Thread.detachNewThread {
        var connection = FakeConnection(descriptor: client, behaviour: behaviour)
        connection.serve()
        close(client)
      }
    }
  }
}

enum FakeRedisError: Error { case socket(Int32) }

/// One client of the fake server.
private struct FakeConnection {
  let descriptor: Int32
  let behaviour: HostileBehaviour
  private var input: [UInt8] = []

  init(descriptor: Int32, behaviour: HostileBehaviour) {
    self.descriptor = descriptor
    self.behaviour = behaviour
  }

  mutating func serve() {
    if behaviour == .closeImmediately { return }
    if behaviour == .drip, firstByte() == 0x16 {
      // A TLS ClientHello: the start of a handshake record, then a byte every half second.
      guard send([0x16, 0x03, 0x03, 0x00, 0x40]) else { return }
      while send([0x02]) { usleep(500_000) }
      return
    }
    while let command = nextCommand() {
      let name = command.first.map { String(decoding: $0, as: UTF8.self).lowercased() } ?? ""
      if behaviour == .neverAnswer { continue }
      if ["client", "auth", "select", "hello"].contains(name) {
        guard send(Array("+OK\r\n".utf8)) else { return }
        continue
      }
      guard answer(command, name: name) else { return }
    }
  }

  /// Answers one command the hostile way; false when the connection is done.
  private func answer(_ command: [[UInt8]], name: String) -> Bool {
    switch behaviour {
    case .malformed:
      return send(Array("?this is not RESP\r\n".utf8))
    case .hugeBulk:
      guard send(Array("$999999999999\r\n".utf8)) else { return false }
      return endless([UInt8](repeating: UInt8(ascii: "a"), count: 64 << 10))
    case .hugeArray:
      guard send(Array("*999999999\r\n".utf8)) else { return false }
      return endless(Array(String(repeating: ":1\r\n", count: 16 << 10).utf8))
    case .deepNesting:
      guard send(Array(String(repeating: "*1\r\n", count: 100_000).utf8)) else { return false }
      return true
    case .endlessLine:
      guard send(Array("+".utf8)) else { return false }
      return endless([UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10))
    case .drip:
      // A status line that never ends, a byte every half second.
      guard send(Array("+".utf8)) else { return false }
      while send(Array("x".utf8)) { usleep(500_000) }
      return false
    case .closeMidReply:
      _ = send(Array("$10\r\nabc".utf8))
      return false
    case .garbageAfterReply:
      return send(Self.sensible(name, command) + [0x00, 0xFF] + Array("garbage\r\n".utf8))
    case .escapes:
      return send(Self.escaped(name))
    case .pongToEverything:
      return send(Array("+PONG\r\n".utf8))
    case .longErrorLine:
      return send(
        Array("-ERR ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 50_000_000)
          + Array("\r\n".utf8))
    case .bloatedInfo:
      return send(name == "info" ? Self.bloatedInfo : Self.sensible(name, command))
    case .absurdInfo:
      switch name {
      case "info": return send(Self.bulk(Array(Self.absurdInfo.utf8)))
      case "slowlog":
        return send(
          Array(
            "*1\r\n*4\r\n:1\r\n:-9223372036854775808\r\n:9223372036854775807\r\n*0\r\n".utf8))
      case "latency":
        return send(
          Array(
            ("*1\r\n*4\r\n$7\r\ncommand\r\n:-9223372036854775808\r\n"
              + ":9223372036854775807\r\n:9223372036854775807\r\n").utf8))
      default: return send(Self.sensible(name, command))
      }
    case .closeImmediately, .neverAnswer:
      return false
    }
  }

  /// What a small, empty Redis would answer.
  static func sensible(_ name: String, _ command: [[UInt8]]) -> [UInt8] {
    switch name {
    case "ping": return Array("+PONG\r\n".utf8)
    case "info": return bulk(Array(sensibleInfo.utf8))
    case "scan", "sscan", "hscan", "zscan": return Array("*2\r\n$1\r\n0\r\n*0\r\n".utf8)
    case "dbsize", "exists", "del", "unlink": return Array(":0\r\n".utf8)
    case "get": return Array("$-1\r\n".utf8)
    case "type": return Array("+none\r\n".utf8)
    case "config", "command", "slowlog", "latency": return Array("*0\r\n".utf8)
    case "cluster":
      return Array("-ERR This instance has cluster support disabled\r\n".utf8)
    default: return Array("+OK\r\n".utf8)
    }
  }

  static let sensibleInfo =
    "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nuptime_in_seconds:10\r\n"
    + "\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\n\r\n# Keyspace\r\n"

  static let absurdInfo =
    [
      "# Server", "redis_version:7.2.0", "redis_mode:standalone",
      "uptime_in_seconds:-9223372036854775808", "server_time_usec:9223372036854775807",
      "# Clients", "connected_clients:99999999999999999999", "blocked_clients:-1",
      "maxclients:-1", "# Memory", "used_memory:9223372036854775807",
      "used_memory_peak:-9223372036854775808", "maxmemory:1", "maxmemory_policy:allkeys-lru",
      "mem_fragmentation_ratio:1e308", "mem_fragmentation_bytes:9223372036854775807",
      "# Persistence", "loading:0", "rdb_changes_since_last_save:-1",
      "rdb_last_save_time:-9223372036854775808", "rdb_last_bgsave_status:ok",
      "rdb_saves:9223372036854775807", "aof_enabled:0", "# Stats",
      "evicted_keys:9223372036854775807", "keyspace_hits:9223372036854775807",
      "keyspace_misses:9223372036854775807", "rejected_connections:-9223372036854775808",
      "instantaneous_ops_per_sec:nan", "# Replication", "role:master",
      "connected_slaves:9223372036854775807",
      "slave0:ip=10.0.0.1,port=1,state=online,offset=1,lag=inf",
      "slave1:ip=10.0.0.1,port=1,state=online,offset=1,lag=nan",
      "slave2:ip=10.0.0.1,port=1,state=online,offset=1,lag=1e400",
      "master_last_io_seconds_ago:-9223372036854775808", "# Errorstats",
      "errorstat_OOM:count=9223372036854775807", "# Keyspace",
      "db0:keys=9223372036854775807,expires=-9223372036854775808,avg_ttl=0",
      "db99999999999999999999:keys=1",
    ].joined(separator: "\r\n") + "\r\n"

  static let bloatedInfo: [UInt8] = {
    var text = "# Server\r\nredis_version:7.2.0\r\n# Replication\r\nrole:master\r\n# Bloat\r\n"
    let value = String(repeating: "v", count: 180)
    for index in 0..<19_000 { text += "field_\(index):\(value)\r\n" }
    return bulk(Array(text.utf8))
  }()

  /// Replies with terminal escape sequences in their text: clear the screen, set the
  /// window title, ring the bell.
  static func escaped(_ name: String) -> [UInt8] {
    let evil = "\u{1B}[2J\u{1B}]0;owned\u{07}\u{1B}[31m"
    switch name {
    case "ping": return Array("-ERR \(evil)bad\r\n".utf8)
    case "info":
      return bulk(
        Array(
          ("# Server\r\nredis_version:7.0.15\(evil)\r\nredis_mode:standalone\r\n"
            + "\r\n# Replication\r\nrole:master\(evil)\r\nconnected_slaves:0\r\n").utf8))
    case "scan": return Array("*2\r\n$1\r\n0\r\n*1\r\n$\(evil.utf8.count)\r\n\(evil)\r\n".utf8)
    case "get": return bulk(Array(evil.utf8))
    default: return Array("-ERR \(evil)\r\n".utf8)
    }
  }

  static func bulk(_ bytes: [UInt8]) -> [UInt8] {
    Array("$\(bytes.count)\r\n".utf8) + bytes + Array("\r\n".utf8)
  }

  /// Sends the same bytes until the client goes away.
  private func endless(_ chunk: [UInt8]) -> Bool {
    while send(chunk) {}
    return false
  }

  private func send(_ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return false }
      offset += written
    }
    return true
  }

  /// The first byte the client sent, kept for `nextCommand`.
  private mutating func firstByte() -> UInt8? {
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { return nil }
    input += chunk[..<count]
    return input.first
  }

  /// The next command the client sent (RESP arrays of bulk strings), nil at the end.
  private mutating func nextCommand() -> [[UInt8]]? {
    while true {
      if let (command, used) = Self.parse(input) {
        input.removeFirst(used)
        return command
      }
      var chunk = [UInt8](repeating: 0, count: 64 << 10)
      let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return nil }
      input += chunk[..<count]
    }
  }

  private static func parse(_ bytes: [UInt8]) -> ([[UInt8]], Int)? {
    var index = 0
    func line() -> Int? {
      guard let end = bytes[index...].firstIndex(of: UInt8(ascii: "\r")), end + 1 < bytes.count
      else { return nil }
      let number = Int(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
      index = end + 2
      return number
    }
    guard !bytes.isEmpty, bytes[0] == UInt8(ascii: "*"), let count = line() else { return nil }
    var arguments: [[UInt8]] = []
    for _ in 0..<count {
      guard index < bytes.count, bytes[index] == UInt8(ascii: "$"), let length = line(),
        index + length + 2 <= bytes.count
      else { return nil }
      arguments.append(Array(bytes[index..<(index + length)]))
      index += length + 2
    }
    return (arguments, index)
  }
}
