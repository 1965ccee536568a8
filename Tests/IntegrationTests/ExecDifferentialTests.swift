import Foundation
import Testing

/// `rstate exec` and Debian's `redis-cli` run the same commands against two identical
/// servers; what they print must be identical byte for byte, on a terminal (`--no-raw`) and
/// piped (raw).
@Suite(.enabled(if: RedisServer.shouldRun), .serialized)
struct ExecDifferentialTests {
  /// A command, and bytes for `-x` to read from stdin when given.
  struct Case: CustomStringConvertible {
    var words: [String]
    var stdin: Data?
    var description: String { words.joined(separator: " ") }
  }

  static let binary = Data([
    0, 0xFF, 0x0A, 0x22, 0x5C, 0x07, 0x08, 0x0D, 0x09, 0x1B, 0x7F, 0x61, 0xC3, 0xA9,
  ])

  static let plainCommands: [[String]] = [
    ["PING"], ["PING", "hello world"], ["ECHO", "a\"b\\c'd"], ["ECHO", "héllo wörld ✓"],
    ["SET", "k1", "v v"], ["GET", "k1"], ["GET", "missing"], ["SET", "utf8", "naïve café ✓"],
    ["GET", "utf8"], ["STRLEN", "utf8"], ["APPEND", "k1", "!!"], ["INCR", "counter"],
    ["INCRBY", "counter", "-5"], ["DECR", "other"], ["INCRBYFLOAT", "f", "1.5"],
    ["MGET", "k1", "missing", "counter"], ["SET", "empty", ""], ["GET", "empty"],
    ["RPUSH", "list", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"],
    ["LRANGE", "list", "0", "-1"], ["LRANGE", "list", "0", "2"], ["LRANGE", "nolist", "0", "-1"],
    ["LPOP", "nolist"], ["LINDEX", "list", "11"],
    ["HSET", "h", "f1", "v1", "f2", "", "f3", "x\ny"],
    ["HGETALL", "h"], ["HGET", "h", "f2"], ["HKEYS", "h"], ["HGET", "h", "nope"],
    ["SADD", "s", "m1"], ["SMEMBERS", "s"], ["SISMEMBER", "s", "nope"], ["SINTER", "missing"],
    ["ZADD", "z", "1", "a", "2.5", "b", "-inf", "c", "+inf", "d"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["ZRANGEBYSCORE", "z", "-inf", "+inf"],
    ["ZSCORE", "z", "b"], ["ZSCORE", "z", "missing"], ["ZADD", "z", "NX", "INCR", "1", "a"],
    ["TYPE", "h"], ["TYPE", "missing"], ["EXISTS", "k1", "missing"], ["TTL", "k1"],
    ["TTL", "missing"], ["EXPIRE", "k1", "1000"], ["OBJECT", "ENCODING", "list"],
    ["SET", "key with spaces", "value\twith tab"], ["KEYS", "key with*"],
    ["GET", "key with spaces"], ["GETRANGE", "utf8", "0", "3"], ["SETRANGE", "padded", "3", "xyz"],
    ["GET", "padded"], ["GETDEL", "empty"],
    ["EVAL", "return {1,'two',{3,{'four',5}},{}}", "0"],
    ["EVAL", "return {1,2,3,4,5,6,7,8,9,10,11}", "0"],
    ["EVAL", "return {{1,2,3,4,5,6,7,8,9,10,11},{'x',{'y','z'}}}", "0"],
    ["EVAL", "return {{{{{'deep'}}}}, {}, {{}}}", "0"],
    ["EVAL", "return redis.error_reply('MYERR bad thing')", "0"],
    ["EVAL", "return redis.status_reply('FINE')", "0"],
    ["EVAL", "return {1, redis.error_reply('INNER oops'), redis.status_reply('OK')}", "0"],
    ["EVAL", "return string.char(0,1,127,128,255,10,13,9,7,8,34,92,27,12)", "0"],
    ["EVAL", "return false", "0"], ["EVAL", "return true", "0"], ["EVAL", "return {}", "0"],
    ["EVAL", "return -9223372036854775807", "0"], ["EVAL", "return {false, 'after-nil'}", "0"],
    ["NOSUCHCOMMAND", "a", "b"], ["GET"], ["LPUSH", "k1", "x"], ["INCR", "k1"],
    ["SELECT", "99"], ["PING", "a", "b"], ["XADD", "stream", "1-1", "f", "v", "g", "w"],
    ["XADD", "stream", "2-1", "only", "one"], ["XRANGE", "stream", "-", "+"], ["XLEN", "stream"],
    ["SCAN", "0", "MATCH", "nomatch:*", "COUNT", "1000"], ["CONFIG", "GET", "maxmemory-policy"],
    ["DBSIZE"], ["SINTERCARD", "1", "s"], ["OBJECT", "FREQ", "k1"], ["COMMAND", "COUNT"],
    ["SORT", "list", "ALPHA", "LIMIT", "0", "3"], ["ZRANGE", "z", "0", "-1", "REV"],
    ["HMGET", "h", "f1", "nope", "f3"], ["LPOS", "list", "c"], ["INFO", "errorstats"],
  ]

  static let cases: [Case] =
    plainCommands.map { Case(words: $0) } + [
      Case(words: ["SET", "bin"], stdin: binary), Case(words: ["GET", "bin"]),
      Case(words: ["STRLEN", "bin"]), Case(words: ["ECHO"], stdin: Data("with newline\n".utf8)),
      Case(words: ["HSET", "h", "binfield"], stdin: binary), Case(words: ["HGETALL", "h"]),
    ]

  @Test func atLeastSixtyCommandsAreCompared() {
    #expect(Self.cases.count >= 60)
  }

  @Test(arguments: [["--no-raw"], [] as [String]])
  func outputMatchesRedisCLIByteForByte(mode: [String]) throws {
    let ours = try RedisServer()
    let theirs = try RedisServer()
    for testCase in Self.cases {
      let extra = testCase.stdin == nil ? [] : ["-x"]
      let mine = try rstate(
        ["exec", "-s", ours.socketPath] + mode + extra + testCase.words, stdin: testCase.stdin)
      let reference = try redisCLI(
        ["-s", theirs.socketPath] + mode + extra + testCase.words, stdin: testCase.stdin)
      #expect(
        mine.out == reference.out,
        "\(testCase) \(mode): rstate printed \(mine.out.debugDescription), redis-cli printed \(reference.out.debugDescription)"
      )
      #expect(mine.stdout == reference.stdout, "bytes differ for \(testCase)")
      #expect(mine.err.isEmpty, "\(testCase): unexpected stderr \(mine.err)")
      let errorReply =
        mode.isEmpty
        ? false : reference.out.hasPrefix("(error)")
      if errorReply { #expect(mine.status == 1, "\(testCase): an error reply exits 1") }
      if !reference.out.contains("(error)") && !mode.isEmpty {
        #expect(mine.status == 0, "\(testCase): exit \(mine.status)")
      }
    }
  }
}
