/// Where the REPL gets its lines: GNU readline on a terminal, plain reads from a pipe.
public protocol LineReader {
  /// The next line without its newline, or nil at the end of input.
  mutating func readLine(prompt: String) -> [UInt8]?
  /// Remembers a line for up-arrow; `persist` is false for lines with secrets.
  mutating func remember(_ line: [UInt8], persist: Bool)
  /// True when another line is already read and waiting, so commands can be pipelined.
  var hasBufferedLine: Bool { get }
  /// How many lines longer than `ReplSession.maximumLineLength` were skipped since the last
  /// call (their bytes dropped as they came, never held whole).
  mutating func takeSkippedLines() -> Int
  /// True when a person types the lines at a terminal: commands that wipe, stop or block the
  /// server ask first. Piped lines never ask.
  var asksQuestions: Bool { get }
  /// The answer to a question, without its newline; nil when it was cancelled (Ctrl-C,
  /// Ctrl-D). Never remembered in the history.
  mutating func ask(_ question: String) -> [UInt8]?
}

extension LineReader {
  public var hasBufferedLine: Bool { false }
  public mutating func takeSkippedLines() -> Int { 0 }
  public var asksQuestions: Bool { false }
  public mutating func ask(_ question: String) -> [UInt8]? { nil }
}

/// The REPL loop of `rstate` (no subcommand) and `rstate repl`, as redis-cli runs it: each
/// line is split with redis-cli's tokenizer; `N command` repeats; `quit`/`exit` end;
/// `connect HOST PORT` switches servers; replies print exactly as redis-cli prints them.
public final class ReplSession {
  /// The longest line the shell reads: a line is a command, and the server takes no
  /// argument longer than proto-max-bulk-len (512 MB by default).
  public static let maximumLineLength = 512 << 20

  public var format: ReplyFormat
  /// Called with bytes for standard output and with diagnostic lines for standard error.
  private let write: ([UInt8]) -> Void
  private let diagnose: (String) -> Void
  /// Connections let the user log in at the prompt (AUTH) when the server wants a password.
  private var connection: Connection {
    didSet { connection.loginMayFollow = true }
  }
  private var inTransaction = false
  /// Set when the last attempt to reach the server failed: the prompt says `not connected`.
  public private(set) var disconnected = false
  /// Why commands cannot go anywhere after `connect` named a server that cannot be used at
  /// all (a port that is no port); said for each command until a `connect` succeeds.
  private var unusableServer: String?
  /// True when any command failed or got an error reply: the exit status says so.
  public private(set) var sawFailure = false

  /// Asked while waiting for a reply; true once the user pressed Ctrl-C (and then reset).
  private let interrupted: () -> Bool
  /// Asked while messages stream; true when a key waits to be read (the user wants the
  /// prompt back while staying subscribed, as in redis-cli 7.2+).
  public var keyPressed: () -> Bool = { false }
  /// Set after leaving a message stream with a key press: the connection is still subscribed.
  public private(set) var subscribed = false
  /// Set for piped input: streams then run as redis-cli 7.0 runs them, through this output.
  public var pipedStreams: (any MessageStreamOutput)?
  /// rstate's version, for `help`.
  public var version = ""
  /// Grey argument hints after the cursor; `:set hints` / `:set nohints`.
  public private(set) var hintsEnabled = true
  /// A question before FLUSHALL, FLUSHDB, SHUTDOWN, DEBUG and a big KEYS, when the reader
  /// asks questions at all; `:set confirm` / `:set noconfirm`.
  public private(set) var confirmEnabled = true
  /// Replies longer than the screen through the pager; `:set pager` / `:set nopager`.
  public private(set) var pagerEnabled = true
  /// Shows a reply through the pager when it does not fit the screen; false when it did not
  /// (it fits, or the pager could not start), and the reply is written as usual. Set only on
  /// a terminal.
  public var pager: (([UInt8]) -> Bool)?
  /// COMMAND DOCS of the server, read at the first `help`.
  private var help: HelpTable?
  /// `:ns`, `:use`, `:ls`, `:tree`, `:peek`; nil when the shell runs without namespaces.
  public var namespaces: NamespaceShell?

