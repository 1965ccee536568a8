import CRStateOpenSSL
import Glibc
import Synchronization

/// An OpenSSL client context for one set of TLS options: trusted CAs, client certificate,
/// ciphers. Loading the system's CAs is most of the cost of a TLS connection, so contexts are
/// made once per process and shared.
final class TLSContext: Sendable {
  // SSL_CTX is reference-counted and safe to share once configured.
  nonisolated(unsafe) let raw: OpaquePointer
  let options: TLSOptions

  private static let made = Mutex<[TLSOptions: TLSContext]>([:])

  static func shared(for options: TLSOptions) throws(RStateError) -> TLSContext {
    let result = made.withLock { contexts -> Result<TLSContext, RStateError> in
      if let existing = contexts[options] { return .success(existing) }
      do throws(RStateError) {
        let context = try TLSContext(options: options)
        contexts[options] = context
        return .success(context)
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private init(options: TLSOptions) throws(RStateError) {
    guard let context = SSL_CTX_new(TLS_client_method()) else {
      throw .tlsFailed(endpoint: "-", reason: "OpenSSL could not make a context")
    }
    raw = context
    self.options = options
    rstate_ssl_ctx_allow_partial_writes(context)
    SSL_CTX_set_verify(context, options.insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nil)
    if options.caCertificateFile != nil || options.caCertificateDirectory != nil {
      if SSL_CTX_load_verify_locations(
        context, options.caCertificateFile, options.caCertificateDirectory) != 1
      {
        let (flag, path) =
          options.caCertificateFile.map { ("--cacert", $0) }
          ?? ("--cacertdir", options.caCertificateDirectory!)
        throw Self.badFile(flag: flag, path: path, what: "CA certificates")
      }
    } else if SSL_CTX_set_default_verify_paths(context) != 1 {
      throw .tlsFailed(endpoint: "-", reason: "cannot load the system's CA certificates")
    }
    if let certificate = options.certificateFile {
      guard SSL_CTX_use_certificate_chain_file(context, certificate) == 1 else {
        throw Self.badFile(flag: "--cert", path: certificate, what: "a PEM certificate")
      }
      let key = options.keyFile ?? certificate
      guard SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1 else {
        if ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH {
          ERR_clear_error()
          throw .invalidSetting(
            name: "client key", value: key, source: "flag --key",
            reason: "it is not the key of the certificate given with --cert")
        }
        throw Self.badFile(flag: "--key", path: key, what: "a PEM private key")
      }
      guard SSL_CTX_check_private_key(context) == 1 else {
        ERR_clear_error()
        throw .invalidSetting(
          name: "client key", value: key, source: "flag --key",
          reason: "it is not the key of the certificate given with --cert")
      }
    } else if let key = options.keyFile {
      throw .invalidSetting(
        name: "client key", value: key, source: "flag --key",
        reason: "a key needs its certificate: give --cert too")
    }
    if let ciphers = options.ciphers, SSL_CTX_set_cipher_list(context, ciphers) != 1 {
      throw .invalidSetting(
        name: "TLS cipher list", value: ciphers, source: "flag --tls-ciphers",
        reason: "OpenSSL knows none of these ciphers")
    }
    if let suites = options.cipherSuites, SSL_CTX_set_ciphersuites(context, suites) != 1 {
      throw .invalidSetting(
        name: "TLS 1.3 cipher suites", value: suites, source: "flag --tls-ciphersuites",
        reason: "OpenSSL knows none of these cipher suites")
    }
    ERR_clear_error()
  }

  deinit { SSL_CTX_free(raw) }

  private static func badFile(flag: String, path: String, what: String) -> RStateError {
    let reason =
      access(path, R_OK) == 0
      ? "it does not hold \(what) OpenSSL can read (\(TLSTransport.openSSLReason()))"
      : errnoText()
    ERR_clear_error()
    return .invalidSetting(name: "file", value: path, source: "flag \(flag)", reason: reason)
  }
}

/// TLS over a connected socket. The handshake checks the server's certificate against the
/// trusted CAs and its name against the host (or `--sni`), unless `--insecure`.
final class TLSTransport: Transport {
  private let socket: SocketTransport
  private let ssl: OpaquePointer
  /// Kept for SSL_CTX's lifetime; OpenSSL counts its own reference too.
  private let context: TLSContext

  var descriptor: Int32 { socket.descriptor }
  var hasClientCertificate: Bool { context.options.certificateFile != nil }

  /// Completes the handshake by `deadline` (the connect timeout's, shared with connecting).
  init(over socket: SocketTransport, endpoint: Endpoint, context: TLSContext, by deadline: Deadline)
    throws(RStateError)
  {
    guard let ssl = SSL_new(context.raw) else {
      throw .tlsFailed(endpoint: endpoint.description, reason: "OpenSSL could not start a session")
    }
    self.socket = socket
    self.ssl = ssl
    self.context = context
    SSL_set_fd(ssl, socket.descriptor)
    let options = context.options
    var host: String?
    if case .tcp(let name, _) = endpoint { host = name }
    let name = options.serverName ?? host
    if let name {
      let isAddress = Self.isIPAddress(name)
      // SNI carries names only; the certificate is checked against a name or an address.
      if !isAddress { rstate_ssl_set_server_name(ssl, name) }
      if !options.insecure {
        if isAddress {
          X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name)
        } else {
          SSL_set1_host(ssl, name)
        }
      }
    }
    try handshake(endpoint: endpoint, checkedName: name, deadline: deadline)
  }

  deinit {
    // close_notify, without waiting for the server's.
    withoutBrokenPipeSignal { _ = SSL_shutdown(ssl) }
    SSL_free(ssl)
  }

  private func handshake(endpoint: Endpoint, checkedName: String?, deadline: Deadline)
    throws(RStateError)
  {
    ERR_clear_error()
    while true {
      let result = withoutBrokenPipeSignal { SSL_connect(ssl) }
      if result == 1 { return }
      let code = SSL_get_error(ssl, result)
      let savedErrno = errno
      let waited: Result<Void, TransportFailure>
      switch code {
      case SSL_ERROR_WANT_READ:
        waited = SocketTransport.wait(descriptor, for: POLLIN, by: deadline)
      case SSL_ERROR_WANT_WRITE:
        waited = SocketTransport.wait(descriptor, for: POLLOUT, by: deadline)
      default:
        throw .tlsFailed(
          endpoint: endpoint.description,
          reason: handshakeFailure(code: code, errno: savedErrno, checkedName: checkedName))
      }
      if case .failure(let failure) = waited {
        if case .timedOut = failure {
          // A server without TLS on this port waits for a newline that never comes.
          throw .tlsFailed(
            endpoint: endpoint.description,
            reason: "no answer to the TLS handshake (does the server speak TLS on this port? "
              + "connect without --tls, with a redis:// URL)")
        }
        throw .tlsFailed(endpoint: endpoint.description, reason: failure.reason)
      }
    }
  }

  /// Why the handshake failed, in words that say what to do.
  private func handshakeFailure(code: Int32, errno savedErrno: Int32, checkedName: String?)
    -> String
  {
    defer { ERR_clear_error() }
    let verification = SSL_get_verify_result(ssl)
    if verification != X509_V_OK {
      switch Int32(verification) {
      case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
        X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
        X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return "the server's certificate is signed by an unknown CA (trust its CA with "
          + "--cacert FILE, or skip the check with --insecure)"
      case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH:
        return "the server's certificate is not for \(checkedName ?? "this host") (connect by "
          + "the name it was issued for, or give that name with --sni)"
      case X509_V_ERR_CERT_HAS_EXPIRED:
        return "the server's certificate has expired"
      case X509_V_ERR_CERT_NOT_YET_VALID:
        return "the server's certificate is not valid yet (is this machine's clock right?)"
      default:
        return "the server's certificate was refused: "
          + String(cString: X509_verify_cert_error_string(verification))
      }
    }
    let reason = ERR_GET_REASON(ERR_peek_error())
    if code == SSL_ERROR_SYSCALL || code == SSL_ERROR_ZERO_RETURN
      || reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG
      || reason == SSL_R_UNEXPECTED_EOF_WHILE_READING
    {
      if code == SSL_ERROR_SYSCALL && savedErrno != 0 {
        return lowercasingFirst(String(cString: strerror(savedErrno)))
          + " (does the server speak TLS on this port?)"
      }
      return "the server does not speak TLS on this port (connect without --tls, "
        + "with a redis:// URL)"
    }
    return Self.describe(reason: reason) ?? Self.openSSLReason()
  }

  /// Alerts a server sends about the client's certificate.
  private static func describe(reason: Int32) -> String? {
    switch reason {
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED, SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE:
      return "the server requires a client certificate (give it with --cert and --key)"
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA, SSL_R_SSLV3_ALERT_BAD_CERTIFICATE,
      SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
      return "the server does not accept the client certificate given with --cert"
    default: return nil
    }
  }

  /// The reason OpenSSL recorded last, as its library gives it.
  static func openSSLReason() -> String {
    let code = ERR_peek_last_error()
    guard code != 0, let text = ERR_reason_error_string(code) else { return "unknown TLS error" }
    return String(cString: text)
  }

  private static func isIPAddress(_ name: String) -> Bool {
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
  }

  func read(into buffer: UnsafeMutableRawBufferPointer, by deadline: Deadline)
    throws(TransportFailure) -> Int
  {
    while true {
      ERR_clear_error()
      let count = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
      if count > 0 { return Int(count) }
      try settle(SSL_get_error(ssl, count), by: deadline)
    }
  }

  func write(_ bytes: UnsafeRawBufferPointer, by deadline: Deadline) throws(TransportFailure)
    -> Int
  {
    while true {
      ERR_clear_error()
      let count = withoutBrokenPipeSignal {
        SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
      }
      if count > 0 { return Int(count) }
      try settle(SSL_get_error(ssl, count), by: deadline)
    }
  }

  /// Waits for what OpenSSL needs before a read or write can go on, or throws why it cannot.
  private func settle(_ code: Int32, by deadline: Deadline) throws(TransportFailure) {
    let savedErrno = errno
    switch code {
    case SSL_ERROR_WANT_READ:
      try SocketTransport.wait(descriptor, for: POLLIN, by: deadline).get()
    case SSL_ERROR_WANT_WRITE:
      try SocketTransport.wait(descriptor, for: POLLOUT, by: deadline).get()
    case SSL_ERROR_ZERO_RETURN:
      throw .closed
    case SSL_ERROR_SYSCALL:
      if savedErrno == EINTR { return }
      throw savedErrno == 0
        ? .closed : .failed(lowercasingFirst(String(cString: strerror(savedErrno))))
    default:
      let reason = ERR_GET_REASON(ERR_peek_error())
      if reason == SSL_R_UNEXPECTED_EOF_WHILE_READING { throw .closed }
      throw .failed(Self.describe(reason: reason) ?? Self.openSSLReason())
    }
  }
}

@available(*, unavailable) extension TLSTransport: Sendable {}

/// OpenSSL writes to the socket with write(2), so a server that went away raises SIGPIPE,
/// which would end rstate before it could report the lost connection: the signal is held
/// back during the call and discarded; the call's own error is reported instead.
func withoutBrokenPipeSignal<T>(_ body: () -> T) -> T {
  var brokenPipe = sigset_t()
  sigemptyset(&brokenPipe)
  sigaddset(&brokenPipe, SIGPIPE)
  var previous = sigset_t()
  pthread_sigmask(SIG_BLOCK, &brokenPipe, &previous)
  defer {
    var pending = sigset_t()
    sigpending(&pending)
    if sigismember(&pending, SIGPIPE) == 1 && sigismember(&previous, SIGPIPE) == 0 {
      var now = timespec()
      sigtimedwait(&brokenPipe, nil, &now)
    }
    pthread_sigmask(SIG_SETMASK, &previous, nil)
  }
  return body()
}
