/// A TOML 1.0 document, read without Foundation: rstate's start-up budget (no more than
/// redis-cli's for `ping`) leaves no room for a library that links it. Strict, as the spec
/// is: a second definition of a table or key, a bad escape, a stray character are errors with
/// line and column. Tested against CPython's `tomllib` on a shared corpus.
public indirect enum TOMLValue: Sendable, Equatable {
  case string(String)
  case integer(Int64)
  case float(Double)
  case bool(Bool)
  /// Offset or local date-time, local date or local time, as written (with `T` for a space).
  case dateTime(String)
  case array([TOMLValue])
  case table(TOMLTable)

  public var string: String? { if case .string(let text) = self { text } else { nil } }
  public var bool: Bool? { if case .bool(let flag) = self { flag } else { nil } }
  public var integer: Int64? { if case .integer(let number) = self { number } else { nil } }
  public var array: [TOMLValue]? { if case .array(let items) = self { items } else { nil } }
  public var table: TOMLTable? { if case .table(let table) = self { table } else { nil } }
}

/// A table's keys in the order they were written, with the line each was written on.
public struct TOMLTable: Sendable, Equatable {
  public private(set) var keys: [String] = []
  private var values: [String: TOMLValue] = [:]
  private var lines: [String: Int] = [:]

  public subscript(key: String) -> TOMLValue? { values[key] }

  /// Where the key was written (for a table, its header or first dotted key).
  public func line(of key: String) -> Int? { lines[key] }

  mutating func set(_ key: String, _ value: TOMLValue, line: Int) {
    if values[key] == nil { keys.append(key) }
    values[key] = value
    if lines[key] == nil { lines[key] = line }
  }

  public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
    lhs.keys.sorted() == rhs.keys.sorted() && lhs.values == rhs.values
  }
}

public struct TOMLError: Error, Sendable, Equatable {
  public var line: Int
  public var column: Int
  public var reason: String
}

public enum TOML {
  /// How deep tables and arrays may nest, counting every header part, dotted key part, array
  /// and inline table: far more than any settings file needs, and few enough that reading,
  /// comparing and freeing the values (all recursive) stays far from the stack's end.
  public static let maximumDepth = 64

  public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    var parser = TOMLParser(bytes: Array(text.utf8))
    return try parser.document()
  }
}

/// Tables as they are built: how each was made decides what may still be added to it.
private final class TableNode {
  enum Origin { case header, implicit, dotted, inline, arrayElement }
  var origin: Origin
  var line: Int
  /// How many tables and arrays hold it (the root: 0).
  let depth: Int
  var entries: [(key: String, node: Node)] = []
  var index: [String: Int] = [:]

  init(_ origin: Origin, line: Int, depth: Int) {
    self.origin = origin
    self.line = line
    self.depth = depth
  }

  enum Node {
    case value(TOMLValue, line: Int)
    case table(TableNode)
    case tables([TableNode], line: Int)
  }

  /// Adds a table to the array of tables at `key`, or starts it; false when `key` holds
  /// something else. In place: rebuilding the array for each `[[key]]` would take time
  /// quadratic in their number.
  func appendElement(_ element: TableNode, to key: String, line: Int) -> Bool {
    guard let position = index[key] else {
      self[key] = .tables([element], line: line)
      return true
    }
    guard case .tables(var children, let firstLine) = entries[position].node else { return false }
    entries[position].node = .tables([], line: firstLine)  // leaves `children` the only owner
    children.append(element)
    entries[position].node = .tables(children, line: firstLine)
    return true
  }

  subscript(key: String) -> Node? {
    get { index[key].map { entries[$0].node } }
    set {
      if let position = index[key] {
        entries[position].node = newValue!
      } else {
        index[key] = entries.count
        entries.append((key, newValue!))
      }
    }
  }

  func value() -> TOMLTable {
    var table = TOMLTable()
    for (key, node) in entries {
      switch node {
      case .value(let value, let line): table.set(key, value, line: line)
      case .table(let child): table.set(key, .table(child.value()), line: child.line)
      case .tables(let children, let line):
        table.set(key, .array(children.map { .table($0.value()) }), line: line)
      }
    }
    return table
  }
}

private struct TOMLParser {
  let bytes: [UInt8]
  var position = 0
  var line = 1
  var lineStart = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  func peek(_ offset: Int = 1) -> UInt8? {
    position + offset < bytes.count ? bytes[position + offset] : nil
  }

  func error(_ reason: String, at column: Int? = nil) -> TOMLError {
    TOMLError(line: line, column: column ?? (position - lineStart + 1), reason: reason)
  }

