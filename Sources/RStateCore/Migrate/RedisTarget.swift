import Glibc

/// What the target server can take: which DUMP payloads, absolute expiry, and how large one
/// argument may be.
public struct ServerCapabilities: Sendable, Equatable {
  public var version: String
  /// The RDB version this server writes and the newest DUMP payload version it accepts.
  public var rdbVersion: Int
  /// `RESTORE … ABSTTL` (Redis 5.0).
  public var absoluteRestoreTTL: Bool
  /// `SET … PXAT` (Redis 6.2).
  public var setAbsoluteExpiry: Bool
  /// `proto-max-bulk-len`: the largest argument, hence the largest RESTORE payload.
  public var maximumArgumentBytes: Int

  public init(version: String, maximumArgumentBytes: Int = 512 << 20) {
    self.version = version
    let parts = version.split(separator: ".").compactMap { Int($0) }
    let (major, minor) = (parts.first ?? 0, parts.count > 1 ? parts[1] : 0)
    let at = { (a: Int, b: Int) in major > a || (major == a && minor >= b) }
    rdbVersion =
      at(7, 4) ? 12 : at(7, 2) ? 11 : at(7, 0) ? 10 : at(5, 0) ? 9 : at(4, 0) ? 8 : at(3, 2) ? 7 : 6
    absoluteRestoreTTL = at(5, 0)
    setAbsoluteExpiry = at(6, 2)
    self.maximumArgumentBytes = maximumArgumentBytes
  }

  /// Asks the server (INFO server; CONFIG GET where allowed, else the default).
  public static func probe(_ server: Connection) throws(RStateError) -> ServerCapabilities {
    let version = try server.info("server")["redis_version"] ?? "0"
    var capabilities = ServerCapabilities(version: version)
    let reply = try server.send(Command("CONFIG", "GET", "proto-max-bulk-len"))
    if case .array(let pair) = reply, pair.count == 2, let text = pair[1].text,
      let limit = Int(text)
    {
      capabilities.maximumArgumentBytes = limit
    }
    return capabilities
  }

  /// The RDB version a DUMP payload was written with (the two bytes before its CRC64).
  public static func payloadVersion(_ payload: [UInt8]) -> Int? {
    guard payload.count >= 10 else { return nil }
    return Int(payload[payload.count - 10]) | Int(payload[payload.count - 9]) << 8
  }
}

/// Command words built once: a bulk load sends millions of them.
private enum Word {
  static let restore = Array("RESTORE".utf8)
  static let set = Array("SET".utf8)
  static let nx = Array("NX".utf8)
  static let pxat = Array("PXAT".utf8)
  static let px = Array("PX".utf8)
  static let del = Array("DEL".utf8)
  static let pexpireat = Array("PEXPIREAT".utf8)
  static let replace = Array("REPLACE".utf8)
  static let absttl = Array("ABSTTL".utf8)
  static let exists = Array("EXISTS".utf8)
}

/// Writes records into a Redis server: DUMP payloads with RESTORE … ABSTTL, strings with one
/// SET, collections built under a temporary name in the same slot and then renamed, so a
/// key appears whole or not at all, and "only if absent" is one atomic RENAMENX. Expiry is
/// always absolute; a key whose expiry has passed is not created.
public final class RedisTarget: MigrationTarget {
  public let client: RedisClient
  public let capabilities: ServerCapabilities
  public let policy: ConflictPolicy
  public let dryRun: Bool
  public let ttlTolerance: Int64
  /// A batch sent and not yet collected: its records (one array, not a copy per record), how
  /// to read their replies, and the client it went through.
  private struct SentBatch {
    var records: [KeyRecord]
    var plans: [Plan]
    var client: RedisClient
    /// On a cluster, the node each record went to; empty on a standalone server.
    var nodes: [Connection] = []
  }
  /// Oldest first. Two batches in flight keep the server busy while one is being collected.
  private var inFlight: [SentBatch] = []
  /// Round trips outside the batches (comparisons, renames of multi-part keys, typed retries,
  /// `--move`'s reads) go through their own connections, never between a batch and its
  /// replies.
  private var sideClient: RedisClient?
  /// The multi-part key being planned, and whether its expiry had passed.
  private var partialKey: (db: Int, key: [UInt8], failure: String?, expired: Bool)?
  /// The first failed write among the parts of each multi-part key in flight.
  private var partFailures: [[UInt8]: String] = [:]

