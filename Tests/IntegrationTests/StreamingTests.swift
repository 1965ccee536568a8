import Foundation
import RStateCore
import Testing

/// `rstate MONITOR`, `rstate SUBSCRIBE ch…`, PSUBSCRIBE and SSUBSCRIBE outside the shell, and
/// piped into it: the bytes redis-cli 7.0 prints, each message as it arrives, on a terminal
/// and piped; the ways a stream ends and the status each gives.
@Suite(.enabled(if: RedisServer.shouldRun))
struct StreamingTests {
  /// Payloads with a tag each, so a test can wait until a listener has printed one: a NUL,
  /// line breaks, a byte that is not UTF-8, UTF-8, a terminal escape, and nothing else.
  static let payloads: [[UInt8]] = [
    Array("m0:hello world".utf8),
    Array("m1:a".utf8) + [0, 0x62, 0x0A, 0x0D, 0xFF, 0x80],
    Array("m2:café ✓ 日本".utf8),
    Array("m3:\u{1B}[2J\u{07}\"quoted\" \\".utf8),
    Array("m4:".utf8),
  ]

  enum Subscription: String, CaseIterable {
    case subscribe, psubscribe, ssubscribe

    var command: [String] {
      switch self {
      case .subscribe: return ["SUBSCRIBE", "news", "caf\u{e9}"]
      case .psubscribe: return ["PSUBSCRIBE", "n*"]
      case .ssubscribe: return ["SSUBSCRIBE", "news"]
      }
    }

    var channels: Int { command.count - 1 }
    var publish: String { self == .ssubscribe ? "SPUBLISH" : "PUBLISH" }
  }

  /// rstate and redis-cli listen side by side; each message must be on both outputs before
  /// the next is published (flushed as it arrives), and in the end the bytes are the same.
  @Test(arguments: Subscription.allCases, [StreamingProcess.Output.pipe, .terminal])
  func subscriptionsPrintWhatRedisCliPrints(
    _ subscription: Subscription, _ output: StreamingProcess.Output
  ) throws {
    let server = try RedisServer()
    let arguments = ["-p", String(server.port)] + subscription.command
    let ours = try StreamingProcess(rstateBinary, arguments, output: output)
    let theirs = try StreamingProcess("/usr/bin/redis-cli", arguments, output: output)
    for listener in [ours, theirs] {
      try listener.waitFor("subscribe", count: subscription.channels)
    }
    let publisher = server.connection()
    for (index, payload) in Self.payloads.enumerated() {
      let reply = try publisher.send(
        Command([Array(subscription.publish.utf8), Array("news".utf8), payload]))
      #expect(reply == .integer(2))
      for listener in [ours, theirs] { try listener.waitFor("m\(index):") }
    }
    ours.signal(SIGINT)
    theirs.signal(SIGINT)
    let ended = try ours.finish()
    try theirs.finish()
    #expect(ended.status == 0 && ended.signal == nil)
    #expect(ours.err.isEmpty, "\(ours.err)")
    #expect(ours.stdout == theirs.stdout, "ours:\n\(ours.out)\nredis-cli's:\n\(theirs.out)")
  }

  /// MONITOR: `OK`, then each command line as the server reports it (both see the same
  /// commands, with the same timestamps and client addresses).
  @Test(arguments: [StreamingProcess.Output.pipe, .terminal])
  func monitorPrintsWhatRedisCliPrints(_ output: StreamingProcess.Output) throws {
    let server = try RedisServer()
    let arguments = ["-p", String(server.port), "MONITOR"]
    // rstate first: its own handshake (CLIENT SETNAME) is then seen by no monitor.
    let ours = try StreamingProcess(rstateBinary, arguments, output: output)
    try ours.waitFor("OK")
    let theirs = try StreamingProcess("/usr/bin/redis-cli", arguments, output: output)
    try theirs.waitFor("OK")
    let client = server.connection()
    for (index, payload) in Self.payloads.enumerated() {
      _ = try client.send(Command([Array("SET".utf8), Array("key \(index)".utf8), payload]))
      for listener in [ours, theirs] { try listener.waitFor("m\(index):") }
    }
    ours.signal(SIGTERM)
    theirs.signal(SIGTERM)
    let ended = try ours.finish()
    try theirs.finish()
    #expect(ended.status == 0 && ended.signal == nil)
    #expect(ours.err.isEmpty, "\(ours.err)")
    #expect(ours.stdout == theirs.stdout, "ours:\n\(ours.out)\nredis-cli's:\n\(theirs.out)")
  }