  mutating func advance() { position += 1 }

  /// A table or array `depth` levels down may be made, or the error that says it may not.
  func checkDepth(_ depth: Int, at column: Int? = nil) throws(TOMLError) {
    guard depth > TOML.maximumDepth else { return }
    throw error(
      "tables and arrays nested more than \(TOML.maximumDepth) levels deep", at: column)
  }

  mutating func newline() throws(TOMLError) {
    if current == UInt8(ascii: "\r") {
      guard peek() == UInt8(ascii: "\n") else { throw error("a carriage return without a newline") }
      advance()
    }
    advance()
    line += 1
    lineStart = position
  }

  var atNewline: Bool { current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") }

  mutating func skipSpaces() {
    while current == UInt8(ascii: " ") || current == UInt8(ascii: "\t") { advance() }
  }

  mutating func skipComment() throws(TOMLError) {
    guard current == UInt8(ascii: "#") else { return }
    while let byte = current, !atNewline {
      if byte < 0x20 && byte != 0x09 || byte == 0x7F {
        throw error("a control character in a comment")
      }
      advance()
    }
  }

  /// Spaces, a comment, then the end of the line or of the input.
  mutating func endOfLine() throws(TOMLError) {
    skipSpaces()
    try skipComment()
    guard current == nil || atNewline else {
      throw error(
        "expected the end of the line, found '\(String(decoding: [current!], as: UTF8.self))'")
    }
    if current != nil { try newline() }
  }

  mutating func document() throws(TOMLError) -> TOMLTable {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw TOMLError(line: 1, column: 1, reason: "the file is not UTF-8")
    }
    let root = TableNode(.header, line: 1, depth: 0)
    var table = root
    while current != nil {
      skipSpaces()
      guard let byte = current else { break }
      if byte == UInt8(ascii: "#") || atNewline {
        try endOfLine()
      } else if byte == UInt8(ascii: "[") {
        table = try header(root)
        try endOfLine()
      } else {
        try keyValue(into: table)
        try endOfLine()
      }
    }
    return root.value()
  }

  /// `[a.b]` or `[[a.b]]`: the table that the following key/values go into.
  mutating func header(_ root: TableNode) throws(TOMLError) -> TableNode {
    let headerLine = line
    let headerColumn = position - lineStart + 1
    advance()
    let isArray = current == UInt8(ascii: "[")
    if isArray { advance() }
    skipSpaces()
    let path = try keyPath()
    guard current == UInt8(ascii: "]") else {
      throw error("expected ']' to close the table header")
    }
    advance()
    if isArray {
      guard current == UInt8(ascii: "]") else { throw error("expected ']]' to close the header") }
      advance()
    }
    var table = root
    for key in path.dropLast() {
      switch table[key] {
      case nil:
        try checkDepth(table.depth + 1, at: headerColumn)
        let child = TableNode(.implicit, line: headerLine, depth: table.depth + 1)
        table[key] = .table(child)
        table = child
      case .table(let child):
        guard child.origin != .inline else { throw error("table '\(key)' is inline and closed") }
        table = child
      case .tables(let children, _):
        table = children.last!
      case .value:
        throw error("'\(key)' is a value, not a table")
      }
    }
    let last = path.last!
    let name = path.joined(separator: ".")
    if isArray {
      // The array, then the table in it.
      try checkDepth(table.depth + 2, at: headerColumn)
      let element = TableNode(.arrayElement, line: headerLine, depth: table.depth + 2)
      guard table.appendElement(element, to: last, line: headerLine) else {
        throw error("'\(name)' is already defined and is not an array of tables")
      }
      return element
    }
    switch table[last] {
    case nil:
      try checkDepth(table.depth + 1, at: headerColumn)
      let child = TableNode(.header, line: headerLine, depth: table.depth + 1)
      table[last] = .table(child)
      return child
    case .table(let child) where child.origin == .implicit:
      child.origin = .header
      child.line = headerLine
      return child
    default:
      throw error("table '\(name)' is defined twice")
    }
  }

