import Testing

@testable import RStateCore

@Suite struct InfoAndJSONTests {
  static let sample = """
    # Server\r
    redis_version:7.0.15\r
    redis_mode:standalone\r
    uptime_in_seconds:273900\r
    tcp_port:7000\r
    \r
    # Memory\r
    used_memory:1048576\r
    used_memory_peak:2097152\r
    maxmemory:0\r
    maxmemory_policy:noeviction\r
    mem_fragmentation_ratio:1.25\r
    \r
    # Stats\r
    instantaneous_ops_per_sec:12\r
    keyspace_hits:90\r
    keyspace_misses:10\r
    \r
    # Replication\r
    role:master\r
    \r
    # Persistence\r
    rdb_last_save_time:1000\r
    rdb_changes_since_last_save:7\r
    rdb_last_bgsave_status:err\r
    aof_enabled:0\r
    \r
    # Keyspace\r
    db0:keys=3012,expires=2504,avg_ttl=86000\r
    db3:keys=1,expires=0,avg_ttl=0\r

    """

  @Test func parsesSectionsAndKeyspace() {
    let info = ServerInfo(parsing: Self.sample)
    #expect(
      info.sections.map(\.name) == [
        "Server", "Memory", "Stats", "Replication", "Persistence", "Keyspace",
      ])
    #expect(info["redis_version"] == "7.0.15")
    #expect(info.integer("used_memory") == 1_048_576)
    #expect(info.keyspace.map(\.db) == [0, 3])
    #expect(info.keyspace.first?.keys == 3012)
    #expect(info.keyspace.first?.expires == 2504)
  }

  @Test func summary() {
    let info = ServerInfo(parsing: Self.sample)
    let text = InfoReport.summary(info, now: 1300, style: TextStyle(color: false))
    #expect(
      text == """
        server         Redis 7.0.15, standalone, master
        uptime         3d 4h 5m
        memory         1.00M used, peak 2.00M, no maxmemory, policy noeviction
        fragmentation  1.25
        ops/s          12
        hit ratio      90.0% (90 hits, 10 misses)
        db0            3012 keys, 2504 with an expiry
        db3            1 keys, 0 with an expiry
        persistence    RDB last save 5m 0s ago (err), 7 changes since; AOF off

        """)
  }

  @Test func colourOnlyWhenAsked() {
    let info = ServerInfo(parsing: Self.sample)
    #expect(
      InfoReport.summary(info, now: 1300, style: TextStyle(color: true)).contains("\u{1B}[31merr"))
  }

  @Test func json() {
    let info = ServerInfo(parsing: Self.sample)
    let json = InfoReport.json(info).serialized()
    #expect(
      json.hasPrefix(
        #"{"server":{"redis_version":"7.0.15","redis_mode":"standalone","uptime_in_seconds":273900,"tcp_port":7000}"#
      ))
    #expect(
      json.contains(
        #""keyspace":{"db0":{"keys":3012,"expires":2504,"avg_ttl":86000},"db3":{"keys":1,"expires":0,"avg_ttl":0}}"#
      ))
    #expect(json.contains(#""mem_fragmentation_ratio":1.25"#))
  }

  @Test func jsonStringsAndBytes() {
    #expect(JSONValue.string("a\"b\\c\n\u{01}é").serialized() == #""a\"b\\c\n\u0001é""#)
    #expect(JSONValue.bytes([0xFF, 0x00]).serialized() == #"{"base64":"/wA="}"#)
    #expect(JSONValue.bytes(Array("ok".utf8)).serialized() == #""ok""#)
    #expect(JSONValue.isJSONNumber("007") == false)
    #expect(JSONValue.isJSONNumber("-1.5") == true)
    #expect(JSONValue.isJSONNumber("7.0.15") == false)
    #expect(Base64.encode(Array("hello".utf8)) == "aGVsbG8=")
  }

  @Test func humanUnits() {
    #expect(humanDuration(seconds: 42) == "42s")
    #expect(humanDuration(seconds: 3_725) == "1h 2m 5s")
    #expect(humanBytes(512) == "512B")
    #expect(humanBytes(1_572_864) == "1.50M")
    #expect(fixed(0.0456, places: 3) == "0.046")
    #expect(fixed(-1.5, places: 1) == "-1.5")
  }

  @Test func latencySummary() throws {
    let summary = try #require(LatencySummary(milliseconds: (1...100).map(Double.init)))
    #expect(summary.min == 1 && summary.max == 100)
    #expect(summary.p50 == 50)
    #expect(summary.p99 == 99)
    #expect(summary.average == 50.5)
    #expect(LatencySummary(milliseconds: []) == nil)
  }

  @Test func serverErrorCodes() {
    let error = ServerError(message: "WRONGPASS invalid username-password pair")
    #expect(error.code == "WRONGPASS")
    #expect(error.isAuthenticationFailure)
    #expect(ServerError(message: "LOADING Redis is loading").isLoading)
    #expect(ServerError(message: "ERR unknown command 'x'").isRefusedCommand)
  }

  @Test func errorDescriptionsAreOneLine() {
    let errors: [RStateError] = [
      .cannotConnect(endpoint: "127.0.0.1:6380", reason: "connection refused"),
      .authenticationFailed(user: "app", endpoint: "cache:6380", serverMessage: "WRONGPASS x"),
      .timedOut(endpoint: "h:1", operation: "connecting to"),
      .loading(endpoint: "h:1"),
    ]
    #expect(errors[0].description == "cannot connect to 127.0.0.1:6380: connection refused")
    #expect(
      errors[1].description == "authentication failed for user \"app\" at cache:6380: WRONGPASS x")
    #expect(errors[2].description == "timed out connecting to h:1")
    for error in errors { #expect(!error.description.contains("\n")) }
  }
}