  /// The source's typed value of a record, for telling whether a key that exists with a
  /// different DUMP payload (another encoding or element order) holds the same value.
  public var typedSource: ((KeyRecord) throws(RStateError) -> [KeyRecord]?)?

  /// Collection elements per write command.
  static let elementsPerCommand = 1000
  /// True when the target is a Redis Cluster: each record goes to the node of its slot.
  public let isCluster: Bool
  /// How often a key redirected by the cluster (a slot moving, a failover) is sent again.
  static let redirectAttempts = 40

  public init(
    client: RedisClient, policy: ConflictPolicy, dryRun: Bool, ttlTolerance: Int64 = 1000
  ) throws(RStateError) {
    self.client = client
    self.policy = policy
    self.dryRun = dryRun
    self.ttlTolerance = ttlTolerance
    capabilities = try ServerCapabilities.probe(client.seed)
    isCluster = try client.isCluster
  }

  public var description: String { client.settings.redactedURL }

  private enum Plan {
    case none(WriteOutcome)
    case restore
    case set
    case collection(commands: Int, writes: Int, finishes: Bool, hasExpiry: Bool)
    case probe
  }

  public var overlappingBatches: Int { 2 }

  /// The client for reads and writes outside the batches in flight.
  public var side: RedisClient { madeSideClient() }

  /// The side connection that holds `key` (its node on a cluster).
  private func sideConnection(for key: [UInt8], db: Int) throws(RStateError) -> Connection {
    let side = madeSideClient()
    guard isCluster else { return side.connection(db: db) }
    _ = try side.clusterLayout()
    return side.connection(forKey: key)
  }

  private func madeSideClient() -> RedisClient {
    if let sideClient { return sideClient }
    let made = RedisClient(settings: client.settings)
    sideClient = made
    return made
  }

  public func submit(_ records: [KeyRecord]) throws(RStateError) {
    inFlight.append(try send(records, via: client))
  }

  public func collect() throws(RStateError) -> [WriteOutcome] {
    guard !inFlight.isEmpty else { return [] }
    return try outcomes(of: inFlight.removeFirst())
  }

  /// Writes records now, beside any batch in flight, and returns their outcomes (the typed
  /// retry of a refused payload).
  public func write(_ records: [KeyRecord]) throws(RStateError) -> [WriteOutcome] {
    // The batches in flight may end inside a multi-part key still being planned.
    let planning = partialKey
    defer { partialKey = planning }
    partialKey = nil
    return try outcomes(of: try send(records, via: madeSideClient()))
  }

  private func send(_ records: [KeyRecord], via client: RedisClient) throws(RStateError)
    -> SentBatch
  {
    let now = unixTimeMilliseconds()
    if isCluster { return try sendToNodes(records, via: client, now: now) }
    var plans: [Plan] = []
    plans.reserveCapacity(records.count)
    // Records of one db come in runs: encode a run into one buffer, touching the per-db
    // table only when the db changes (hashing per record showed in profiles).
    var encodedByDB: [Int: [UInt8]] = [:]
    var currentDB = records.first?.db ?? 0
    var encoded: [UInt8] = []
    encoded.reserveCapacity(1 << 16)
    for index in records.indices {
      if records[index].db != currentDB {
        encodedByDB[currentDB, default: []] += encoded
        currentDB = records[index].db
        encoded = encodedByDB.removeValue(forKey: currentDB) ?? []
      }
      plans.append(plan(records[index], now: now, into: &encoded))
    }
    encodedByDB[currentDB, default: []] += encoded
    for (db, bytes) in encodedByDB {
      try client.connection(db: db).sendWithoutWaiting(encoded: bytes)
    }
    return SentBatch(records: records, plans: plans, client: client)
  }