  mutating func keyValue(into table: TableNode) throws(TOMLError) {
    let valueLine = line
    let keyColumn = position - lineStart + 1
    func conflict(_ reason: String) -> TOMLError {
      TOMLError(line: valueLine, column: keyColumn, reason: reason)
    }
    let path = try keyPath()
    guard current == UInt8(ascii: "=") else { throw error("expected '=' after the key") }
    advance()
    skipSpaces()
    // Each dotted part but the last is a table; the value sits one level below the last.
    let valueDepth = table.depth + path.count
    try checkDepth(valueDepth - 1, at: keyColumn)
    // An inline table stays a node of its own: it is closed to later additions.
    let node: TableNode.Node =
      current == UInt8(ascii: "{")
      ? .table(try inlineTable(depth: valueDepth))
      : .value(try scalarOrArray(depth: valueDepth), line: valueLine)
    var target = table
    for key in path.dropLast() {
      switch target[key] {
      case nil:
        let child = TableNode(.dotted, line: valueLine, depth: target.depth + 1)
        target[key] = .table(child)
        target = child
      case .table(let child) where child.origin == .dotted:
        target = child
      default:
        throw conflict("'\(key)' is already defined; dotted keys cannot add to it")
      }
    }
    guard target[path.last!] == nil else {
      throw conflict("'\(path.joined(separator: "."))' is defined twice")
    }
    target[path.last!] = node
  }

  mutating func valueForArray(depth: Int) throws(TOMLError) -> TOMLValue {
    if current == UInt8(ascii: "{") { return .table(try inlineTable(depth: depth).value()) }
    return try scalarOrArray(depth: depth)
  }

