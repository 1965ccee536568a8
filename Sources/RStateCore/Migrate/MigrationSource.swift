import Glibc

/// Where a resumed run continues in its source.
public enum SourcePosition: Sendable, Equatable {
  /// A byte offset in a record file, after a whole key.
  case offset(Int)
  /// The number of entries (snapshot) or files (directory) already handed out.
  case index(Int)
  /// The SCAN cursor after a batch whose keys were all handed out.
  case cursor([UInt8])
  case finished

  public var json: JSONValue {
    switch self {
    case .offset(let value): return .object([("offset", .integer(Int64(value)))])
    case .index(let value): return .object([("index", .integer(Int64(value)))])
    case .cursor(let value): return .object([("cursor", .bytes(value))])
    case .finished: return .object([("finished", .bool(true))])
    }
  }

  /// No negative offset or index (a damaged or edited checkpoint).
  var isValid: Bool {
    switch self {
    case .offset(let value), .index(let value): return value >= 0
    case .cursor, .finished: return true
    }
  }

  public init?(parsed: ParsedJSON) {
    if let offset = parsed["offset"]?.int64 {
      self = .offset(Int(offset))
    } else if let index = parsed["index"]?.int64 {
      self = .index(Int(index))
    } else if case .string(let cursor)? = parsed["cursor"] {
      self = .cursor(cursor)
    } else if case .bool(true)? = parsed["finished"] {
      self = .finished
    } else {
      return nil
    }
  }
}

public enum SourceEvent {
  case record(KeyRecord)
  /// Every record handed out so far may be taken as done once written: resume from here.
  case position(SourcePosition)
}

/// Where records come from, in order. `run` hands out records and resume positions; the
/// handler returns false to stop early.
public protocol MigrationSource: AnyObject {
  var description: String { get }
  /// How many keys the source holds, when it can tell cheaply (for progress and ETA).
  var estimatedKeyCount: Int? { get }
  func run(
    from position: SourcePosition?, _ handle: (SourceEvent) throws(RStateError) -> Bool
  ) throws(RStateError)
  /// The key read again as typed values, for a target that cannot take its DUMP payload.
  func typedRecords(for record: KeyRecord) throws(RStateError) -> [KeyRecord]?
}

extension MigrationSource {
  public func typedRecords(for record: KeyRecord) throws(RStateError) -> [KeyRecord]? { nil }
}

/// Key names from ids: a template with one `{…}` placeholder, `document_workflow:{id}`.
public struct KeyTemplate: Sendable, Equatable {
  public let prefix: [UInt8]
  public let suffix: [UInt8]

  public init(_ template: String) throws(RStateError) {
    let bytes = Array(template.utf8)
    guard let open = bytes.firstIndex(of: UInt8(ascii: "{")),
      let close = bytes[open...].firstIndex(of: UInt8(ascii: "}")),
      !bytes[(close + 1)...].contains(UInt8(ascii: "{"))
    else {
      throw .usage(
        "--key-template '\(template)' needs exactly one placeholder such as {id}, "
          + "e.g. 'document_workflow:{id}'")
    }
    prefix = Array(bytes[..<open])
    suffix = Array(bytes[(close + 1)...])
  }

  public func key(for id: [UInt8]) -> [UInt8] { prefix + id + suffix }
}

/// A JSON dump of an app's in-memory store: `{id: state, …}` or `[{"id": …, …}, …]`.
/// Each state becomes one key, stored as its JSON text or as a hash of its top-level fields.
public final class SnapshotSource: MigrationSource {
  public enum Storage: String, Sendable, CaseIterable { case string, hash }

  public let path: String
  private let entries: [(id: [UInt8], state: ParsedJSON)]
  private let template: KeyTemplate
  private let storage: Storage
  private let db: Int

  /// `template` is asked for once the file has been read as JSON, so a file that is not a
  /// snapshot (a damaged record file) is reported as such, not as a missing template.
  public init(
    path: String, idField: String, template: () throws(RStateError) -> KeyTemplate,
    storage: Storage, db: Int
  ) throws(RStateError) {
    self.path = path
    self.storage = storage
    self.db = db
    let bytes = try TextFile.readExistingBytes(path)
    let document: ParsedJSON
    do { document = try JSONReader.parse(bytes) } catch {
      let (line, column) = JSONReader.lineAndColumn(of: error.offset, in: bytes)
      throw .dataFile(path: path, line: line, column: column, reason: error.reason)
    }
    switch document {
    case .object(let members): entries = members.map { ($0.key, $0.value) }
    case .array(let items):
      var found: [(id: [UInt8], state: ParsedJSON)] = []
      for (index, item) in items.enumerated() {
        switch item[idField] {
        case .string(let id)?: found.append((id, item))
        case .number(let id)?: found.append((id, item))
        default:
          throw .dataFile(
            path: path, line: 1, column: nil,
            reason: "element \(index) has no string or number \"\(idField)\" (see --id-field)")
        }
      }
      entries = found
    default:
      throw .dataFile(
        path: path, line: 1, column: nil,
        reason: "a snapshot must be a JSON object {id: state} or an array of objects")
    }
    self.template = try template()
  }

