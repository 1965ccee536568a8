/// Command lines kept out of the history file because they carry secrets (redis-cli's
/// `isSensitiveCommand`): AUTH; ACL SETUSER/GETUSER/DELUSER; CONFIG SET of password
/// settings; HELLO … AUTH; MIGRATE … AUTH/AUTH2; SENTINEL CONFIG SET sentinel-pass/-user;
/// SENTINEL SET … auth-pass/auth-user.
public enum SensitiveCommands {
  /// Commands some form of which carries a secret: a line that does not split (an unbalanced
  /// quote) and starts with one of these is kept out of the file whatever follows.
  static let mayCarrySecrets: Set<String> = [
    "auth", "hello", "acl", "config", "migrate", "sentinel",
  ]

  /// Whether a line that the tokenizer refused must stay out of the history file: its words
  /// are read up to where splitting failed, and a repeat count (`3 AUTH …`) is looked past.
  /// Errs towards leaving a line out.
  public static func mayContain(unsplitLine line: [UInt8]) -> Bool {
    var words = Tokenizer.leadingWords(line)
    if words.count > 1, Int(cLongPrefix: words[0]) != nil { words.removeFirst() }
    guard let first = words.first else { return false }
    // A first word that never closed its quote runs on to the end: its name is what
    // comes before a blank.
    let name = first.prefix { !(0x09...0x0D).contains($0) && $0 != 0x20 }
    return mayCarrySecrets.contains(String(decoding: name, as: UTF8.self).lowercased())
      || contains(words)
  }

  public static func contains(_ words: [[UInt8]]) -> Bool {
    let lower = words.map { String(decoding: $0, as: UTF8.self).lowercased() }
    guard let name = lower.first else { return false }
    let sub = lower.count > 1 ? lower[1] : ""
    switch name {
    case "auth": return true
    case "acl": return ["setuser", "getuser", "deluser"].contains(sub)
    case "config":
      return sub == "set"
        && lower.dropFirst(2).contains {
          [
            "masterauth", "masteruser", "requirepass", "tls-key-file-pass",
            "tls-client-key-file-pass",
          ]
          .contains($0)
        }
    case "hello": return lower.dropFirst(2).contains("auth")
    case "migrate": return lower.dropFirst(6).contains { $0 == "auth" || $0 == "auth2" }
    case "sentinel":
      if sub == "config" {
        return lower.count > 2 && lower[2] == "set"
          && lower.dropFirst(3).contains { $0 == "sentinel-pass" || $0 == "sentinel-user" }
      }
      return sub == "set" && lower.dropFirst(3).contains { $0 == "auth-pass" || $0 == "auth-user" }
    default: return false
    }
  }
}