  /// Ctrl-C and SIGTERM end a stream with status 0 and nothing on stderr; so does `exec`
  /// with the options first.
  @Test(arguments: [SIGINT, SIGTERM])
  func signalsStopTheStreamCleanly(_ signal: Int32) throws {
    let server = try RedisServer()
    let listener = try StreamingProcess(
      rstateBinary, ["exec", "-p", String(server.port), "subscribe", "news"])
    try listener.waitFor("news")
    listener.signal(signal)
    let ended = try listener.finish()
    #expect(ended.status == 0 && ended.signal == nil)
    #expect(listener.err.isEmpty, "\(listener.err)")
    #expect(listener.out == "subscribe\nnews\n1\n")
  }

  /// The reader going away ends the stream with status 0, whether rstate notices while
  /// waiting (nothing more published) or on a write (a flood of messages); SIGPIPE never
  /// ends it by a signal.
  @Test func theReaderGoingAwayStopsIt() throws {
    let server = try RedisServer()
    let waiting = try StreamingProcess(rstateBinary, ["-p", String(server.port), "MONITOR"])
    try waiting.waitFor("OK")
    waiting.closeOutput()
    let quiet = try waiting.finish()
    #expect(quiet.status == 0 && quiet.signal == nil, "\(waiting.err)")
    #expect(waiting.err.isEmpty, "\(waiting.err)")

    // `| head -1` in a real shell, which reports how rstate ended.
    let script = "{ \"$0\" -p \(server.port) SUBSCRIBE news; echo \"rstate: $?\" >&2; } | head -1"
    let pipeline = try StreamingProcess("/bin/sh", ["-c", script, rstateBinary])
    try pipeline.waitFor("subscribe")
    let publisher = server.connection()
    var published = 0
    while pipeline.isRunning && published < 100_000 {
      _ = try publisher.pipeline(
        Array(
          repeating: Command("PUBLISH", "news", String(repeating: "x", count: 1000)), count: 100))
      published += 100
    }
    let ended = try pipeline.finish()
    #expect(ended.status == 0)
    #expect(pipeline.out == "subscribe\n")
    #expect(pipeline.err == "rstate: 0\n")
  }

  /// Waiting for a message has no deadline, whatever the socket timeout; a message whose
  /// bytes started must arrive whole within it.
  @Test func theSocketTimeoutBoundsEachMessageNotTheWait() throws {
    let server = try RedisServer()
    let listener = try StreamingProcess(
      rstateBinary, ["-p", String(server.port), "--socket-timeout", "0.5", "SUBSCRIBE", "news"])
    try listener.waitFor("news")
    // No output to wait for: a quiet spell of several timeouts, then a message.
    Thread.sleep(forTimeInterval: 2)
    #expect(listener.isRunning, "\(listener.err)")
    _ = try server.connection().send(Command("PUBLISH", "news", "late"))
    try listener.waitFor("late")
    listener.signal(SIGTERM)
    #expect(try listener.finish().status == 0)

    // A server that starts a reply and never finishes it.
    let drip = try FakeRedis(.drip)
    defer { drip.stop() }
    let stalled = try StreamingProcess(
      rstateBinary, ["-p", String(drip.port), "--socket-timeout", "1", "SUBSCRIBE", "news"])
    let ended = try stalled.finish(seconds: 6)
    #expect(ended.status == 1)
    #expect(stalled.err.hasPrefix("rstate: timed out"), "\(stalled.err)")
    #expect(stalled.err.split(separator: "\n").count == 1, "\(stalled.err)")

    // Reply limits hold for each message: a 1 TB bulk string is refused at its header.
    let huge = try FakeRedis(.hugeBulk)
    defer { huge.stop() }
    let flooded = try StreamingProcess(rstateBinary, ["-p", String(huge.port), "MONITOR"])
    #expect(try flooded.finish(seconds: 10).status == 1)
    #expect(flooded.err.split(separator: "\n").count == 1, "\(flooded.err)")
  }