  public var description: String { path }
  public var estimatedKeyCount: Int? { entries.count }

  public func run(
    from position: SourcePosition?, _ handle: (SourceEvent) throws(RStateError) -> Bool
  ) throws(RStateError) {
    for index in entriesToSkip(position, of: entries.count)..<entries.count {
      let (id, state) = entries[index]
      let value: KeyRecord.Value
      switch storage {
      case .string: value = .string(state.serialized())
      case .hash:
        guard case .object(let members) = state, !members.isEmpty else {
          throw .dataFile(
            path: path, line: 1, column: nil,
            reason: "the state of \"\(String(decoding: id, as: UTF8.self))\" is not a non-empty "
              + "object, so it cannot be stored as a hash (use --as string)")
        }
        value = .hash(
          members.map { member in
            if case .string(let text) = member.value {
              return KeyRecord.Pair(field: member.key, value: text)
            }
            return KeyRecord.Pair(field: member.key, value: member.value.serialized())
          })
      }
      let record = KeyRecord(
        key: template.key(for: id), db: db, type: storage == .string ? "string" : "hash",
        value: value, expireAtMilliseconds: nil)
      guard try handle(.record(record)), try handle(.position(.index(index + 1))) else { return }
    }
  }
}

/// A directory of files (filesystem sessions, a file cache): one string key per file, the
/// file's bytes as they are.
public final class DirectorySource: MigrationSource {
  public let path: String
  private let names: [[UInt8]]
  private let template: KeyTemplate
  private let stripExtension: Bool
  private let db: Int

  public init(path: String, template: KeyTemplate, stripExtension: Bool, db: Int)
    throws(RStateError)
  {
    self.path = path
    self.template = template
    self.stripExtension = stripExtension
    self.db = db
    guard let directory = opendir(path) else {
      throw .io(path: path, reason: systemErrorMessage(errno))
    }
    defer { closedir(directory) }
    var found: [[UInt8]] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        Array(raw.prefix { $0 != 0 })
      }
      if name.first == UInt8(ascii: ".") { continue }
      var status = stat()
      let full = path + "/" + String(decoding: name, as: UTF8.self)
      if stat(full, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG { found.append(name) }
    }
    names = found.sorted { $0.lexicographicallyPrecedes($1) }
  }

  public var description: String { path }
  public var estimatedKeyCount: Int? { names.count }

  public func run(
    from position: SourcePosition?, _ handle: (SourceEvent) throws(RStateError) -> Bool
  ) throws(RStateError) {
    for index in entriesToSkip(position, of: names.count)..<names.count {
      let name = names[index]
      var id = name
      if stripExtension, let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > 0 {
        id = Array(name[..<dot])
      }
      let bytes = try TextFile.readExistingBytes(path + "/" + String(decoding: name, as: UTF8.self))
      let record = KeyRecord(
        key: template.key(for: id), db: db, type: "string", value: .string(bytes),
        expireAtMilliseconds: nil)
      guard try handle(.record(record)), try handle(.position(.index(index + 1))) else { return }
    }
  }
}

/// A record file, as written by `migrate --to FILE` or `flush --backup`.
public final class RecordFileSource: MigrationSource {
  public let path: String

  public init(path: String) { self.path = path }

  public var description: String { path }
  public var estimatedKeyCount: Int? { try? RecordFileReader.trailerKeyCount(path: path) }

  public func run(
    from position: SourcePosition?, _ handle: (SourceEvent) throws(RStateError) -> Bool
  ) throws(RStateError) {
    let reader = try RecordFileReader(path: path)
    if case .offset(let offset)? = position { try reader.skip(to: offset) }
    while let record = try reader.next() {
      // Decided before the record is handed over, so it moves instead of being copied.
      let completesKey = record.completesKey
      guard try handle(.record(record)) else { return }
      if completesKey {
        guard try handle(.position(.offset(reader.offset))) else { return }
      }
    }
  }
}

/// Where a source of numbered entries (snapshot, directory) starts again: after the entries
/// a checkpoint counted, never past the end if the source shrank meanwhile.
func entriesToSkip(_ position: SourcePosition?, of count: Int) -> Int {
  switch position {
  case .index(let index)?: return max(0, min(index, count))
  case .finished?: return count
  default: return 0
  }
}