  /// A cluster's batch: each record's commands go to the node of its slot (a temporary key
  /// shares the slot), one pipeline per node.
  private func sendToNodes(_ records: [KeyRecord], via client: RedisClient, now: Int64)
    throws(RStateError) -> SentBatch
  {
    var plans: [Plan] = []
    plans.reserveCapacity(records.count)
    var nodes: [Connection] = []
    nodes.reserveCapacity(records.count)
    var encoded: [ObjectIdentifier: (server: Connection, bytes: [UInt8])] = [:]
    for record in records {
      let server = client.connection(forKey: record.key)
      nodes.append(server)
      plans.append(
        plan(
          record, now: now, into: &encoded[ObjectIdentifier(server), default: (server, [])].bytes))
    }
    for (server, bytes) in encoded.values { try server.sendWithoutWaiting(encoded: bytes) }
    return SentBatch(records: records, plans: plans, client: client, nodes: nodes)
  }

  /// Appends the record's commands, encoded, to `out`, and says how to read their replies.
  /// Strings and DUMP payloads, nearly every key of a bulk load, are encoded argument by
  /// argument without building commands.
  private func plan(_ record: borrowing KeyRecord, now: Int64, into out: inout [UInt8]) -> Plan {
    let isFirst = (record.part ?? 0) == 0
    let isLast = record.completesKey
    if !isFirst, let partial = partialKey, partial.key == record.key, partial.db == record.db,
      partial.expired || dryRun
    {
      if isLast { partialKey = nil }
      return .none(isLast ? (partial.expired ? .expired : .partial) : .partial)
    }
    if record.part != nil && isFirst {
      partialKey = (record.db, record.key, nil, false)
    }
    if let expiry = record.expireAtMilliseconds, expiry <= now {
      if record.part != nil { partialKey?.expired = true }
      return .none(isLast ? .expired : .partial)
    }
    if dryRun {
      guard isFirst else { return .none(.partial) }
      RESPEncoder.append([Word.exists, record.key], to: &out)
      return .probe
    }
    let expiry = record.expireAtMilliseconds
    switch record.value {
    case .string(let value):
      let absolute = capabilities.setAbsoluteExpiry
      RESPEncoder.appendHeader(
        3 + (policy == .replace ? 0 : 1) + (expiry == nil ? 0 : 2), to: &out)
      RESPEncoder.appendBulk(Word.set, to: &out)
      RESPEncoder.appendBulk(record.key, to: &out)
      RESPEncoder.appendBulk(value, to: &out)
      if policy != .replace { RESPEncoder.appendBulk(Word.nx, to: &out) }
      if let expiry {
        RESPEncoder.appendBulk(absolute ? Word.pxat : Word.px, to: &out)
        RESPEncoder.appendBulk(number: absolute ? expiry : max(1, expiry - now), to: &out)
      }
      return .set
    case .dumpOnly(let payload):
      guard let version = ServerCapabilities.payloadVersion(payload),
        version <= capabilities.rdbVersion
      else { return .none(.needsTypedValue) }
      let absolute = capabilities.absoluteRestoreTTL
      RESPEncoder.appendHeader(
        4 + (policy == .replace ? 1 : 0) + (expiry != nil && absolute ? 1 : 0), to: &out)
      RESPEncoder.appendBulk(Word.restore, to: &out)
      RESPEncoder.appendBulk(record.key, to: &out)
      RESPEncoder.appendBulk(
        number: expiry.map { absolute ? $0 : max(1, $0 - now) } ?? 0, to: &out)
      RESPEncoder.appendBulk(payload, to: &out)
      if policy == .replace { RESPEncoder.appendBulk(Word.replace, to: &out) }
      if expiry != nil && absolute { RESPEncoder.appendBulk(Word.absttl, to: &out) }
      return .restore
    default:
      let temporary = Self.temporaryKey(for: record.key)
      var commands: [Command] = []
      if isFirst { commands.append(Command([Word.del, temporary], keyIndices: [1])) }
      let writes = Self.writeCommands(record.value, into: temporary)
      commands += writes
      // A multi-part key is renamed only after every part was acknowledged (in `collect`).
      let finishes = isLast && record.part == nil
      if finishes {
        commands += finishingCommands(temporary: temporary, key: record.key, expiry: expiry)
      }
      for command in commands { RESPEncoder.append(command.arguments, to: &out) }
      return .collection(
        commands: commands.count, writes: writes.count, finishes: finishes,
        hasExpiry: expiry != nil)
    }
  }

