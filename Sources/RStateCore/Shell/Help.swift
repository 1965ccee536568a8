/// One command's help, as redis-cli shows it.
public struct HelpEntry: Sendable, Equatable {
  /// `GET`, or `CLIENT LIST` for a subcommand.
  public var full: String
  /// The argument synopsis built from COMMAND DOCS: `key [NX|XX] [GET] …`.
  public var params: String
  public var summary: String
  public var since: String?
  public var group: String
  /// The argument tree from COMMAND DOCS, for hints; empty in the built-in table.
  public var arguments: [ArgumentSpec] = []

  public init(
    full: String, params: String, summary: String, since: String?, group: String,
    arguments: [ArgumentSpec] = []
  ) {
    self.full = full
    self.params = params
    self.summary = summary
    self.since = since
    self.group = group
    self.arguments = arguments
  }

  var words: [String] { full.split(separator: " ").map(String.init) }
}

/// The shell's `help`: from the connected server's COMMAND DOCS, or the built-in table
/// (generated from Redis 7.0's) when the server is down or refuses COMMAND.
public struct HelpTable: Sendable {
  public var entries: [HelpEntry]

  public init(entries: [HelpEntry]) {
    // redis-cli sorts by the full name, byte by byte.
    self.entries = entries.sorted {
      Array($0.full.utf8).lexicographicallyPrecedes(Array($1.full.utf8))
    }
  }

  /// Builds the table from a COMMAND DOCS reply (RESP2: name, then a flat map of fields).
  public init?(commandDocs reply: RESPValue) {
    guard case .array(let items) = reply, !items.isEmpty else { return nil }
    var entries: [HelpEntry] = []
    func add(_ name: String, _ docs: RESPValue, depth: Int = 0) {
      // Subcommands nest one level; a server's reply is not followed deeper than a few.
      guard case .array(let fields) = docs, depth < 4 else { return }
      var entry = HelpEntry(
        full: name.uppercased().split(separator: "|").joined(separator: " "), params: "",
        summary: "", since: nil, group: "")
      var subcommands: [RESPValue] = []
      for index in stride(from: 0, to: fields.count - 1, by: 2) {
        let value = fields[index + 1]
        switch fields[index].text {
        case "summary": entry.summary = shown(value) ?? ""
        case "since": entry.since = shown(value)
        case "group": entry.group = shown(value) ?? ""
        case "arguments":
          if case .array(let arguments) = value {
            entry.arguments = arguments.compactMap { ArgumentSpec($0) }
            entry.params = entry.arguments.map(\.synopsis).joined(separator: " ")
          }
        case "subcommands":
          if case .array(let nested) = value { subcommands = nested }
        default: continue
        }
      }
      entries.append(entry)
      for index in stride(from: 0, to: subcommands.count - 1, by: 2) {
        if let subName = shown(subcommands[index]) {
          add(subName, subcommands[index + 1], depth: depth + 1)
        }
      }
    }
    for index in stride(from: 0, to: items.count - 1, by: 2) {
      if let name = shown(items[index]) { add(name, items[index + 1]) }
    }
    self.init(entries: entries)
  }

  /// What `help`, `help @group` and `help COMMAND [SUBCOMMAND]` print, byte for byte as
  /// redis-cli prints it (with its colours, even when piped).
  public func render(_ topic: [[UInt8]], version: String) -> [UInt8] {
    guard let first = topic.first.map({ String(decoding: $0, as: UTF8.self) }) else {
      return Array(Self.generic(version: version).utf8)
    }
    if first.hasPrefix(":") { return ShellCommand.help(first) }
    var out = ""
    if first.hasPrefix("@") {
      let group = first.dropFirst().lowercased()
      for entry in entries where entry.group.lowercased() == group {
        out += Self.describe(entry, withGroup: false)
      }
    } else {
      let words = topic.map { String(decoding: $0, as: UTF8.self).lowercased() }
      for entry in entries {
        let names = entry.words.map { $0.lowercased() }
        if words.count <= names.count && zip(words, names).allSatisfy({ $0 == $1 }) {
          out += Self.describe(entry, withGroup: true)
        }
      }
    }
    return Array((out + "\r\n").utf8)
  }

  private static func describe(_ entry: HelpEntry, withGroup: Bool) -> String {
    var text = "\r\n  \u{1B}[1m\(entry.full)\u{1B}[0m \u{1B}[90m\(entry.params)\u{1B}[0m\r\n"
    text += "  \u{1B}[33msummary:\u{1B}[0m \(entry.summary)\r\n"
    text += "  \u{1B}[33msince:\u{1B}[0m \(entry.since ?? "(null)")\r\n"
    if withGroup { text += "  \u{1B}[33mgroup:\u{1B}[0m \(entry.group)\r\n" }
    return text
  }

  /// redis-cli's text, with rstate's own `:` commands and preferences.
  static func generic(version: String) -> String {
    let listed = ShellCommand.all.filter { $0.name != ":set" }.map { command in
      let shown = command.usage.isEmpty ? command.name : command.name + " " + command.usage
      return "      \"\(shown)\" \(command.brief)\n"
    }
    return """
      rstate \(version)
      To get help about Redis commands type:
            "help @<group>" to get a list of commands in <group>
            "help <command>" for help on <command>
            "help <tab>" to get a list of possible help topics
            "quit" to exit

      rstate's own commands ("help :<command>" explains one):

      """ + listed.joined() + """

        To set rstate preferences:
              ":set hints" enable online hints
              ":set nohints" disable online hints
              ":set confirm" ask before FLUSHALL, FLUSHDB, SHUTDOWN, DEBUG and KEYS on a big db
              ":set noconfirm" run them without asking
              ":set pager" show replies longer than the screen through $PAGER
              ":set nopager" print every reply directly
        Set your preferences in ~/.rstaterc

        """
  }
}

