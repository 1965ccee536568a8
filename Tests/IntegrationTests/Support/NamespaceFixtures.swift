import Foundation
import RStateCore

/// The record files `scripts/record-namespace-fixtures.sh` made from real frameworks (and the
/// hand-written ones for frameworks that cannot run here), replayed into a test's server with
/// each key's expiry as it was when recorded, however long ago that was.
enum NamespaceFixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/namespaces")

  static var names: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".rstate") }.map { String($0.dropLast(7)) }.sorted()
  }

  /// Writes the fixture's keys into `db`; returns them.
  @discardableResult
  static func load(_ name: String, into server: RedisServer, db: Int = 0) throws -> [[UInt8]] {
    let text = try String(
      contentsOf: directory.appendingPathComponent("\(name).rstate"), encoding: .utf8)
    var createdAt: Int64 = 0
    var commands: [Command] = []
    var keys: [[UInt8]] = []
    for line in text.split(separator: "\n") {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      if let created = object["created_at_ms"] as? Int64 { createdAt = created }
      guard let keyValue = object["key"], let type = object["type"] as? String else { continue }
      let key = bytes(keyValue)
      keys.append(key)
      commands.append(Command([Array("DEL".utf8), key]))
      commands += write(key, type: type, value: object["value"]!)
      if let expireAt = object["expire_at_ms"] as? Int64 {
        let ttl = max(1000, expireAt - createdAt)
        commands.append(Command([Array("PEXPIRE".utf8), key, Array(String(ttl).utf8)]))
      }
    }
    let replies = try server.connection(db: db).pipeline(commands)
    if let failed = replies.first(where: \.isError) {
      throw TestFailure("\(name): \(failed)")
    }
    return keys
  }

  private static func write(_ key: [UInt8], type: String, value: Any) -> [Command] {
    func words(_ name: String, _ rest: [[UInt8]]) -> Command {
      Command([Array(name.utf8), key] + rest)
    }
    let items = value as? [Any] ?? []
    switch type {
    case "string": return [words("SET", [bytes(value)])]
    case "list": return [words("RPUSH", items.map(bytes))]
    case "set": return [words("SADD", items.map(bytes))]
    case "hash":
      return [words("HSET", items.flatMap { ($0 as! [Any]).map(bytes) })]
    case "zset":
      return [
        words(
          "ZADD",
          items.flatMap { pair -> [[UInt8]] in
            let parts = pair as! [Any]
            return [bytes(parts[1]), bytes(parts[0])]
          })
      ]
    case "stream":
      return items.map { entry in
        let fields = (entry as! [String: Any])
        let id = bytes(fields["id"]!)
        return words(
          "XADD", [id] + (fields["fields"] as! [Any]).flatMap { ($0 as! [Any]).map(bytes) })
      }
    default: return []
    }
  }

  /// A record's string, or its `{"base64": …}` form for bytes that are not UTF-8.
  static func bytes(_ value: Any) -> [UInt8] {
    if let text = value as? String { return Array(text.utf8) }
    if let wrapped = value as? [String: Any], let encoded = wrapped["base64"] as? String {
      return [UInt8](Data(base64Encoded: encoded)!)
    }
    return Array("\(value)".utf8)
  }
}