  private func finishingCommands(temporary: [UInt8], key: [UInt8], expiry: Int64?) -> [Command] {
    var commands: [Command] = []
    if let expiry {
      commands.append(
        Command([Word.pexpireat, temporary, Array(String(expiry).utf8)], keyIndices: [1]))
    }
    let rename = policy == .replace ? "RENAME" : "RENAMENX"
    commands.append(Command([Array(rename.utf8), temporary, key], keyIndices: [1, 2]))
    commands.append(Command([Word.del, temporary], keyIndices: [1]))
    return commands
  }

  /// RPUSH/SADD/HSET/ZADD/XADD commands that add a value's elements to `key`.
  static func writeCommands(_ value: KeyRecord.Value, into key: [UInt8]) -> [Command] {
    func chunked(_ verb: String, _ elements: [[[UInt8]]]) -> [Command] {
      stride(from: 0, to: elements.count, by: elementsPerCommand).map { start in
        let slice = elements[start..<min(start + elementsPerCommand, elements.count)]
        return Command([Array(verb.utf8), key] + slice.joined(), keyIndices: [1])
      }
    }
    switch value {
    case .list(let items): return chunked("RPUSH", items.map { [$0] })
    case .set(let members): return chunked("SADD", members.map { [$0] })
    case .hash(let pairs): return chunked("HSET", pairs.map { [$0.field, $0.value] })
    case .zset(let members):
      return chunked("ZADD", members.map { [Array($0.score.utf8), $0.member] })
    case .stream(let entries):
      return entries.map { entry in
        Command(
          [Array("XADD".utf8), key, Array(entry.id.utf8)]
            + entry.fields.flatMap { [$0.field, $0.value] }, keyIndices: [1])
      }
    case .string, .dumpOnly: return []
    }
  }

  /// A name in the same cluster slot as `key`, for building a value before renaming it.
  static func temporaryKey(for key: [UInt8]) -> [UInt8] {
    let suffix = Array(":rstate-migrate-tmp".utf8)
    if HashSlot.hashTag(of: key) != nil { return key + suffix }
    if !key.contains(UInt8(ascii: "{")) && !key.contains(UInt8(ascii: "}")) {
      return [UInt8(ascii: "{")] + key + [UInt8(ascii: "}")] + suffix
    }
    return key + suffix
  }

