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

  /// The first field of this name in any section.
  public subscript(field: String) -> String? {
    for section in sections {
      if let found = section.fields.first(where: { $0.name == field }) { return found.value }
    }
    return nil
  }

  public func integer(_ field: String) -> Int64? { self[field].flatMap { Int64($0) } }
  public func number(_ field: String) -> Double? { self[field].flatMap { Double($0) } }

  /// `dbN:keys=…,expires=…,avg_ttl=…` lines of the Keyspace section.
  public var keyspace: [(db: Int, keys: Int64, expires: Int64)] {
    sections.flatMap(\.fields).compactMap { field in
      guard field.name.hasPrefix("db"), let db = Int(field.name.dropFirst(2)),
        let map = Self.keyValueMap(field.value)
      else { return nil }
      let value = { (name: String) in map.first { $0.0 == name }.flatMap { Int64($0.1) } ?? 0 }
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
