// OpenSSL's libcrypto: SHA-256 for record-file checksums and value digests (assembly-speed,
// a fifth of a bulk load's time when done in Swift).
#include <openssl/evp.h>