  private func outcomes(of batch: SentBatch, attempt: Int = 0) throws(RStateError)
    -> [WriteOutcome]
  {
    let plans = batch.plans
    let records = batch.records
    var outcomes: [WriteOutcome] = []
    outcomes.reserveCapacity(plans.count)
    // Keys a cluster sent elsewhere (MOVED, ASK) or asked to wait for (TRYAGAIN, CLUSTERDOWN).
    var redirected: [Int] = []
    var lastRedirect = ""
    func sendAgain(_ index: Int, _ error: ServerError) {
      lastRedirect = error.message
      redirected.append(index)
      outcomes.append(.partial)
    }
    var existing: [Int] = []
    // Multi-part keys are renamed into place after every reply of the batch was read.
    var finishing: [Int] = []
    for index in plans.indices {
      let plan = plans[index]
      let server =
        batch.nodes.isEmpty ? batch.client.connection(db: records[index].db) : batch.nodes[index]
      switch plan {
      case .none(let outcome): outcomes.append(outcome)
      case .probe:
        let reply = try server.receive()
        if let error = reply.serverError, redirect(error, from: server) {
          sendAgain(index, error)
          continue
        }
        let exists = reply == .integer(1)
        // A dry run says what a run would: a key already holding the same value is
        // unchanged there, not a conflict (checked below, with the others that exist).
        if exists && policy != .replace && records[index].part == nil { existing.append(index) }
        outcomes.append(
          exists ? (policy == .skip ? .skipped : policy == .fail ? .conflict : .written) : .written)
      case .restore:
        let reply = try server.receive()
        if let error = reply.serverError {
          if redirect(error, from: server) {
            sendAgain(index, error)
          } else if error.code == "BUSYKEY" {
            existing.append(index)
            outcomes.append(.conflict)
          } else if error.message.contains("payload version or checksum") {
            outcomes.append(.needsTypedValue)
          } else {
            outcomes.append(.failed(error.message))
          }
        } else {
          outcomes.append(.written)
        }
      case .set:
        let reply = try server.receive()
        if let error = reply.serverError, redirect(error, from: server) {
          sendAgain(index, error)
        } else if let error = reply.serverError {
          outcomes.append(.failed(error.message))
        } else if reply == .null {
          existing.append(index)
          outcomes.append(.conflict)
        } else {
          outcomes.append(.written)
        }
      case .collection(let count, let writes, let finishes, let hasExpiry):
        var replies: [RESPValue] = []
        for _ in 0..<count { replies.append(try server.receive()) }
        let record = records[index]
        if let error = replies.lazy.compactMap(\.serverError).first(where: {
          redirect($0, from: server)
        }) {
          // A key split over several records cannot be sent again from this part alone.
          if record.part != nil {
            lastRedirect = error.message
            partFailures[record.key] = partFailures[record.key] ?? error.message
            outcomes.append(record.completesKey ? .failed(error.message) : .partial)
          } else {
            sendAgain(index, error)
          }
          continue
        }
        let isFirst = (record.part ?? 0) == 0
        let writeReplies = replies.dropFirst(isFirst ? 1 : 0).prefix(writes)
        let writeError = writeReplies.lazy.compactMap(\.serverError).first?.message
        if !finishes {
          if let writeError, partFailures[record.key] == nil {
            partFailures[record.key] = writeError
          }
          if record.isLastPart == true { finishing.append(index) }
          outcomes.append(.partial)
          continue
        }
        let renameReply = replies[replies.count - 2]
        if let writeError {
          outcomes.append(.failed(writeError))
        } else if let error = renameReply.serverError {
          outcomes.append(
            hasExpiry && error.message.contains("no such key")
              ? .expired
              : .failed(writes == 0 ? "an empty \(record.type) cannot be stored" : error.message))
        } else if renameReply == .integer(0) {
          existing.append(index)
          outcomes.append(.conflict)
        } else {
          outcomes.append(.written)
        }
      }
    }
    if !redirected.isEmpty {
      let retried = try resend(
        redirected.map { records[$0] }, attempt: attempt, lastError: lastRedirect)
      for (index, outcome) in zip(redirected, retried) { outcomes[index] = outcome }
    }
    for index in finishing { outcomes[index] = try finishMultipart(records[index]) }
    for index in existing {
      let record = records[index]
      if record.part == nil, try isIdentical(record) {
        outcomes[index] = .unchanged
      } else {
        outcomes[index] = policy == .skip ? .skipped : .conflict
      }
    }
    return outcomes
  }

  /// True for a cluster's MOVED, ASK, TRYAGAIN or CLUSTERDOWN: the key must be sent again.
  /// A MOVED is remembered, so later batches go to the slot's new node.
  private func redirect(_ error: ServerError, from server: Connection) -> Bool {
    guard isCluster else { return false }
    if client.learn(from: error, answeredBy: server) != nil {
      sideClient?.learn(from: error, answeredBy: server)
      return true
    }
    return error.code == "TRYAGAIN" || error.code == "CLUSTERDOWN"
  }

