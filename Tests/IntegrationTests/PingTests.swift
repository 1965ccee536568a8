import Foundation
import RStateCore
import Testing

@Suite(.enabled(if: RedisServer.shouldRun))
struct PingTests {
  @Test func answersPongAndExitsZero() throws {
    let server = try RedisServer()
    let result = try rstate(["ping", "-p", String(server.port)])
    #expect(result.status == 0)
    #expect(result.out == "PONG\n")
    #expect(result.err.isEmpty)
  }

  @Test func downServerExitsOneWithOneLine() throws {
    let port = try RedisServer.freePort()
    let result = try rstate(["ping", "-p", String(port)])
    #expect(result.status == 1)
    #expect(result.out.isEmpty)
    #expect(result.err == "rstate: cannot connect to 127.0.0.1:\(port): connection refused\n")
  }

  @Test func wrongPasswordExitsOne() throws {
    let server = try RedisServer(config: ["requirepass s3cret-pw"])
    let result = try rstate(["ping", "-p", String(server.port), "-a", "wrong-pw"])
    #expect(result.status == 1)
    #expect(result.err.contains("authentication failed for the default user"))
    #expect(result.err.contains("WRONGPASS"))
    #expect(!result.err.contains("wrong-pw") && !result.out.contains("wrong-pw"))
  }

  @Test func missingPasswordSaysSo() throws {
    let server = try RedisServer(config: ["requirepass s3cret-pw"])
    let result = try rstate(["ping", "-p", String(server.port)])
    #expect(result.status == 1)
    #expect(result.err.contains("the server requires a password"))
  }

  @Test func passwordFromEnvironmentIsUsed() throws {
    let server = try RedisServer(config: ["requirepass s3cret-pw"])
    let result = try rstate(
      ["ping", "-p", String(server.port)], environment: ["REDIS_PASSWORD": "s3cret-pw"])
    #expect(result.status == 0)
    #expect(result.out == "PONG\n")
    #expect(result.err.isEmpty, "no warning for a password from the environment")
  }

  @Test func passwordOnCommandLineWarnsUnlessSilenced() throws {
    let server = try RedisServer(config: ["requirepass s3cret-pw"])
    let warned = try rstate(["ping", "-p", String(server.port), "-a", "s3cret-pw"])
    #expect(warned.status == 0)
    #expect(
      warned.err
        == "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n"
    )
    let quiet = try rstate([
      "ping", "-p", String(server.port), "-a", "s3cret-pw", "--no-auth-warning",
    ])
    #expect(quiet.status == 0)
    #expect(quiet.err.isEmpty)
  }

  @Test func waitsForAServerStartedLate() throws {
    let port = try RedisServer.freePort()
    let started = Date()
    let group = DispatchGroup()
    let box = ResultBox()
    DispatchQueue.global().async(group: group) {
      box.result = try? rstate(["ping", "-p", String(port), "--wait", "20"])
    }
    Thread.sleep(forTimeInterval: 1.0)
    let server = try RedisServer(port: port)
    group.wait()
    _ = server
    let result = try #require(box.result)
    #expect(result.status == 0, "stderr: \(result.err)")
    #expect(result.out == "PONG\n")
    #expect(Date().timeIntervalSince(started) >= 1.0, "it answered only once the server was up")
  }

  @Test func waitGivesUpWithExitOne() throws {
    let port = try RedisServer.freePort()
    let result = try rstate(["ping", "-p", String(port), "--wait", "0.3"])
    #expect(result.status == 1)
    #expect(result.err.contains("connection refused"))
  }

  @Test func quietPrintsNothing() throws {
    let server = try RedisServer()
    let up = try rstate(["ping", "-p", String(server.port), "--quiet"])
    #expect(up.status == 0 && up.out.isEmpty && up.err.isEmpty)
    let down = try rstate(["ping", "-p", String(try RedisServer.freePort()), "-q"])
    #expect(down.status == 1 && down.out.isEmpty)
  }

  @Test func countPrintsEachLatencyAndASummary() throws {
    let server = try RedisServer()
    let result = try rstate(["ping", "-s", server.socketPath, "--count", "5", "--interval", "0"])
    #expect(result.status == 0)
    let lines = result.out.split(separator: "\n")
    #expect(lines.count == 6)
    for (index, line) in lines.prefix(5).enumerated() {
      #expect(line.hasPrefix("PONG seq=\(index + 1) time="), "\(line)")
      #expect(line.hasSuffix(" ms"))
    }
    #expect(lines[5].contains("5 pings to \(server.socketPath): min/avg/p50/p99/max = "))
  }

  @Test func countAsJSON() throws {
    let server = try RedisServer()
    let result = try rstate(
      ["ping", "-s", server.socketPath, "--count", "3", "--interval", "0", "--json"])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(object["count"] as? Int == 3)
    #expect((object["samples"] as? [Double])?.count == 3)
    let min = try #require(object["min"] as? Double)
    let max = try #require(object["max"] as? Double)
    #expect(min <= max)
  }

  @Test func badPortIsAUsageErrorButPingStillExitsOne() throws {
    let result = try rstate(["ping", "-p", "70000"])
    #expect(result.status == 1)
    #expect(
      result.err
        == "rstate: invalid port '70000' from flag --port: must be a number from 1 to 65535\n")
    let info = try rstate(["info", "-p", "70000"])
    #expect(info.status == 64)
  }
}

private final class ResultBox: @unchecked Sendable {
  var result: RunResult?
}

@Suite(.enabled(if: RedisServer.shouldRun))
struct LoadingServerTests {
  /// A server still loading its dataset answers LOADING: ping says so and exits 1, and
  /// `--wait` keeps trying until loading is done. `key-load-delay` slows loading down.
  @Test func pingReportsLoadingAndWaitOutlastsIt() throws {
    let seed = try RedisServer(config: ["enable-debug-command local"])
    let connection = seed.connection()
    #expect(try connection.send(Command("DEBUG", "POPULATE", "20000")) == .status(Array("OK".utf8)))
    #expect(try connection.send(Command("SAVE")) == .status(Array("OK".utf8)))
    seed.stop()
    let loading = try RedisServer(
      config: ["key-load-delay 200", "loading-process-events-interval-bytes 1024"],
      dataset: seed.directory.appendingPathComponent("dump.rdb"))
    let first = try rstate(["ping", "-s", loading.socketPath])
    #expect(first.status == 1)
    #expect(
      first.err
        == "rstate: \(loading.socketPath) is loading its dataset into memory; try again when it is done\n"
    )
    let waited = try rstate(["ping", "-s", loading.socketPath, "--wait", "120"])
    #expect(waited.status == 0, "\(waited.err)")
    #expect(waited.out == "PONG\n")
    let keys = try rstate(["exec", "-s", loading.socketPath, "DBSIZE"])
    #expect(keys.out == "20000\n")
  }
}
