// OpenSSL: libcrypto's SHA-256 for record-file checksums and value digests (assembly-speed,
// a fifth of a bulk load's time when done in Swift), and libssl for TLS connections.
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* Macros in OpenSSL's headers, which Swift cannot call. */
static inline int rstate_ssl_set_server_name(SSL *ssl, const char *name) {
  return (int)SSL_set_tlsext_host_name(ssl, name);
}

static inline void rstate_ssl_ctx_allow_partial_writes(SSL_CTX *context) {
  SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}
