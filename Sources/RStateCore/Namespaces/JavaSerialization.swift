/// What a Java serialization stream (Spring Session attributes, Spring Data Redis's JDK
/// serializer) holds, read without deserializing: the classes it describes.
public enum JavaSerialization {
  /// `\xac\xed\x00\x05`: the stream magic and version 5.
  public static func looksLikeJava(_ bytes: some Collection<UInt8>) -> Bool {
    bytes.starts(with: [0xAC, 0xED, 0x00, 0x05])
  }

  /// The class names of every class descriptor (TC_CLASSDESC, then the name as modified
  /// UTF-8 with a two-byte length, then the 8-byte serialVersionUID and flags), first
  /// appearance first. A name must look like a Java binary name, so bytes inside values that
  /// merely contain 0x72 are not taken for one.
  public static func classNames(_ bytes: [UInt8]) -> [String] {
    guard looksLikeJava(bytes) else { return [] }
    var names: [String] = []
    var index = 4
    while index + 3 < bytes.count {
      defer { index += 1 }
      guard bytes[index] == 0x72 else { continue }
      let length = Int(bytes[index + 1]) << 8 | Int(bytes[index + 2])
      let start = index + 3
      // The name, then serialVersionUID (8) and flags (1) must fit.
      guard (1...512).contains(length), start + length + 9 <= bytes.count else { continue }
      let name = bytes[start..<start + length]
      guard isBinaryName(name), let text = String(validating: name, as: UTF8.self) else {
        continue
      }
      if !names.contains(text) { names.append(text) }
      index = start + length + 8
    }
    return names
  }

  /// `java.util.HashMap`, `Make$Cart`, `[Ljava.lang.String;`.
  private static func isBinaryName(_ name: ArraySlice<UInt8>) -> Bool {
    guard let first = name.first,
      isLetter(first) || first == UInt8(ascii: "[") || first == UInt8(ascii: "_")
        || first == UInt8(ascii: "$")
    else { return false }
    return name.allSatisfy { byte in
      isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        || Array("._$[;".utf8).contains(byte)
    }
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
  }
}
