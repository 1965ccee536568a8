import Testing

@testable import RStateCore

struct JavaSerializationTests {
  /// From OpenJDK 17's ObjectOutputStream: a HashMap holding a nested Serializable class
  /// (Make$Cart with a String and an ArrayList) and a Long.
  static let stream = PickleInspectorTests.bytes(
    "aced0005737200116a6176612e7574696c2e486173684d61700507dac1c31660d103000246000a6c6f6164466163746f724900097468726573686f6c6478703f4000000000000c7708000000100000000274000463617274737200094d616b6524436172746cce43b34189251b0200024c00056974656d737400104c6a6176612f7574696c2f4c6973743b4c00056f776e65727400124c6a6176612f6c616e672f537472696e673b7870737200136a6176612e7574696c2e41727261794c6973747881d21d99c7619d03000149000473697a65787000000001770400000001740001617874000275317400016e7372000e6a6176612e6c616e672e4c6f6e673b8be490cc8f23df0200014a000576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b0200007870000000000000002a78"
  )

  @Test func classDescriptorsAreNamedWithoutDeserializing() {
    #expect(JavaSerialization.looksLikeJava(Self.stream))
    #expect(
      JavaSerialization.classNames(Self.stream) == [
        "java.util.HashMap", "Make$Cart", "java.util.ArrayList", "java.lang.Long",
        "java.lang.Number",
      ])
  }

  @Test func otherBytesHaveNoClasses() {
    #expect(JavaSerialization.classNames(Array("{\"r\": 1}".utf8)).isEmpty)
    #expect(JavaSerialization.classNames(Array(Self.stream.prefix(12))).isEmpty)
  }
}