  public init(
    connection: Connection, format: ReplyFormat, write: @escaping ([UInt8]) -> Void,
    diagnose: @escaping (String) -> Void, interrupted: @escaping () -> Bool = { false }
  ) {
    self.connection = connection
    connection.loginMayFollow = true
    self.format = format
    self.write = write
    self.diagnose = diagnose
    self.interrupted = interrupted
  }

  /// `127.0.0.1:6379[2](TX)> ` or `redis /tmp/redis.sock> `, as redis-cli shows it.
  public var prompt: String {
    if disconnected { return "not connected> " }
    var text: String
    switch connection.endpoint {
    case .tcp(let host, let port):
      text = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    case .unix(let path): text = "redis \(path)"
    }
    // As redis-cli: no [db] while the server refused to select it for want of a login.
    if connection.db != 0 && connection.selectRefusal == nil { text += "[\(connection.db)]" }
    if inTransaction { text += "(TX)" }
    if subscribed { text += "(subscribed mode)" }
    if let name = namespaces?.current?.name { text += " " + name }
    return text + "> "
  }

  /// Set once a command was redirected or the server said it is a cluster: piped lines then
  /// go one at a time.
  private var followedRedirect = false
  /// Whether the server was asked if it is a cluster, before the first pipeline of piped
  /// lines.
  private var checkedForCluster = false

  /// The connection commands go to now (`connect` replaces it).
  public var currentConnection: Connection { connection }

  /// Connects at start-up; on failure the prompt says `not connected` and every command
  /// tries again.
  public func connect() {
    do {
      try connection.open()
      disconnected = false
      reportSelectRefusal()
    } catch {
      fail(error)
    }
  }

  /// redis-cli's line when the db could not be selected for want of a login: at start-up
  /// and after an AUTH that did not log in.
  private func reportSelectRefusal() {
    guard let refusal = connection.selectRefusal else { return }
    diagnose("SELECT \(connection.db) failed: \(refusal)")
  }

