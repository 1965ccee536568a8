/// A key template such as `rq:job:{id:uuid}`: literal bytes and typed placeholders. It
/// matches keys (bytes, not Strings), turns into a SCAN glob, and names a key's id.
public struct NamespaceTemplate: Sendable, Equatable, CustomStringConvertible {
  /// What a placeholder accepts.
  public enum Kind: String, Sendable, CaseIterable {
    /// Anything but `:` (the default): one segment of a `:`-delimited key.
    case seg
    case any, uuid, hex, int, alnum, token, slug
    /// Anything, or nothing at all (an optional prefix, empty brackets).
    case opt
  }

  enum Part: Sendable, Equatable {
    case literal([UInt8])
    case field(name: String, kind: Kind, length: Int?)
  }

  let parts: [Part]
  /// The template as written, `{{`/`}}` escapes included.
  public let description: String

  public init(_ text: String) throws(RStateError) {
    description = text
    var parts: [Part] = []
    var literal: [UInt8] = []
    let bytes = Array(text.utf8)
    var index = 0
    func invalid(_ why: String) -> RStateError {
      .usage("key template '\(text)': \(why)")
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == byte {
        literal.append(byte)
        index += 2
      } else if byte == UInt8(ascii: "}") {
        guard index + 1 < bytes.count, bytes[index + 1] == byte else {
          throw invalid("a '}' without its '{' (write '}}' for a literal brace)")
        }
        literal.append(byte)
        index += 2
      } else if byte == UInt8(ascii: "{") {
        guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else {
          throw invalid("a '{' without its '}'")
        }
        let inside = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
        let field = try Self.field(inside, invalid: invalid)
        if !literal.isEmpty { parts.append(.literal(literal)) }
        literal = []
        parts.append(field)
        index = close + 1
      } else {
        literal.append(byte)
        index += 1
      }
    }
    if !literal.isEmpty { parts.append(.literal(literal)) }
    self.parts = parts
  }

  private static func field(_ inside: String, invalid: (String) -> RStateError)
    throws(RStateError) -> Part
  {
    let pieces = inside.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    let name = String(pieces[0])
    guard !name.isEmpty, name.utf8.allSatisfy({ $0.isWordByte }) else {
      throw invalid("'{\(inside)}' needs a name of letters, digits and '_', e.g. {id}")
    }
    guard pieces.count == 2 else { return .field(name: name, kind: .seg, length: nil) }
    let spec = pieces[1]
    let letters = spec.prefix { !$0.isNumber }
    let digits = spec.dropFirst(letters.count)
    guard let kind = Kind(rawValue: String(letters)), digits.allSatisfy(\.isNumber) else {
      let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
      throw invalid("unknown placeholder kind '\(spec)' (known: \(kinds); a length may follow)")
    }
    return .field(name: name, kind: kind, length: digits.isEmpty ? nil : Int(digits))
  }

  /// The template with `<name>` prefixes replaced by their values; the values may hold
  /// placeholders of their own (`{app:slug}_database_`).
  public static func expandingPrefixes(_ text: String, _ prefixes: [String: String])
    throws(RStateError) -> String
  {
    var result = ""
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "<") {
      guard let close = rest[open...].firstIndex(of: ">") else { break }
      let name = String(rest[rest.index(after: open)..<close])
      guard let value = prefixes[name] else {
        throw .usage("key template '\(text)': no prefix named <\(name)> in [prefixes]")
      }
      result += rest[..<open] + value
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }

  /// The placeholders' names, in order.
  public var fieldNames: [String] {
    parts.compactMap { if case .field(let name, _, _) = $0 { name } else { nil } }
  }

  /// The literal text before the first placeholder: what every matching key starts with.
  public var leadingLiteral: [UInt8] {
    if case .literal(let bytes) = parts.first { return bytes }
    return []
  }

  public func matches(_ key: [UInt8]) -> Bool { captures(key) != nil }

  /// The bytes each placeholder matched, or nil when the key does not fit.
  public func captures(_ key: [UInt8]) -> [[UInt8]]? {
    var found: [[UInt8]] = []
    return match(key, 0, 0, &found) ? found : nil
  }

  /// The part of a key that tells it from its neighbours: the key without the template's
  /// leading literal text.
  public func id(of key: [UInt8]) -> [UInt8] {
    let lead = leadingLiteral
    return key.starts(with: lead) ? Array(key.dropFirst(lead.count)) : key
  }

  /// A SCAN MATCH glob that every matching key fits (the matcher then decides).
  public var glob: [UInt8] {
    var glob: [UInt8] = []
    for part in parts {
      switch part {
      case .literal(let bytes): glob += Self.escapedGlob(bytes)
      case .field:
        if glob.last != UInt8(ascii: "*") { glob.append(UInt8(ascii: "*")) }
      }
    }
    return glob
  }

  /// Literal bytes with the glob's special characters escaped.
  public static func escapedGlob(_ bytes: [UInt8]) -> [UInt8] {
    var glob: [UInt8] = []
    for byte in bytes {
      if [
        UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"),
        UInt8(ascii: "\\"),
      ].contains(byte) {
        glob.append(UInt8(ascii: "\\"))
      }
      glob.append(byte)
    }
    return glob
  }

  private func match(_ key: [UInt8], _ at: Int, _ part: Int, _ found: inout [[UInt8]]) -> Bool {
    guard part < parts.count else { return at == key.count }
    switch parts[part] {
    case .literal(let text):
      guard key.count - at >= text.count, key[at..<(at + text.count)].elementsEqual(text)
      else { return false }
      return match(key, at + text.count, part + 1, &found)
    case .field(_, let kind, let length):
      // Longest run of accepted bytes first, then shorter ones, so a later literal can match.
      var end = at
      while end < key.count, kind.accepts(key[end]) { end += 1 }
      let longest = end - at
      let shortest = length ?? (kind == .opt ? 0 : 1)
      guard longest >= shortest else { return false }
      for count in stride(from: length ?? longest, through: shortest, by: -1) {
        let value = Array(key[at..<(at + count)])
        guard kind != .uuid || Self.isUUID(value) else { continue }
        found.append(value)
        if match(key, at + count, part + 1, &found) { return true }
        found.removeLast()
      }
      return false
    }
  }

  private static func isUUID(_ value: [UInt8]) -> Bool {
    guard value.count == 36 else { return false }
    return value.enumerated().allSatisfy { index, byte in
      [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-") : byte.isHexDigit
    }
  }
}

extension NamespaceTemplate.Kind {
  func accepts(_ byte: UInt8) -> Bool {
    switch self {
    case .seg: byte != UInt8(ascii: ":")
    case .any, .opt: true
    case .uuid: byte.isHexDigit || byte == UInt8(ascii: "-")
    case .hex: byte.isHexDigit
    case .int: (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    case .alnum:
      (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    case .token: byte.isWordByte || byte == UInt8(ascii: "-")
    case .slug: byte.isWordByte || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
  }
}

extension UInt8 {
  /// ASCII letters, digits and `_`.
  var isWordByte: Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
      || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) || self == UInt8(ascii: "_")
  }

  var isHexDigit: Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
      || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
      || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
  }
}