  /// A value `depth` levels down (what matters if it is an array).
  mutating func scalarOrArray(depth: Int) throws(TOMLError) -> TOMLValue {
    guard let byte = current else { throw error("expected a value") }
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "'"): return .string(try string())
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "t"), UInt8(ascii: "f"):
      if match("true") { return .bool(true) }
      if match("false") { return .bool(false) }
      throw error("expected a value (true, false, a number, a string, …)")
    default:
      return try numberOrDate()
    }
  }

  mutating func match(_ word: String) -> Bool {
    let expected = Array(word.utf8)
    guard bytes.count - position >= expected.count,
      bytes[position..<(position + expected.count)].elementsEqual(expected)
    else { return false }
    let after: UInt8? =
      position + expected.count < bytes.count ? bytes[position + expected.count] : nil
    if let after, after.isWordByte || after == UInt8(ascii: "-") { return false }
    position += expected.count
    return true
  }

  mutating func array(depth: Int) throws(TOMLError) -> TOMLValue {
    try checkDepth(depth)
    advance()
    var items: [TOMLValue] = []
    while true {
      try skipBlank()
      if current == UInt8(ascii: "]") {
        advance()
        return .array(items)
      }
      items.append(try valueForArray(depth: depth + 1))
      try skipBlank()
      if current == UInt8(ascii: ",") {
        advance()
      } else if current == UInt8(ascii: "]") {
        advance()
        return .array(items)
      } else {
        throw error("expected ',' or ']' in the array")
      }
    }
  }

  /// Spaces, newlines and comments, as arrays allow between their values.
  mutating func skipBlank() throws(TOMLError) {
    while true {
      skipSpaces()
      if current == UInt8(ascii: "#") { try skipComment() }
      if atNewline { try newline() } else { return }
    }
  }

  mutating func inlineTable(depth: Int) throws(TOMLError) -> TableNode {
    try checkDepth(depth)
    let table = TableNode(.inline, line: line, depth: depth)
    advance()
    skipSpaces()
    if current == UInt8(ascii: "}") {
      advance()
      return table
    }
    while true {
      try keyValue(into: table)
      skipSpaces()
      if current == UInt8(ascii: ",") {
        advance()
        skipSpaces()
      } else if current == UInt8(ascii: "}") {
        advance()
        freeze(table)
        return table
      } else {
        throw error("expected ',' or '}' in the inline table (which must fit on one line)")
      }
    }
  }

  func freeze(_ table: TableNode) {
    table.origin = .inline
    for entry in table.entries {
      if case .table(let child) = entry.node { freeze(child) }
    }
  }

  mutating func keyPath() throws(TOMLError) -> [String] {
    var path: [String] = []
    while true {
      skipSpaces()
      guard path.count < TOML.maximumDepth else {
        throw error("a key of more than \(TOML.maximumDepth) dotted parts")
      }
      path.append(try simpleKey())
      skipSpaces()
      guard current == UInt8(ascii: ".") else { return path }
      advance()
    }
  }

  mutating func simpleKey() throws(TOMLError) -> String {
    guard let byte = current else { throw error("expected a key") }
    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      if peek() == byte && peek(2) == byte { throw error("a key cannot be a multi-line string") }
      return try string()
    }
    let start = position
    while let next = current, next.isWordByte || next == UInt8(ascii: "-") { advance() }
    guard position > start else {
      throw error("expected a key, found '\(String(decoding: [byte], as: UTF8.self))'")
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  mutating func string() throws(TOMLError) -> String {
    let quote = current!
    let literal = quote == UInt8(ascii: "'")
    let multiline = peek() == quote && peek(2) == quote
    position += multiline ? 3 : 1
    if multiline && atNewline { try newline() }  // a newline right after the quotes is dropped
    var out: [UInt8] = []
    while true {
      guard let byte = current else { throw error("the string is not closed") }
      if byte == quote {
        if !multiline {
          advance()
          return String(decoding: out, as: UTF8.self)
        }
        // Up to two quotes may end the content just before the closing three.
        var run = 0
        while peek(run) == quote { run += 1 }
        if run >= 3 {
          guard run <= 5 else { throw error("too many quotes at the end of the string") }
          out += Array(repeating: quote, count: run - 3)
          position += run
          return String(decoding: out, as: UTF8.self)
        }
        out += Array(repeating: quote, count: run)
        position += run
        continue
      }
      if atNewline {
        guard multiline else { throw error("a newline in a one-line string") }
        if byte == UInt8(ascii: "\r") { advance() }
        out.append(UInt8(ascii: "\n"))
        try newlineAfterCarriageReturn()
        continue
      }
      if byte < 0x20 && byte != 0x09 || byte == 0x7F {
        throw error("a control character in a string (escape it)")
      }
      if byte == UInt8(ascii: "\\") && !literal {
        try escape(into: &out, multiline: multiline)
        continue
      }
      out.append(byte)
      advance()
    }
  }

  /// At a `\n` (its `\r` already passed): counts the line.
  mutating func newlineAfterCarriageReturn() throws(TOMLError) {
    guard current == UInt8(ascii: "\n") else { throw error("a carriage return without a newline") }
    advance()
    line += 1
    lineStart = position
  }

  mutating func escape(into out: inout [UInt8], multiline: Bool) throws(TOMLError) {
    advance()
    guard let byte = current else { throw error("the string is not closed") }
    let simple: [UInt8: UInt8] = [
      UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A,
      UInt8(ascii: "f"): 0x0C, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "\""): 0x22,
      UInt8(ascii: "\\"): 0x5C,
    ]
    if let replacement = simple[byte] {
      out.append(replacement)
      advance()
      return
    }
    if byte == UInt8(ascii: "u") || byte == UInt8(ascii: "U") {
      let count = byte == UInt8(ascii: "u") ? 4 : 8
      advance()
      guard bytes.count - position >= count,
        let value = UInt32(
          String(decoding: bytes[position..<(position + count)], as: UTF8.self), radix: 16),
        bytes[position..<(position + count)].allSatisfy(\.isHexDigit),
        let scalar = Unicode.Scalar(value)
      else {
        throw error(
          "a \\\(byte == UInt8(ascii: "u") ? "u" : "U") escape needs \(count) hex digits of a Unicode scalar"
        )
      }
      out += Array(String(Character(scalar)).utf8)
      position += count
      return
    }
    // A backslash at the end of a line in a multi-line string joins the lines.
    if multiline {
      var probe = position
      while probe < bytes.count,
        bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t")
      {
        probe += 1
      }
      if probe < bytes.count,
        bytes[probe] == UInt8(ascii: "\n") || bytes[probe] == UInt8(ascii: "\r")
      {
        position = probe
        while true {
          skipSpaces()
          guard atNewline else { return }
          try newline()
        }
      }
    }
    throw error("unknown escape '\\\(String(decoding: [byte], as: UTF8.self))'")
  }

  mutating func numberOrDate() throws(TOMLError) -> TOMLValue {
    let start = position
    let column = position - lineStart + 1
    // A date or time: digits then '-' at 4 or ':' at 2.
    if isDigit(current), isDigit(peek(1)), peek(2) == UInt8(ascii: ":") { return try dateTime() }
    if (0..<4).allSatisfy({ isDigit(peek($0)) }), peek(4) == UInt8(ascii: "-") {
      return try dateTime()
    }
    while let byte = current,
      byte.isWordByte || [UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ".")].contains(byte)
    {
      advance()
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    guard !text.isEmpty else { throw error("expected a value", at: column) }
    if let value = Self.integer(text) { return .integer(value) }
    if let value = Self.float(text) { return .float(value) }
    throw error("'\(text)' is not a number, string, boolean, date or array", at: column)
  }

  func isDigit(_ byte: UInt8?) -> Bool {
    byte.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false
  }

  /// Underscores only between digits.
  static func withoutUnderscores(_ digits: Substring, isDigit: (Character) -> Bool) -> String? {
    guard !digits.isEmpty, isDigit(digits.first!), isDigit(digits.last!) else { return nil }
    var previous: Character = "0"
    var out = ""
    for character in digits {
      if character == "_" {
        guard previous != "_" else { return nil }
      } else {
        guard isDigit(character) else { return nil }
        if previous == "_", !isDigit(character) { return nil }
        out.append(character)
      }
      previous = character
    }
    return out
  }

  static func integer(_ text: String) -> Int64? {
    var body = Substring(text)
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
      let digits = withoutUnderscores(body.dropFirst(2)) {
        $0.isHexDigit && Int(String($0), radix: radix) != nil
      }
      return digits.flatMap { Int64($0, radix: radix) }
    }
    var negative = false
    if body.first == "+" || body.first == "-" {
      negative = body.first == "-"
      body = body.dropFirst()
    }
    guard let digits = withoutUnderscores(body, isDigit: \.isASCIIDigit) else { return nil }
    if digits.count > 1 && digits.first == "0" { return nil }  // no leading zeros
    return Int64((negative ? "-" : "") + digits)
  }

  static func float(_ text: String) -> Double? {
    var body = Substring(text)
    var sign = ""
    if body.first == "+" || body.first == "-" {
      sign = body.first == "-" ? "-" : ""
      body = body.dropFirst()
    }
    if body == "inf" { return sign == "-" ? -.infinity : .infinity }
    if body == "nan" { return .nan }
    let exponentAt = body.firstIndex { $0 == "e" || $0 == "E" }
    let mantissa = exponentAt.map { body[..<$0] } ?? body
    let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = withoutUnderscores(parts[0], isDigit: \.isASCIIDigit),
      whole.count == 1 || whole.first != "0"
    else { return nil }
    var normal = sign + whole
    if parts.count == 2 {
      guard let fraction = withoutUnderscores(parts[1], isDigit: \.isASCIIDigit) else { return nil }
      normal += "." + fraction
    }
    if let exponentAt {
      var exponent = body[body.index(after: exponentAt)...]
      var exponentSign = ""
      if exponent.first == "+" || exponent.first == "-" {
        exponentSign = String(exponent.first!)
        exponent = exponent.dropFirst()
      }
      guard let digits = withoutUnderscores(exponent, isDigit: \.isASCIIDigit) else { return nil }
      normal += "e" + exponentSign + digits
    } else if parts.count == 1 {
      return nil
    }
    return Double(normal)
  }

  /// `1979-05-27T07:32:00Z`, `1979-05-27 07:32:00.5-07:00`, `1979-05-27`, `07:32:00`: checked
  /// for shape and ranges, kept as text.
  mutating func dateTime() throws(TOMLError) -> TOMLValue {
    let column = position - lineStart + 1
    let start = position
    func digits(_ count: Int) -> Int? {
      guard bytes.count - position >= count,
        bytes[position..<(position + count)].allSatisfy({ (48...57).contains($0) })
      else { return nil }
      defer { position += count }
      return Int(String(decoding: bytes[position..<(position + count)], as: UTF8.self))
    }
    func expect(_ byte: UInt8) -> Bool {
      guard current == byte else { return false }
      advance()
      return true
    }
    let bad = error("not a valid date or time", at: column)
    var hasDate = false
    if peek(2) != UInt8(ascii: ":") {
      guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2),
        expect(UInt8(ascii: "-")), let day = digits(2), (1...12).contains(month), day >= 1
      else { throw bad }
      let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
      let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
      guard day <= days else { throw bad }
      hasDate = true
      let separator = current
      let timeFollows =
        (separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
          || separator == UInt8(ascii: " ")) && isDigit(peek(1))
      guard timeFollows else {
        return .dateTime(String(decoding: bytes[start..<position], as: UTF8.self))
      }
      advance()
    }
    guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2),
      expect(UInt8(ascii: ":")), let second = digits(2), hour < 24, minute < 60, second <= 60
    else { throw bad }
    if current == UInt8(ascii: ".") {
      advance()
      guard isDigit(current) else { throw bad }
      while isDigit(current) { advance() }
    }
    if hasDate {
      if current == UInt8(ascii: "Z") || current == UInt8(ascii: "z") {
        advance()
      } else if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
        advance()
        guard let offsetHour = digits(2), expect(UInt8(ascii: ":")), let offsetMinute = digits(2),
          offsetHour < 24, offsetMinute < 60
        else { throw bad }
      }
    }
    var text = String(decoding: bytes[start..<position], as: UTF8.self)
    if hasDate, text.count > 10 { text = String(text.prefix(10)) + "T" + text.dropFirst(11) }
    return .dateTime(text)
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