  /// Reads and runs lines until the input ends or the user quits. Commands from lines that
  /// are already read (piped input) go to the server as one pipeline, which prints the same
  /// replies in the same order without a round trip per line.
  public func run(_ reader: inout some LineReader) {
    var batch: [Command] = []
    defer { send(batch) }
    while true {
      let read = reader.readLine(prompt: prompt)
      let skipped = reader.takeSkippedLines()
      if skipped > 0 {
        send(batch)
        batch = []
        sawFailure = true
        diagnose(
          "rstate: skipped \(skipped == 1 ? "a line" : "\(skipped) lines") longer than "
            + "\(Self.maximumLineLength >> 20) MiB, more than the server takes in one argument")
      }
      guard let line = read else { break }
      guard !line.isEmpty else { continue }
      guard let words = Tokenizer.split(line) else {
        send(batch)
        batch = []
        // The line may still be a password with a stray quote: judged by its first words.
        reader.remember(line, persist: !SensitiveCommands.mayContain(unsplitLine: line))
        sawFailure = true
        write(Array("Invalid argument(s)\n".utf8))
        continue
      }
      guard let first = words.first else { continue }
      let (repeatCount, command) = Self.repeatPrefix(words)
      guard repeatCount > 0 else {
        send(batch)
        batch = []
        sawFailure = true
        write(Array("Invalid redis-cli repeat command option value.\n".utf8))
        continue
      }
      reader.remember(line, persist: !SensitiveCommands.contains(command))
      let name = String(decoding: first, as: UTF8.self).lowercased()
      let streams = ["subscribe", "psubscribe", "ssubscribe", "monitor"].contains(
        String(decoding: command[0], as: UTF8.self).lowercased())
      let asksForHelp = ["help", "?"].contains(
        String(decoding: command[0], as: UTF8.self).lowercased())
      // A login runs alone, as redis-cli sends it: the lines after it go out logged in,
      // on the db and with the name the login lets the shell restore.
      let logsIn = ["auth", "hello"].contains(
        String(decoding: command[0], as: UTF8.self).lowercased())
      let special =
        name == "quit" || name == "exit" || (words.count == 3 && name == "connect")
        || (words.count == 1 && name == "clear") || streams || asksForHelp || logsIn
      if special {
        send(batch)
        batch = []
      }
      if name == "quit" || name == "exit" { return }
      if name.hasPrefix(":") {
        send(batch)
        batch = []
        if name != ":set" && refuseWithoutServer() { continue }
        if let output = namespaces?.run(words, settings: connection.settings) {
          // Keys and values decoded from the server: no escapes of theirs reach a terminal.
          let bytes = Array(output.utf8)
          show(
            format == .standard ? ReplyFormat.terminalSafe(bytes, keepingLineBreaks: true) : bytes)
        } else if words.count == 1 && name == ":set" {
          write(Array((preferences + "\n").utf8))
        } else if let message = setPreference(words) {
          sawFailure = true
          write(Array((message + "\n").utf8))
        }
        continue
      }
      if words.count == 3 && name == "connect" {
        reconnect(host: words[1], port: words[2])
        continue
      }
      if words.count == 1 && name == "clear" {
        write(Array("\u{1B}[H\u{1B}[2J".utf8))
        continue
      }
      if streams || subscribed {
        if let output = pipedStreams {
          guard streamPiped(Command(command), to: output) else { return }
          continue
        }
        stream(Command(command))
        continue
      }
      if reader.asksQuestions && confirmEnabled, let danger = Manners.Danger(command),
        let question = question(before: danger)
      {
        // Asked once for the line, whatever the repeat count.
        guard let answer = reader.ask(question), Manners.isYes(answer) else {
          diagnose(Manners.notRun(danger))
          continue
        }
      }
      if asksForHelp {
        // redis-cli answers help locally, once, whatever the repeat count.
        let topic = Array(command.dropFirst())
        show(
          topic.first?.first == UInt8(ascii: ":")
            ? ShellCommand.help(String(decoding: topic[0], as: UTF8.self))
            : helpTable().render(topic, version: version))
        continue
      }
      if logsIn && Self.asksForRESP3(command) {
        sawFailure = true
        diagnose(
          "rstate: HELLO 3 was not sent: the shell reads RESP2 replies; log in with "
            + "AUTH [username] password or HELLO 2 AUTH username password")
        continue
      }
      // A repeat goes out 1,000 at a time, so `1000000000 PING` streams its replies in flat
      // memory (redis-cli sends them one by one) and stops at Ctrl-C or a lost server.
      var remaining = repeatCount
      while remaining > 0 {
        let taken = min(remaining, max(1, Self.repeatChunk - batch.count))
        batch += Array(repeating: Command(command), count: taken)
        remaining -= taken
        guard remaining > 0 else { break }
        send(batch)
        batch = []
        if disconnected || interrupted() { remaining = 0 }
      }
      // On a terminal each line runs at once (and slow ones show their time, as redis-cli
      // does); piped lines gather while more are waiting.
      if format.mode != .standard && reader.hasBufferedLine && batch.count < 1000 && !logsIn {
        continue
      }
      pagedSeconds = 0
      let started = monotonicSeconds()
      send(batch)
      batch = []
      let elapsed = monotonicSeconds() - started - pagedSeconds
      if elapsed >= 0.5 && format == .standard {
        write(Array("(\(fixed(elapsed, places: 2))s)\n".utf8))
      }
    }
  }

  /// Sends commands in one pipeline and prints each reply in order.
  private func send(_ commands: [Command]) {
    guard !commands.isEmpty else { return }
    if refuseWithoutServer() { return }
    // On a cluster, line by line as redis-cli -c: each line goes to the node the last one
    // was redirected to, and a redirect line is printed exactly where redis-cli prints one.
    if commands.count > 1 && !checkedForCluster {
      checkedForCluster = true
      let reply = try? connection.send(Command("INFO", "cluster"))
      if reply?.text?.contains("cluster_enabled:1") == true { followedRedirect = true }
    }
    guard commands.count > 1 && !followedRedirect else {
      for command in commands where !execute(command) && disconnected { break }
      return
    }
    do {
      let replies = try connection.pipeline(commands)
      disconnected = false
      var out: [UInt8] = []
      for (command, reply) in zip(commands, replies) {
        if let redirect = redirect(in: reply) {
          // Replies before it first, then the command again where the cluster says.
          write(out)
          out = []
          follow(redirect, with: command)
          continue
        }
        if reply.isError { sawFailure = true }
        track(command, reply)
        out += ReplyFormat.render(reply, as: format, for: command)
      }
      show(out)
    } catch {
      fail(error)
    }
  }

