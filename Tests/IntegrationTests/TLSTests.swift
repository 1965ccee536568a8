import Foundation
import RStateCore
import Testing

/// TLS against a real `redis-server --tls-port` with a CA and certificates made for the test.
@Suite(.enabled(if: RedisServer.shouldRun))
struct TLSTests {
  let certificates: TestCertificates
  let server: RedisServer
  let port: Int

  init() throws {
    certificates = try TestCertificates()
    port = try RedisServer.freePort()
    server = try RedisServer(config: certificates.serverConfig(port: port))
  }

  private var trusted: [String] { ["--cacert", certificates.path("ca.crt")] }

  @Test func verifiedConnectionByNameAndByAddress() throws {
    let byName = try rstate(["ping", "-u", "rediss://localhost:\(port)"] + trusted)
    #expect(byName.out == "PONG\n" && byName.status == 0, "\(byName.err)")
    let byAddress = try rstate(["ping", "-h", "127.0.0.1", "-p", "\(port)", "--tls"] + trusted)
    #expect(byAddress.out == "PONG\n" && byAddress.status == 0, "\(byAddress.err)")
    let directory = try temporaryDirectory()
    let hashed = try run(
      "/usr/bin/openssl", ["x509", "-hash", "-noout", "-in", certificates.path("ca.crt")],
      environment: [:], stdin: nil, directory: nil
    ).out.trimmingCharacters(in: .whitespacesAndNewlines)
    try FileManager.default.copyItem(
      atPath: certificates.path("ca.crt"),
      toPath: directory.appendingPathComponent("\(hashed).0").path)
    let byDirectory = try rstate(
      ["ping", "-u", "rediss://localhost:\(port)", "--cacertdir", directory.path])
    #expect(byDirectory.status == 0, "\(byDirectory.err)")
  }

  @Test func shellAndBulkWorkOverTLS() throws {
    let url = "rediss://localhost:\(port)"
    let shell = try rstate(
      ["-u", url] + trusted, stdin: Data("SET greeting hello\nGET greeting\n".utf8))
    #expect(shell.out == "OK\nhello\n", "\(shell.err)")
    // Enough keys for records to span many TLS records and partial reads and writes.
    let source = try RedisServer()
    let value = String(repeating: "v", count: 2000)
    _ = try source.connection().pipeline((0..<3000).map { Command("SET", "k:\($0)", value) })
    let copied = try rstate(
      [
        "migrate", "--from", "redis://127.0.0.1:\(source.port)", "--to", url, "--verify",
        "--checkpoint", source.directory.appendingPathComponent("copy.checkpoint").path,
      ] + trusted)
    #expect(copied.status == 0, "\(copied.err)")
    let keys = try rstate(["keys", "--pattern", "k:*", "-u", url] + trusted)
    #expect(keys.out.split(separator: "\n").count == 3000)
  }

  @Test func untrustedCertificateIsRefused() throws {
    for extra in [[], ["--cacert", certificates.path("other-ca.crt")]] {
      let result = try rstate(["ping", "-u", "rediss://localhost:\(port)"] + extra)
      #expect(result.status == 1)
      #expect(result.out.isEmpty)
      #expect(result.err.contains("signed by an unknown CA"), "\(result.err)")
    }
  }

  @Test func hostNameMismatchIsRefused() throws {
    let result = try rstate(
      ["ping", "-u", "rediss://localhost:\(port)", "--sni", "cache.example.com"] + trusted)
    #expect(result.status == 1)
    #expect(result.err.contains("not for cache.example.com"), "\(result.err)")
  }

  @Test func expiredCertificateIsRefused() throws {
    let expiredPort = try RedisServer.freePort()
    let expired = try RedisServer(
      config: certificates.serverConfig(port: expiredPort, certificate: "expired"))
    let result = try rstate(["ping", "-u", "rediss://localhost:\(expiredPort)"] + trusted)
    #expect(result.status == 1)
    #expect(result.err.contains("certificate has expired"), "\(result.err)")
    _ = expired
  }

  @Test func insecureSkipsTheChecks() throws {
    let result = try rstate(
      ["ping", "-u", "rediss://localhost:\(port)", "--insecure", "--sni", "cache.example.com"])
    #expect(result.out == "PONG\n", "\(result.err)")
  }

  @Test func mutualTLS() throws {
    let mutualPort = try RedisServer.freePort()
    let mutual = try RedisServer(
      config: certificates.serverConfig(port: mutualPort, clients: "yes"))
    let url = "rediss://localhost:\(mutualPort)"
    let without = try rstate(["ping", "-u", url] + trusted)
    #expect(without.status == 1)
    #expect(without.err.contains("client certificate"), "\(without.err)")
    let with = try rstate(
      [
        "ping", "-u", url, "--cert", certificates.path("client.crt"), "--key",
        certificates.path("client.key"),
      ] + trusted)
    #expect(with.out == "PONG\n", "\(with.err)")
    let wrongKey = try rstate(
      [
        "exec", "-u", url, "--cert", certificates.path("client.crt"), "--key",
        certificates.path("server.key"),
      ] + trusted + ["PING"])
    #expect(wrongKey.status == 64)
    #expect(wrongKey.err.contains("not the key of the certificate"), "\(wrongKey.err)")
    _ = mutual
  }

  @Test func mismatchedProtocolsAreNamed() throws {
    let plaintextToTLS = try rstate(["ping", "-u", "redis://localhost:\(port)"])
    #expect(plaintextToTLS.status == 1)
    #expect(plaintextToTLS.err.contains("if the server expects TLS"), "\(plaintextToTLS.err)")
    let plain = try RedisServer()
    let tlsToPlaintext = try rstate(
      ["ping", "-u", "rediss://localhost:\(plain.port)", "-t", "1"] + trusted)
    #expect(tlsToPlaintext.status == 1)
    #expect(tlsToPlaintext.err.contains("speak TLS on this port"), "\(tlsToPlaintext.err)")
    #expect(!tlsToPlaintext.out.contains("PONG"))
  }

  @Test func certificateFlagsNeedTLS() throws {
    let result = try rstate(["exec", "-p", "\(port)"] + trusted + ["PING"])
    #expect(result.status == 64)
    #expect(result.err.contains("--cacert applies to TLS connections"))
    let missing = try rstate([
      "exec", "-u", "rediss://localhost:\(port)", "--cacert", "/nonexistent/ca.pem", "PING",
    ])
    #expect(missing.status == 64)
    #expect(missing.err.contains("/nonexistent/ca.pem"))
  }
}