  /// The server going away ends the stream with status 1 and one line on stderr.
  @Test(arguments: ["SUBSCRIBE", "MONITOR"])
  func theServerShuttingDownEndsItWithAnError(_ command: String) throws {
    let server = try RedisServer()
    let listener = try StreamingProcess(
      rstateBinary, ["-p", String(server.port), command] + (command == "MONITOR" ? [] : ["news"]))
    try listener.waitFor(command == "MONITOR" ? "OK" : "news")
    _ = try? server.connection().send(Command("SHUTDOWN", "NOSAVE"))
    let ended = try listener.finish()
    #expect(ended.status == 1)
    #expect(
      listener.err
        == "rstate: connection to 127.0.0.1:\(server.port) lost: server closed the connection\n",
      "\(listener.err)")
  }

  /// An error reply (no channel given; a channel the ACL user may not use) prints as
  /// redis-cli prints it, banner included, and exits 1.
  @Test(arguments: [false, true])
  func anErrorReplyPrintsAsRedisCliAndExits1(_ terminal: Bool) throws {
    let server = try RedisServer(config: ["user reader on >reader-pw ~* &allowed +@all"])
    let environment = terminal ? ["RSTATE_FAKE_TTY": "1", "FAKETTY": "1"] : [:]
    for words in [["SUBSCRIBE"], ["SUBSCRIBE", "allowed", "secret"], ["PSUBSCRIBE", "*"]] {
      let arguments =
        ["-p", String(server.port), "--user", "reader", "--pass", "reader-pw"] + words
      let ours = try StreamingProcess(rstateBinary, arguments, environment: environment)
      let theirs = try StreamingProcess("/usr/bin/redis-cli", arguments, environment: environment)
      // A permitted channel first keeps redis-cli listening: stop both once all is printed.
      if words.contains("allowed") {
        for listener in [ours, theirs] { try listener.waitFor("NOPERM") }
      }
      let ended = try ours.finish()
      if theirs.isRunning { theirs.signal(SIGTERM) }
      try theirs.finish()
      #expect(ended.status == 1, "\(words)")
      #expect(ours.stdout == theirs.stdout, "ours:\n\(ours.out)\nredis-cli's:\n\(theirs.out)")
    }
  }

  /// Piped into the shell, as `printf 'SUBSCRIBE ch\n' | redis-cli`: the stream runs until
  /// Ctrl-C, which goes on to the next line (the time taken shown on a terminal).
  @Test(arguments: [StreamingProcess.Output.pipe, .terminal])
  func pipedIntoTheShellAsRedisCli(_ output: StreamingProcess.Output) throws {
    let server = try RedisServer()
    let lines = Array("PING\nSUBSCRIBE news\nPING\n".utf8)
    let arguments = ["-p", String(server.port)]
    let ours = try StreamingProcess(rstateBinary, arguments, output: output, stdin: lines)
    let theirs = try StreamingProcess("/usr/bin/redis-cli", arguments, output: output, stdin: lines)
    for listener in [ours, theirs] { try listener.waitFor("subscribe") }
    for (index, payload) in Self.payloads.enumerated() {
      _ = try server.connection().send(
        Command([Array("PUBLISH".utf8), Array("news".utf8), payload]))
      for listener in [ours, theirs] { try listener.waitFor("m\(index):") }
    }
    // Past half a second, both print the time taken on a terminal.
    Thread.sleep(forTimeInterval: 0.6)
    ours.signal(SIGINT)
    theirs.signal(SIGINT)
    let ended = try ours.finish()
    try theirs.finish()
    #expect(ended.status == 0 && ended.signal == nil, "\(ours.err)")
    #expect(ours.err.isEmpty, "\(ours.err)")
    #expect(
      Self.withoutTimes(ours.out) == Self.withoutTimes(theirs.out),
      "ours:\n\(ours.out)\nredis-cli's:\n\(theirs.out)")
    #expect(ours.out.hasSuffix("PONG\n") || ours.out.hasSuffix("PONG\r\n"))
  }

  /// Piped into the shell, the server going away ends the session (the lines after it are
  /// not run) with redis-cli's line and status 1; SIGTERM and a closed output end it with 0.
  @Test func pipedIntoTheShellEndings() throws {
    let lines = Array("SUBSCRIBE news\nPING\n".utf8)
    let server = try RedisServer()
    let ours = try StreamingProcess(rstateBinary, ["-p", String(server.port)], stdin: lines)
    let theirs = try StreamingProcess(
      "/usr/bin/redis-cli", ["-p", String(server.port)], stdin: lines)
    for listener in [ours, theirs] { try listener.waitFor("news") }
    _ = try? server.connection().send(Command("SHUTDOWN", "NOSAVE"))
    let ended = try ours.finish()
    let theirEnd = try theirs.finish()
    #expect(ended.status == 1 && theirEnd.status == 1)
    #expect(ours.stdout == theirs.stdout)
    #expect(ours.err == theirs.err, "ours: \(ours.err), redis-cli's: \(theirs.err)")

    let another = try RedisServer()
    let terminated = try StreamingProcess(rstateBinary, ["-p", String(another.port)], stdin: lines)
    try terminated.waitFor("news")
    terminated.signal(SIGTERM)
    #expect(try terminated.finish().status == 0, "\(terminated.err)")
    #expect(terminated.out == "subscribe\nnews\n1\n")

    let abandoned = try StreamingProcess(rstateBinary, ["-p", String(another.port)], stdin: lines)
    try abandoned.waitFor("news")
    abandoned.closeOutput()
    #expect(try abandoned.finish().status == 0, "\(abandoned.err)")
  }

  static func withoutTimes(_ text: String) -> String {
    text.replacing(/\(\d+\.\d\ds\)/, with: "(time)")
  }
}

