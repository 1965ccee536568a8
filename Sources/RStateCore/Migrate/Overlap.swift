import Glibc

/// Who holds the keys behind a Redis source or target: the run_id of every primary (one for
/// a standalone server, one per primary of a cluster), their replication ids (shared by a
/// primary and its replicas) and the db. Two spellings of one server (127.0.0.1 and
/// localhost, its TCP port and its unix socket, a cluster node and its cluster) share a
/// run_id, so a copy onto itself is found before anything is read.
public struct ServerIdentity: Sendable, Equatable {
  public var runIDs: Set<String>
  public var replicationIDs: Set<String>
  public var db: Int

  public enum Overlap: Sendable, Equatable {
    /// One server (or a node of both clusters).
    case sameServer
    /// One replicates the other: a write to one reaches the other.
    case replicas
  }

  public init(runIDs: Set<String>, replicationIDs: Set<String>, db: Int) {
    self.runIDs = runIDs
    self.replicationIDs = replicationIDs
    self.db = db
  }

  /// Asks every primary (INFO server, INFO replication). A server that refuses INFO is known
  /// by its address alone. A cluster has only db 0.
  public static func of(_ client: RedisClient, db: Int) throws(RStateError) -> ServerIdentity {
    var runIDs: Set<String> = []
    var replicationIDs: Set<String> = []
    let cluster = try client.isCluster
    for server in try client.primaries {
      if let id = (try? server.info("server"))?["run_id"], !id.isEmpty {
        runIDs.insert(id)
      } else {
        runIDs.insert("address " + server.endpoint.description)
      }
      if let id = (try? server.info("replication"))?["master_replid"], !id.isEmpty,
        id.contains(where: { $0 != "0" })
      {
        replicationIDs.insert(id)
      }
    }
    return ServerIdentity(runIDs: runIDs, replicationIDs: replicationIDs, db: cluster ? 0 : db)
  }

  /// How the two hold the same db's keys, or nil when they do not.
  public func overlap(with other: ServerIdentity) -> Overlap? {
    guard db == other.db else { return nil }
    if !runIDs.isDisjoint(with: other.runIDs) { return .sameServer }
    if !replicationIDs.isDisjoint(with: other.replicationIDs) { return .replicas }
    return nil
  }
}

/// Which file a path names, or would name once created: the device and inode of the file
/// when it exists (a symlink or a hard link compares equal to its target), else those of its
/// directory and the name in it.
public struct FileIdentity: Hashable, Sendable {
  public var device: UInt64
  public var inode: UInt64
  /// The name in the directory, for a file not created yet.
  public var name: String?

  /// Nil when neither the file nor its directory exists.
  public init?(path: String) {
    var status = stat()
    if stat(path, &status) == 0 {
      device = UInt64(status.st_dev)
      inode = UInt64(status.st_ino)
      name = nil
      return
    }
    let (directory, base) = FileIdentity.split(path)
    guard stat(directory, &status) == 0 else { return nil }
    device = UInt64(status.st_dev)
    inode = UInt64(status.st_ino)
    name = base
  }

  /// The directory a new file at `path` would be created in, when it does not exist (or is
  /// not a directory); nil when the file can be created there.
  public static func missingDirectory(forNewFile path: String) -> String? {
    var status = stat()
    if stat(path, &status) == 0 { return nil }
    let directory = split(path).directory
    guard stat(directory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
      return directory
    }
    return nil
  }

  /// The directory part (`.` for a bare name) and the last component.
  public static func split(_ path: String) -> (directory: String, name: String) {
    let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    guard let slash = trimmed.lastIndex(of: "/") else { return (".", trimmed) }
    let directory = trimmed[..<slash]
    return (
      directory.isEmpty ? "/" : String(directory), String(trimmed[trimmed.index(after: slash)...])
    )
  }
}