  /// Sends redirected records again, beside the batches in flight, waiting a little longer
  /// each time while a slot migrates or a failover completes; after `redirectAttempts` they
  /// fail with the cluster's last answer.
  private func resend(_ records: [KeyRecord], attempt: Int, lastError: String)
    throws(RStateError) -> [WriteOutcome]
  {
    guard attempt + 1 < Self.redirectAttempts else {
      return records.map { _ in .failed(lastError) }
    }
    if !lastError.hasPrefix("MOVED") { usleep(UInt32(min(20_000 * (attempt + 1), 500_000))) }
    let planning = partialKey
    defer { partialKey = planning }
    partialKey = nil
    let side = madeSideClient()
    _ = try side.clusterLayout()
    return try outcomes(of: try send(records, via: side), attempt: attempt + 1)
  }

  /// Renames a multi-part key into place once all its parts were written.
  private func finishMultipart(_ record: KeyRecord) throws(RStateError) -> WriteOutcome {
    let server = try sideConnection(for: record.key, db: record.db)
    let temporary = Self.temporaryKey(for: record.key)
    let delete = Command([Word.del, temporary], keyIndices: [1])
    if let failure = partFailures.removeValue(forKey: record.key) {
      _ = try server.send(delete)
      return .failed(failure)
    }
    var commands = finishingCommands(
      temporary: temporary, key: record.key, expiry: record.expireAtMilliseconds)
    commands.removeLast()  // keep the built value until it was compared with the existing key
    let rename = try server.pipeline(commands).last!
    if let error = rename.serverError {
      return record.expireAtMilliseconds != nil && error.message.contains("no such key")
        ? .expired : .failed(error.message)
    }
    guard rename == .integer(0) else { return .written }
    let identical = try sameOnServer(temporary, record.key, db: record.db)
    _ = try server.send(delete)
    return identical ? .unchanged : policy == .skip ? .skipped : .conflict
  }

  /// True when two keys on the target hold the same type, value and expiry.
  private func sameOnServer(_ first: [UInt8], _ second: [UInt8], db: Int) throws(RStateError)
    -> Bool
  {
    let shapes = try KeyShape.read(
      [first, second], db: db, on: try sideConnection(for: first, db: db))
    guard let a = shapes[first], let b = shapes[second] else { return false }
    return a.matches(b, within: ttlTolerance)
  }

  /// True when the target already holds this key with the same value and expiry, as after
  /// a run that was interrupted between a write and its checkpoint.
  private func isIdentical(_ record: KeyRecord) throws(RStateError) -> Bool {
    let server = try sideConnection(for: record.key, db: record.db)
    guard let existing = try KeyShape.read([record.key], db: record.db, on: server)[record.key]
    else { return false }
    var expected = ValueDigest.Accumulator()
    if case .dumpOnly(let payload) = record.value {
      let dump = try server.send(Command([Array("DUMP".utf8), record.key], keyIndices: [1]))
      if dump.bytes == payload {
        return existing.type == record.type
          && KeyShape.expiriesMatch(
            record.expireAtMilliseconds, existing.expireAtMilliseconds, within: ttlTolerance)
      }
      // Another encoding or element order: compare the source's typed value instead.
      guard let typed = try typedSource?(record) else { return false }
      for part in typed { expected.add(part.value) }
    } else {
      expected.add(record.value)
    }
    let wanted = KeyShape(
      type: record.type, digest: expected.finish(),
      expireAtMilliseconds: record.expireAtMilliseconds)
    return wanted.matches(existing, within: ttlTolerance)
  }

  public func checkpointOffset(durable: Bool) throws(RStateError) -> Int? { nil }
  public func finish() throws(RStateError) {}
}
