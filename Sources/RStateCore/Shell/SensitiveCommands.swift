/// Command lines kept out of the history file because they carry secrets (redis-cli's
/// `isSensitiveCommand`): AUTH; ACL SETUSER/GETUSER/DELUSER; CONFIG SET of password
/// settings; HELLO … AUTH; MIGRATE … AUTH/AUTH2; SENTINEL CONFIG SET sentinel-pass/-user;
/// SENTINEL SET … auth-pass/auth-user.
public enum SensitiveCommands {
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