/// SSUBSCRIBE on a Redis Cluster (the cluster `ClusterTests` shares; nothing here changes
/// its keys or slots).
@Suite(.enabled(if: RedisServer.shouldRun))
struct ClusterStreamingTests {
  /// With -c the channel's node is asked directly (redis-cli -c follows the MOVED there);
  /// without -c the MOVED prints as redis-cli prints it, exits 1 and says to use -c.
  @Test func shardedSubscribeGoesToTheChannelsNodeWithC() throws {
    let cluster = try ClusterTests.cluster.get()
    let layout = try #require(try cluster.client().clusterLayout())
    let seed = cluster.seed.endpoint
    // A channel that the seed does not serve, so that going there takes routing.
    let channel = try #require(
      (0..<1000).map { "news-\($0)" }.first {
        layout.owner(of: HashSlot.slot(of: Array($0.utf8)))?.endpoint != seed
      })
    let owner = try #require(layout.owner(of: HashSlot.slot(of: Array(channel.utf8))))
    let node = try #require(cluster.nodes.first { $0.endpoint == owner.endpoint })
    let arguments = ["-c", "-p", String(cluster.seed.port), "SSUBSCRIBE", channel]
    let ours = try StreamingProcess(rstateBinary, arguments)
    let theirs = try StreamingProcess("/usr/bin/redis-cli", arguments)
    for listener in [ours, theirs] { try listener.waitFor("ssubscribe") }
    let reply = try node.connection().send(Command("SPUBLISH", channel, "m0:sharded"))
    #expect(reply == .integer(2))
    for listener in [ours, theirs] { try listener.waitFor("m0:") }
    ours.signal(SIGINT)
    theirs.signal(SIGINT)
    #expect(try ours.finish().status == 0, "\(ours.err)")
    try theirs.finish()
    #expect(ours.stdout == theirs.stdout, "ours:\n\(ours.out)\nredis-cli's:\n\(theirs.out)")

    let plain = try rstate(["-p", String(cluster.seed.port), "SSUBSCRIBE", channel])
    let plainTheirs = try redisCLI(["-p", String(cluster.seed.port), "SSUBSCRIBE", channel])
    #expect(plain.status == 1)
    #expect(plain.stdout == plainTheirs.stdout, "\(plain.out) vs \(plainTheirs.out)")
    #expect(plain.err.contains("connect with -c"), "\(plain.err)")
  }
}