  /// A MOVED or ASK reply, which the shell follows as `redis-cli -c` does.
  private func redirect(in reply: RESPValue) -> ClusterRedirect? {
    reply.serverError.flatMap { ClusterRedirect($0, answeredBy: connection.endpoint) }
  }

  /// Moves to the node a MOVED or ASK names, printing redis-cli's line, and runs the command
  /// there (after ASKING for an ASK). The prompt then names that node.
  private func follow(_ redirect: ClusterRedirect, with command: Command, hops: Int = 0) {
    followedRedirect = true
    // Piped lines all went to the node before; one already moved to this node would have
    // gone straight here, as in redis-cli, which sends line by line.
    if redirect.endpoint != connection.endpoint || !redirect.isMoved {
      write(
        Array("-> Redirected to slot [\(redirect.slot)] located at \(redirect.endpoint)\n".utf8))
    }
    if redirect.endpoint != connection.endpoint { moveTo(redirect.endpoint) }
    do {
      if !redirect.isMoved { _ = try connection.send(Command("ASKING")) }
    } catch {
      return fail(error)
    }
    _ = execute(command, hops: hops + 1)
  }

  /// Applies `:set PREFERENCE` (from the prompt or ~/.rstaterc); anything else gets the
  /// message to show.
  public func setPreference(_ words: [[UInt8]]) -> String? {
    let lower = words.map { String(decoding: $0, as: UTF8.self).lowercased() }
    guard lower.first == ":set", lower.count >= 2 else {
      return "unknown rstate internal command '\(String(decoding: words[0], as: UTF8.self))'"
    }
    switch lower[1] {
    case "hints": hintsEnabled = true
    case "nohints": hintsEnabled = false
    case "confirm": confirmEnabled = true
    case "noconfirm": confirmEnabled = false
    case "pager": pagerEnabled = true
    case "nopager": pagerEnabled = false
    default:
      return "unknown rstate preference '\(String(decoding: words[1], as: UTF8.self))' (:set "
        + "takes hints, nohints, confirm, noconfirm, pager or nopager)"
    }
    return nil
  }

  /// The preferences as `:set` alone shows them, in the words that set them.
  public var preferences: String {
    [
      hintsEnabled ? "hints" : "nohints", confirmEnabled ? "confirm" : "noconfirm",
      pagerEnabled ? "pager" : "nopager",
    ].joined(separator: " ")
  }

  /// Applies the lines of ~/.rstaterc: `:set` lines, blank lines and `#` comments. Returns a
  /// message for each other line, with its number, so a bad line is named and skipped.
  public func loadPreferences(_ text: String) -> [(line: Int, message: String)] {
    var warnings: [(line: Int, message: String)] = []
    // Split as bytes: a String keeps "\r\n" together as one character.
    for (index, line) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
      .enumerated()
    {
      var bytes = Array(line.drop { $0 == 0x20 || $0 == 0x09 })
      if bytes.last == 0x0D { bytes.removeLast() }
      if bytes.isEmpty || bytes.first == UInt8(ascii: "#") { continue }
      guard let words = Tokenizer.split(bytes) else {
        warnings.append((index + 1, "unbalanced quotes"))
        continue
      }
      guard !words.isEmpty else { continue }
      if let message = setPreference(words) { warnings.append((index + 1, message)) }
    }
    return warnings
  }

  /// Output of a command: through the pager when it does not fit the screen.
  private func show(_ bytes: [UInt8]) {
    let started = monotonicSeconds()
    if pagerEnabled, let pager, pager(bytes) {
      pagedSeconds += monotonicSeconds() - started
      return
    }
    write(bytes)
  }

  /// Time spent reading a reply in the pager, which is not the command's time.
  private var pagedSeconds = 0.0

  /// The question before a command that wipes, stops or blocks the server, with its key
  /// count from the server where it answers; nil when none is needed (KEYS on a small db).
  private func question(before danger: Manners.Danger) -> String? {
    var keys: Int?
    // In MULTI these would be queued, not answered.
    if !inTransaction && unusableServer == nil {
      switch danger {
      case .flushDB, .keys:
        if case .integer(let count)? = try? connection.send(Command("DBSIZE")) {
          keys = Int(count)
        }
      case .flushAll, .shutdown:
        if let text = (try? connection.send(Command("INFO", "keyspace")))?.text {
          keys = Int(ServerInfo(parsing: text).keyspace.reduce(0) { $0 + $1.keys })
        }
      case .debug: break
      }
    }
    return Manners.question(
      danger, server: connection.endpoint.description, db: connection.db, keys: keys)
  }

