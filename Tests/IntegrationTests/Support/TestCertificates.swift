import Foundation

/// A throwaway CA and certificates made with openssl at test time: a server certificate for
/// localhost and 127.0.0.1, a client certificate for mutual TLS, and a second, untrusted CA.
/// EC keys, which openssl makes in milliseconds.
final class TestCertificates: @unchecked Sendable {
  let directory: URL

  init() throws {
    directory = try temporaryDirectory()
    try openssl(
      ["req", "-x509"] + Self.newKey("ca.key") + ["-out", "ca.crt", "-subj", "/CN=rstate test CA"])
    try openssl(
      ["req", "-x509"] + Self.newKey("other-ca.key") + [
        "-out", "other-ca.crt", "-subj", "/CN=other CA",
      ])
    try issue(
      "server", subject: "/CN=localhost", extensions: "subjectAltName=DNS:localhost,IP:127.0.0.1")
    try issue("client", subject: "/CN=rstate client", extensions: "extendedKeyUsage=clientAuth")
    try issue(
      "expired", subject: "/CN=localhost",
      extensions: "subjectAltName=DNS:localhost,IP:127.0.0.1", days: "-1")
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  /// redis.conf lines for a TLS-only server on `port`; `clients` is tls-auth-clients.
  func serverConfig(port: Int, clients: String = "no", certificate: String = "server") -> [String] {
    [
      "port 0", "tls-port \(port)", "tls-cert-file \(path("\(certificate).crt"))",
      "tls-key-file \(path("\(certificate).key"))", "tls-ca-cert-file \(path("ca.crt"))",
      "tls-auth-clients \(clients)",
    ]
  }

  private static func newKey(_ file: String) -> [String] {
    [
      "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", file,
      "-days", "2",
    ]
  }

  private func issue(_ name: String, subject: String, extensions: String, days: String = "2")
    throws
  {
    try openssl(
      [
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
        "\(name).key", "-out", "\(name).csr", "-subj", subject,
      ])
    try extensions.write(
      to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
    try openssl(
      [
        "x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "\(name).crt", "-days", days, "-extfile", "\(name).ext",
      ])
  }

  private func openssl(_ arguments: [String]) throws {
    let result = try run(
      "/usr/bin/openssl", arguments, environment: [:], stdin: nil, directory: directory)
    guard result.status == 0 else {
      throw TestFailure("openssl \(arguments.joined(separator: " ")) failed: \(result.err)")
    }
  }
}
