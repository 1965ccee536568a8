/// The text of `INFO`, split into sections and fields, in the server's order.
public struct ServerInfo: Sendable, Equatable {
  public struct Section: Sendable, Equatable {
    public var name: String
    public var fields: [(name: String, value: String)]

    public static func == (lhs: Section, rhs: Section) -> Bool {
      lhs.name == rhs.name && lhs.fields.elementsEqual(rhs.fields) { $0 == $1 }
    }
  }

  public var sections: [Section]

  public init(parsing text: String) {
    var sections: [Section] = []
    for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
      let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
      if line.hasPrefix("#") {
        let name = line.dropFirst().drop { $0 == " " }
        sections.append(Section(name: String(name), fields: []))
        continue
      }
      guard let colon = line.firstIndex(of: ":") else { continue }
      if sections.isEmpty { sections.append(Section(name: "", fields: [])) }
      sections[sections.count - 1].fields.append(
        (String(line[..<colon]), String(line[line.index(after: colon)...])))
    }
    self.sections = sections
  }

  /// Parses INFO's reply, refusing what is not INFO text: an empty reply, a line that is
  /// neither `# Section` nor `name:value` (a server that answers INFO with `PONG`), or more
  /// fields than any server has.
  public init(validating bytes: [UInt8]) throws(RStateError) {
    var lineNumber = 0
    var fields = 0
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      let content = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
      if content.isEmpty || content.first == UInt8(ascii: "#") { continue }
      guard let colon = content.firstIndex(of: UInt8(ascii: ":")), colon != content.startIndex
      else {
        throw .unexpectedReply(
          command: "INFO",
          reply: "line \(lineNumber) is not 'name:value': "
            + ReplyFormat.quoted(Array(content.prefix(80))) + (content.count > 80 ? "…" : ""))
      }
      fields += 1
      guard fields <= Self.maximumFields else {
        throw .unexpectedReply(
          command: "INFO", reply: "more than \(Self.maximumFields) fields")
      }
    }
    guard fields > 0 || bytes.contains(UInt8(ascii: "#")) else {
      throw .unexpectedReply(command: "INFO", reply: "no fields and no sections")
    }
    self.init(parsing: String(decoding: bytes, as: UTF8.self))
  }

  /// The same fields with control characters escaped, for showing on a terminal.
  public var printable: ServerInfo {
    var copy = self
    for index in copy.sections.indices {
      copy.sections[index].name = ServerText.printable(copy.sections[index].name)
      copy.sections[index].fields = copy.sections[index].fields.map {
        (ServerText.printable($0.name), ServerText.printable($0.value))
      }
    }
    return copy
  }

  /// A real server has fewer than a thousand, with every section; lookups are linear.
  static let maximumFields = 20_000

  /// The first field of this name in any section.
  public subscript(field: String) -> String? {
    for section in sections {
      if let found = section.fields.first(where: { $0.name == field }) { return found.value }
    }
    return nil
  }

  /// A field as an integer, nil unless it is one within ±2^53: sums and differences of two
  /// such values cannot overflow, whatever a server claims.
  public func integer(_ field: String) -> Int64? { self[field].flatMap(Self.boundedInteger) }
  /// A field as a finite number within ±2^53, nil otherwise.
  public func number(_ field: String) -> Double? { self[field].flatMap(Self.boundedNumber) }

  public static func boundedInteger(_ text: some StringProtocol) -> Int64? {
    guard let value = Int64(text), value.magnitude <= 1 << 53 else { return nil }
    return value
  }

  public static func boundedNumber(_ text: some StringProtocol) -> Double? {
    guard let value = Double(text), value.magnitude <= 0x1p53 else { return nil }
    return value
  }

  /// `dbN:keys=…,expires=…,avg_ttl=…` lines of the Keyspace section.
  public var keyspace: [(db: Int, keys: Int64, expires: Int64)] {
    sections.flatMap(\.fields).compactMap { field in
      guard field.name.hasPrefix("db"), let db = Int(field.name.dropFirst(2)),
        let map = Self.keyValueMap(field.value)
      else { return nil }
      let value = { (name: String) in
        map.first { $0.0 == name }.flatMap { Self.boundedInteger($0.1) } ?? 0
      }
      return (db, value("keys"), value("expires"))
    }
  }

  /// Splits `a=1,b=2` into pairs; nil when the value is not such a list.
  public static func keyValueMap(_ value: String) -> [(String, String)]? {
    guard value.contains("=") else { return nil }
    var pairs: [(String, String)] = []
    for part in value.split(separator: ",", omittingEmptySubsequences: false) {
      guard let equals = part.firstIndex(of: "="), equals != part.startIndex else { return nil }
      pairs.append((String(part[..<equals]), String(part[part.index(after: equals)...])))
    }
    return pairs
  }
}