  /// The hint for what is typed so far, or nil (hints off, nothing to say).
  public func hint(for line: String) -> String? {
    guard hintsEnabled, let words = Tokenizer.split(Array(line.utf8)) else { return nil }
    return Hints.hint(
      for: words.map { String(decoding: $0, as: UTF8.self) }, endsWithSpace: line.hasSuffix(" "),
      in: helpTable())
  }

  /// The server's COMMAND DOCS, or the built-in table when they cannot be read. A separate
  /// connection asks, because hiredis 0.14 gives up on replies nested more than 7 deep (most
  /// of COMMAND DOCS) and drops the connection it was read on.
  public func helpTable() -> HelpTable {
    if let help { return help }
    var settings = connection.settings
    settings.clientName = nil
    let probe = Connection(settings: settings)
    let table = (try? probe.send(Command("COMMAND", "DOCS"))).flatMap(HelpTable.init(commandDocs:))
    help = table ?? .builtIn
    return help!
  }

  /// SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and MONITOR: their confirmations, then every message
  /// as it arrives, until Ctrl-C, which drops the connection (leaving subscribed mode) and
  /// returns to the prompt; the next command reconnects.
  private func stream(_ command: Command) {
    if refuseWithoutServer() { return }
    let confirmations =
      subscribed || command.argument(0, is: "monitor") ? 1 : command.arguments.count - 1
    var detached = false
    let stop = { [self] () -> Bool in
      if interrupted() { return true }
      if keyPressed() {
        detached = true
        return true
      }
      return false
    }
    do {
      try connection.sendWithoutWaiting(command)
      var received = 0
      while let reply = try connection.waitForReply(interrupted: stop) {
        disconnected = false
        write(ReplyFormat.render(reply, as: format, for: command))
        received += 1
        if received == confirmations && format == .standard && !subscribed {
          write(
            Array("Reading messages... (press Ctrl-C to quit or any key to type command)\n".utf8))
        }
      }
      if detached {
        subscribed = true  // the key becomes the first of the next line
      } else {
        subscribed = false
        connection.close()
      }
    } catch {
      subscribed = false
      fail(error)
    }
  }

  /// A stream from piped input, as `printf 'SUBSCRIBE ch\n' | redis-cli` runs it: banner
  /// first, each message written as it arrives, Ctrl-C on to the next line; false when the
  /// session ends there (SIGTERM, no reader, the connection lost: redis-cli exits then too).
  private func streamPiped(_ command: Command, to output: some MessageStreamOutput) -> Bool {
    if refuseWithoutServer() { return true }
    let started = monotonicSeconds()
    // Still subscribed or monitoring: the next command reconnects.
    defer { connection.close() }
    do {
      switch try MessageStream.run(command, on: connection, format: format, output: output) {
      case .stopped(.interrupted): break
      case .stopped(.terminated), .stopped(.readerGone): return false
      case .errorReply: sawFailure = true
      }
      disconnected = false
    } catch {
      fail(error)
      if case .cannotConnect = error { return true }
      return false
    }
    let elapsed = monotonicSeconds() - started
    if elapsed >= 0.5 && format == .standard {
      write(Array("(\(fixed(elapsed, places: 2))s)\n".utf8))
    }
    return true
  }

  /// Sends one command and prints its reply; false when the connection failed. Ctrl-C while
  /// waiting (a blocking BLPOP) drops the connection and returns to the prompt.
  private func execute(_ command: Command, hops: Int = 0) -> Bool {
    do {
      try connection.sendWithoutWaiting(command)
      guard let reply = try connection.waitForReply(interrupted: interrupted) else {
        connection.close()
        return false
      }
      disconnected = false
      if connection.isStalePrimary(reply) && hops == 0 {
        // A failover made the server a replica: ask the sentinels again, send once more.
        connection.close()
        return execute(command, hops: 1)
      }
      if let redirect = redirect(in: reply), hops < 16 {
        follow(redirect, with: command, hops: hops)
        return true
      }
      if reply.isError { sawFailure = true }
      track(command, reply)
      show(ReplyFormat.render(reply, as: format, for: command))
      if command.argument(0, is: "auth") && (2...3).contains(command.arguments.count)
        && reply.isError
      {
        reportSelectRefusal()
      }
      return true
    } catch {
      fail(error)
      return false
    }
  }

