import ArgumentParser
import RStateCore

/// redis-cli's TLS flags, part of the connection options.
struct TLSFlags: ParsableArguments {
  @Flag(help: "Connect with TLS (as a rediss:// URL does).")
  var tls = false

  @Option(help: ArgumentHelp("Trust the CA certificates in this PEM file.", valueName: "file"))
  var cacert: String?

  @Option(
    help: ArgumentHelp(
      "Trust the CA certificates in this directory (hashed names, as c_rehash makes).",
      valueName: "dir"))
  var cacertdir: String?

  @Option(help: ArgumentHelp("Client certificate (PEM) for mutual TLS.", valueName: "file"))
  var cert: String?

  @Option(
    help: ArgumentHelp(
      "Private key (PEM) of the client certificate (default: the --cert file).",
      valueName: "file"))
  var key: String?

  @Option(
    help: ArgumentHelp(
      "Server name for SNI and the certificate check (default: the host).",
      valueName: "name"))
  var sni: String?

  @Flag(help: "Do not check the server's certificate or name.")
  var insecure = false

  @Option(
    name: .customLong("tls-ciphers"),
    help: ArgumentHelp("OpenSSL cipher list for TLS 1.2 and older.", valueName: "list"))
  var ciphers: String?

  @Option(
    name: .customLong("tls-ciphersuites"),
    help: ArgumentHelp("OpenSSL cipher suites for TLS 1.3.", valueName: "list"))
  var cipherSuites: String?

  var options: TLSOptions {
    var options = TLSOptions()
    options.caCertificateFile = cacert
    options.caCertificateDirectory = cacertdir
    options.certificateFile = cert
    options.keyFile = key
    options.serverName = sni
    options.insecure = insecure
    options.ciphers = ciphers
    options.cipherSuites = cipherSuites
    return options
  }

  /// The first TLS-only flag given, for saying it needs TLS.
  var firstGiven: String? {
    let given: [(String, Bool)] = [
      ("--cacert", cacert != nil), ("--cacertdir", cacertdir != nil), ("--cert", cert != nil),
      ("--key", key != nil), ("--sni", sni != nil), ("--insecure", insecure),
      ("--tls-ciphers", ciphers != nil), ("--tls-ciphersuites", cipherSuites != nil),
    ]
    return given.first { $0.1 }?.0
  }

  /// Turns TLS on and sets its options; refuses TLS flags on a connection without TLS, which
  /// would otherwise silently go unencrypted.
  func apply(to settings: inout ConnectionSettings) throws(RStateError) {
    if tls { settings.tls = true }
    settings.tlsOptions = options
    if !settings.tls, let flag = firstGiven {
      throw .usage(
        "\(flag) applies to TLS connections: add --tls or connect with a rediss:// URL")
    }
  }
}
