/// Grey hints after the cursor, as redis-cli 7.2+ shows them: the arguments of the command
/// that the words typed so far have not used yet (`set k v EX ` → `seconds [NX|XX] [GET]`).
public enum Hints {
  /// The hint for a line, or nil. `words` are the complete words typed; `endsWithSpace` says
  /// whether the cursor is after a space (a hint for the next argument) or still on the
  /// command name (then the whole synopsis, after a space).
  public static func hint(for words: [String], endsWithSpace: Bool, in table: HelpTable)
    -> String?
  {
    guard let name = words.first else { return nil }
    var entry = table.entries.first { $0.full.caseInsensitiveEquals(name) }
    var used = 1
    if words.count >= 2, entry?.params.isEmpty ?? false,
      let sub = table.entries.first(where: { $0.full.caseInsensitiveEquals(name + " " + words[1]) })
    {
      entry = sub
      used = 2
    }
    guard let entry else { return nil }
    if !endsWithSpace {
      return words.count == used && !entry.params.isEmpty ? " " + entry.params : nil
    }
    guard !entry.arguments.isEmpty else {
      return words.count == used && !entry.params.isEmpty ? entry.params : nil
    }
    var remaining = entry.arguments
    var owed: [String] = []
    for word in words.dropFirst(used) {
      if !owed.isEmpty {
        owed.removeFirst()
        continue
      }
      var matched = false
      for (index, argument) in remaining.enumerated() {
        if let started = argument.startsWith(word) {
          let value = started.valuePart
          if !value.isEmpty { owed = value.split(separator: " ").map(String.init) }
          if !argument.multiple { remaining.remove(at: index) }
          matched = true
          break
        }
        if argument.token == nil && argument.type != "oneof" && argument.type != "pure-token" {
          if !argument.multiple {
            remaining.remove(at: index)
          } else {
            remaining[index].optional = true
          }
          matched = true
          break
        }
        if !argument.optional { break }
      }
      if !matched { return nil }
    }
    let text = (owed + remaining.map(\.synopsis)).joined(separator: " ")
    return text.isEmpty ? nil : text
  }
}