/// One argument of a command as COMMAND DOCS describes it.
public struct ArgumentSpec: Sendable, Equatable {
  public var name: String
  public var type: String
  public var token: String?
  public var optional: Bool
  public var multiple: Bool
  public var multipleToken: Bool
  public var children: [ArgumentSpec]

  public init(
    _ name: String, _ type: String, _ token: String?, _ optional: Bool, _ multiple: Bool,
    _ multipleToken: Bool, _ children: [ArgumentSpec]
  ) {
    self.name = name
    self.type = type
    self.token = token
    self.optional = optional
    self.multiple = multiple
    self.multipleToken = multipleToken
    self.children = children
  }

  /// One argument of COMMAND DOCS; real ones nest three or four levels, and a server's
  /// reply is not followed past sixteen.
  init?(_ spec: RESPValue, depth: Int = 0) {
    guard case .array(let fields) = spec, depth < 16 else { return nil }
    name = ""
    type = ""
    optional = false
    multiple = false
    multipleToken = false
    children = []
    for index in stride(from: 0, to: fields.count - 1, by: 2) {
      let value = fields[index + 1]
      switch fields[index].text {
      case "name": name = shown(value) ?? ""
      case "token": token = shown(value)
      case "type": type = shown(value) ?? ""
      case "arguments":
        if case .array(let list) = value {
          children = list.compactMap { Self($0, depth: depth + 1) }
        }
      case "flags":
        if case .array(let list) = value {
          let flags = Set(list.compactMap(\.text))
          optional = flags.contains("optional")
          multiple = flags.contains("multiple")
          multipleToken = flags.contains("multiple_token")
        }
      default: continue
      }
    }
  }

  /// The synopsis, as redis-cli builds it for help (`cliAddArgument`):
  /// `[EX seconds|PX milliseconds]`, `key [key ...]`.
  var synopsis: String {
    var repeated = ""
    switch type {
    case "key", "string", "integer", "double", "pattern", "unix-time", "token":
      repeated = name.isEmpty ? "\"\"" : name
    case "oneof": repeated = children.map(\.synopsis).joined(separator: "|")
    case "block": repeated = children.map(\.synopsis).joined(separator: " ")
    default: break
    }
    var tokenPart = token.map { $0.isEmpty ? "\"\"" : $0 } ?? ""
    if !tokenPart.isEmpty && type != "pure-token" { tokenPart += " " }
    var out = optional ? "[" : ""
    out += tokenPart + repeated
    if multiple { out += " [" + (multipleToken ? tokenPart : "") + repeated + " ...]" }
    if optional { out += "]" }
    return out
  }

  /// The argument without its optional brackets, for what is still owed after its token.
  var valuePart: String {
    switch type {
    case "block": return children.map(\.synopsis).joined(separator: " ")
    case "pure-token": return ""
    default: return name
    }
  }

  /// True when `word` starts this argument: its token, or the token of one of its choices.
  func startsWith(_ word: String) -> ArgumentSpec? {
    if let token, token.caseInsensitiveEquals(word) { return self }
    if type == "oneof" {
      for child in children { if let match = child.startsWith(word) { return match } }
    }
    if type == "block", let first = children.first, first.token != nil {
      return first.startsWith(word) != nil ? self : nil
    }
    return nil
  }
}

extension String {
  func caseInsensitiveEquals(_ other: String) -> Bool { lowercased() == other.lowercased() }
}

extension HelpTable {
  /// Help for when the server's COMMAND DOCS cannot be read: the server is down or refuses
  /// COMMAND, or the reply nests deeper than hiredis 0.14 parses (most of COMMAND DOCS).
  public static let builtIn = HelpTable(builtIn: builtInText)

  /// Decodes the generated table (see scripts/generate-help-table.py).
  init(builtIn text: String) {
    var entries: [HelpEntry] = []
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(
        String.init)
      guard fields.count == 6 else { continue }
      var rest = Substring(fields[5]).unicodeScalars[...]
      var arguments: [ArgumentSpec] = []
      while let argument = ArgumentSpec.decode(&rest) { arguments.append(argument) }
      entries.append(
        HelpEntry(
          full: fields[0], params: fields[1], summary: fields[2],
          since: fields[3].isEmpty ? nil : fields[3], group: fields[4], arguments: arguments))
    }
    self.init(entries: entries)
  }
}

extension ArgumentSpec {
  /// `(name RS type RS token RS flags RS children...)`, RS = U+001E, no token = U+0018.
  static func decode(_ text: inout Substring.UnicodeScalarView.SubSequence) -> ArgumentSpec? {
    guard text.first == "(" else { return nil }
    text.removeFirst()
    var fields: [String] = []
    for _ in 0..<4 {
      let end = text.firstIndex(of: "\u{1E}") ?? text.endIndex
      fields.append(String(String.UnicodeScalarView(text[..<end])))
      text = text[end...].dropFirst()
    }
    var children: [ArgumentSpec] = []
    while let child = decode(&text) { children.append(child) }
    if text.first == ")" { text.removeFirst() }
    let flags = Array(fields[3])
    return ArgumentSpec(
      fields[0], fields[1], fields[2] == "\u{18}" ? nil : fields[2], flags.first == "1",
      flags.count > 1 && flags[1] == "1", flags.count > 2 && flags[2] == "1", children)
  }
}

/// Text from COMMAND DOCS as help and hints show it: the server's words, with any control
/// bytes escaped, since help and hints are drawn on the terminal.
private func shown(_ value: RESPValue) -> String? {
  value.text.map { String(decoding: ReplyFormat.terminalSafe(Array($0.utf8)), as: UTF8.self) }
}