  /// Reports a connection failure in redis-cli's words; the next command reconnects,
  /// logging in and selecting the db again.
  private func fail(_ error: RStateError) {
    sawFailure = true
    switch error {
    case .connectionLost:
      disconnected = true
      inTransaction = false
      diagnose("Error: Server closed the connection")
    case .cannotConnect(let endpoint, let reason):
      disconnected = true
      diagnose(
        "Could not connect to Redis at \(endpoint): \(reason.prefix(1).uppercased() + reason.dropFirst())"
      )
    case .timedOut:
      disconnected = true
      diagnose(error.description)
    default:
      diagnose(error.description)
    }
  }

  /// Keeps the prompt's `(TX)` in step with MULTI, EXEC and DISCARD.
  private func track(_ command: Command, _ reply: RESPValue) {
    if command.argument(0, is: "multi") && !reply.isError {
      inTransaction = true
    } else if command.argument(0, is: "exec") || command.argument(0, is: "discard")
      || command.argument(0, is: "reset")
    {
      inTransaction = false
    }
  }

  /// `connect HOST PORT`, as redis-cli runs it: whatever happens, the old server is left.
  /// Until a connect succeeds the prompt says `not connected` and every command tries the
  /// new server again (or, for a port that is no port, says so again).
  private func reconnect(host: [UInt8], port: [UInt8]) {
    let hostName = String(decoding: host, as: UTF8.self)
    let portText = String(decoding: port, as: UTF8.self)
    guard let number = Int(portText), (1...65535).contains(number) else {
      connection.close()
      inTransaction = false
      subscribed = false
      disconnected = true
      unusableServer =
        "Could not connect to Redis at \(hostName):\(portText): "
        + "the port must be a number from 1 to 65535"
      sawFailure = true
      diagnose(unusableServer!)
      return
    }
    unusableServer = nil
    connection.close()
    subscribed = false
    moveTo(.tcp(host: hostName, port: number))
    do {
      try connection.open()
      disconnected = false
    } catch {
      fail(error)
      disconnected = true
    }
  }

  /// True (having said why) when `connect` left the shell with no server to send to.
  private func refuseWithoutServer() -> Bool {
    guard let unusableServer else { return false }
    sawFailure = true
    diagnose(unusableServer)
    return true
  }

  /// Points the session at another server (`connect`, a cluster redirect), with the same
  /// login and TLS settings, on db 0 and outside any transaction.
  private func moveTo(_ endpoint: Endpoint) {
    var settings = connection.settings
    settings.endpoint = endpoint
    settings.db = 0
    connection = Connection(settings: settings)
    inTransaction = false
  }

  /// Commands of one repeat sent together.
  static let repeatChunk = 1000

  /// `HELLO 3 …`: the server would answer in RESP3, which hiredis 0.14 cannot read (the
  /// connection would be dropped).
  static func asksForRESP3(_ command: [[UInt8]]) -> Bool {
    command.count > 1 && String(decoding: command[0], as: UTF8.self).lowercased() == "hello"
      && Int(cLongPrefix: command[1]) == 3
  }

  /// `3 PING` runs PING three times; a count of 0 or less is refused (count 0). A lone
  /// number is a command of its own.
  static func repeatPrefix(_ words: [[UInt8]]) -> (count: Int, command: [[UInt8]]) {
    guard words.count > 1, let count = Int(cLongPrefix: words[0]) else { return (1, words) }
    return (max(0, count), Array(words.dropFirst()))
  }
}

extension Int {
  /// The whole word as a number the way `strtol` reads it (leading blanks and a sign
  /// allowed); nil unless every byte was used.
  init?(cLongPrefix bytes: [UInt8]) {
    var text = Substring(String(decoding: bytes, as: UTF8.self))
    text = text.drop { $0 == " " || $0 == "\t" }
    if text.hasPrefix("+") { text = text.dropFirst() }
    guard !text.isEmpty, let value = Int(text) else { return nil }
    self = value
  }
}
