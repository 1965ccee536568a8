internal import CRStateOpenSSL

/// SHA-256, streaming, for record-file checksums and value digests. OpenSSL does the work
/// (a Swift implementation cost a fifth of a bulk load); the state is copied on write, so
/// the struct keeps value semantics (a copy can be finished while the original goes on).
public struct SHA256 {
  private final class State {
    let context: OpaquePointer

    init() {
      context = EVP_MD_CTX_new()
      EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    init(copying other: State) {
      context = EVP_MD_CTX_new()
      EVP_MD_CTX_copy_ex(context, other.context)
    }

    deinit { EVP_MD_CTX_free(context) }
  }

  private var state = State()

  public init() {}

  public mutating func update(_ bytes: some Collection<UInt8>) {
    if !isKnownUniquelyReferenced(&state) { state = State(copying: state) }
    let context = state.context
    if bytes.withContiguousStorageIfAvailable({
      EVP_DigestUpdate(context, $0.baseAddress, $0.count)
    })
      == nil
    {
      Array(bytes).withUnsafeBufferPointer {
        _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count)
      }
    }
  }

  /// The 32-byte digest; the hasher itself can go on.
  public func finalize() -> [UInt8] {
    let copy = State(copying: state)
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    EVP_DigestFinal_ex(copy.context, &digest, &length)
    return digest
  }

  /// The digest as lower-case hex.
  public func finalizeHex() -> String {
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in finalize() { out += [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] }
    return String(decoding: out, as: UTF8.self)
  }

  public static func hex(_ bytes: some Collection<UInt8>) -> String {
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalizeHex()
  }
}
