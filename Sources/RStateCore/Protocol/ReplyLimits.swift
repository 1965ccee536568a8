/// How large one reply may be before rstate refuses it, checked as its bytes arrive: a server
/// (or something posing as one) cannot make rstate buffer more than the command could
/// produce. A Redis string is at most `proto-max-bulk-len` (512 MB by default); PING, INFO and
/// SCAN pages are far smaller, so their replies get far smaller budgets.
public struct ReplyLimits: Sendable, Equatable {
  /// Bytes of the whole reply on the wire.
  public var bytes: Int
  /// Bytes of one bulk string.
  public var string: Int
  /// Bytes of one status or error line: Redis sends short ones (a script's error can be
  /// long, never as long as a value).
  public var line: Int
  /// Elements of every array in the reply, summed.
  public var elements: Int
  /// Arrays nested in arrays; hiredis 0.14 reads at most 8 levels.
  public var depth: Int

  public init(
    bytes: Int, string: Int, line: Int? = nil, elements: Int,
    depth: Int = ReplyLimits.maximumDepth
  ) {
    self.bytes = bytes
    self.string = string
    self.line = line ?? string
    self.elements = elements
    self.depth = min(depth, Self.maximumDepth)
  }

  public static let maximumDepth = 8

  /// Anything a server may send: a string up to Redis's default `proto-max-bulk-len`.
  public static let standard = ReplyLimits(
    bytes: 1 << 30, string: 512 << 20, line: 64 << 20, elements: 1 << 24)
  /// PING, AUTH, SELECT, HELLO and the like: a word or a short map.
  public static let small = ReplyLimits(bytes: 1 << 20, string: 1 << 20, elements: 1024)
  /// INFO: a few kilobytes on any real server, about 100 KB with every section.
  public static let info = ReplyLimits(bytes: 4 << 20, string: 4 << 20, elements: 16)
  /// What the server says about itself: CONFIG GET, SLOWLOG, LATENCY, CLUSTER NODES/SLOTS,
  /// COMMAND INFO, ROLE, ACL GETUSER.
  public static let serverState = ReplyLimits(
    bytes: 16 << 20, string: 16 << 20, line: 1 << 20, elements: 1 << 20)
  /// A SCAN, HSCAN, SSCAN or ZSCAN page.
  public static let scanPage = ReplyLimits(
    bytes: 64 << 20, string: 64 << 20, line: 1 << 20, elements: 1 << 22)
}

extension Command {
  /// The budget for this command's reply.
  public var replyLimits: ReplyLimits {
    guard let first = arguments.first, first.count <= 8 else { return .standard }
    if argument(0, is: "ping") || argument(0, is: "auth") || argument(0, is: "select")
      || argument(0, is: "hello") || argument(0, is: "readonly") || argument(0, is: "asking")
      || argument(0, is: "dbsize") || argument(0, is: "quit") || argument(0, is: "type")
      || argument(0, is: "pttl") || argument(0, is: "ttl")
    {
      return .small
    }
    if argument(0, is: "client") {
      let sub = ["setname", "getname", "id", "reply"] as [StaticString]
      return sub.contains { argument(1, is: $0) } ? .small : .standard
    }
    if argument(0, is: "info") { return .info }
    if argument(0, is: "scan") || argument(0, is: "sscan") || argument(0, is: "hscan")
      || argument(0, is: "zscan")
    {
      return .scanPage
    }
    if argument(0, is: "slowlog") || argument(0, is: "latency") || argument(0, is: "cluster")
      || argument(0, is: "role") || argument(0, is: "acl")
    {
      return .serverState
    }
    if argument(0, is: "config") && argument(1, is: "get") { return .serverState }
    if argument(0, is: "command") && argument(1, is: "info") { return .serverState }
    return .standard
  }
}

/// `512 MiB`, `4 MiB`, `1 GiB`, `1024 bytes`: a limit as people read it.
func limitText(_ bytes: Int) -> String {
  if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
  if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
  if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
  return "\(bytes) bytes"
}
