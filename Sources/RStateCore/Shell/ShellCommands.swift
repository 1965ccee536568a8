/// rstate's own shell commands (they start with ':'), for `help` and `help :NAME`.
public struct ShellCommand: Sendable {
  public var name: String
  public var usage: String
  /// A few words for the list `help` prints.
  public var brief: String
  public var summary: String
  public var example: String

  /// Every `:` command, in the order `help` lists them.
  public static let all: [ShellCommand] = [
    ShellCommand(
      name: ":ns", usage: "",
      brief: "list the namespaces found in the db",
      summary:
        "Lists the namespaces found in up to \(NamespaceShell.surveySample) keys of the db "
        + "(the layouts of Celery, RQ, Sidekiq, BullMQ, sessions, caches, rate limits and "
        + "rstate.toml), with their key counts, as `rstate ns` does.",
      example: ":ns"),
    ShellCommand(
      name: ":use", usage: "[NAME]",
      brief: "enter a namespace (the prompt shows it); \":use\" leaves it",
      summary:
        "Enters a namespace: the prompt shows it, :ls, :tree and :peek work inside it and Tab "
        + "completes its keys. :use alone leaves it.",
      example: ":use rq.jobs"),
    ShellCommand(
      name: ":ls", usage: "[GLOB]",
      brief: "list the namespace's ids with type, TTL and size",
      summary:
        "Lists the ids of the entered namespace (or keys, outside one) matching GLOB, with "
        + "type, TTL and memory, at most \(NamespaceShell.listLimit).",
      example: ":ls 9f1c*"),
    ShellCommand(
      name: ":tree", usage: "[DEPTH]",
      brief: "count keys by ':' segment under the namespace's prefix",
      summary:
        "Counts keys by ':' segment under the namespace's prefix (or the whole keyspace), "
        + "DEPTH levels deep (2 by default), from up to \(NamespaceShell.treeSample) keys.",
      example: ":tree 3"),
    ShellCommand(
      name: ":peek", usage: "ID|KEY",
      brief: "show a key decoded",
      summary:
        "Shows one key decoded: namespace, type, TTL, memory and value (JSON, msgpack, zlib; "
        + "\(NamespaceShell.window) elements of a collection, 1 MiB of a string). Pickle, Ruby "
        + "Marshal and Java serialization are described, never loaded.",
      example: ":peek 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"),
    ShellCommand(
      name: ":set", usage: "[hints|nohints|confirm|noconfirm|pager|nopager]",
      brief: "set a preference (below)",
      summary:
        "Sets a preference for the session: grey argument hints; a question before FLUSHALL, "
        + "FLUSHDB, SHUTDOWN, DEBUG and KEYS on more than \(Manners.keysThreshold) keys; "
        + "replies longer than the screen through $PAGER (less -FRX without it). All on at "
        + "start; ~/.rstaterc holds :set lines read at start. :set alone shows them.",
      example: ":set noconfirm"),
  ]

  /// `help :NAME` (the ':' may be left out after `help :`), in redis-cli's help layout and
  /// colours; `help :` lists them all.
  public static func help(_ topic: String) -> [UInt8] {
    let lower = topic.lowercased()
    let chosen = lower == ":" ? all : all.filter { $0.name == lower }
    guard !chosen.isEmpty else {
      let shown = String(decoding: ReplyFormat.terminalSafe(Array(topic.utf8)), as: UTF8.self)
      return Array(
        "\r\n  no rstate command \(shown); \"help\" lists them, \"help :\" explains each\r\n\r\n"
          .utf8)
    }
    var text = ""
    for command in chosen {
      text += "\r\n  \u{1B}[1m\(command.name)\u{1B}[0m \u{1B}[90m\(command.usage)\u{1B}[0m\r\n"
      text += "  \u{1B}[33msummary:\u{1B}[0m \(command.summary)\r\n"
      text += "  \u{1B}[33mexample:\u{1B}[0m \(command.example)\r\n"
    }
    return Array((text + "\r\n").utf8)
  }
}
