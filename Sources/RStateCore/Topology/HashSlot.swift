/// Redis Cluster's key-to-slot mapping: CRC16 (XMODEM) of the key's hash tag, modulo 16384.
public enum HashSlot {
  public static let count = 16384

  /// The bytes between the first `{` and the next `}`, when that is not empty.
  public static func hashTag(of key: [UInt8]) -> ArraySlice<UInt8>? {
    guard let open = key.firstIndex(of: UInt8(ascii: "{")),
      let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1
    else { return nil }
    return key[(open + 1)..<close]
  }

  public static func slot(of key: [UInt8]) -> Int {
    let hashed = hashTag(of: key) ?? key[...]
    var crc: UInt16 = 0
    for byte in hashed {
      crc ^= UInt16(byte) << 8
      for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
    }
    return Int(crc) % count
  }
}
