import Testing

@testable import RStateCore

/// Marshal 4.8 written by hand from the format (Ruby is not installed here): a Rails ≤ 6.1
/// cache entry, an array of two objects of one class (the second by symlink), and a class
/// reference.
struct RubyMarshalTests {
  static func marshal(_ parts: [Any]) -> [UInt8] {
    parts.flatMap { part -> [UInt8] in
      if let text = part as? String { return Array(text.utf8) }
      return [part as! UInt8]
    }
  }

  @Test func railsCacheEntryIsNamed() {
    // o :ActiveSupport::Cache::Entry, 1 ivar: :@value => I "hello" (1 ivar :E => true)
    let entry = Self.marshal([
      UInt8(0x04), UInt8(0x08), "o", ":", UInt8(0x20), "ActiveSupport::Cache::Entry", UInt8(0x06),
      ":", UInt8(0x0B), "@value", "I", "\"", UInt8(0x0A), "hello", UInt8(0x06), ":", UInt8(0x06),
      "E", "T",
    ])
    #expect(RubyMarshal.looksLikeMarshal(entry))
    #expect(RubyMarshal.classNames(entry) == ["ActiveSupport::Cache::Entry"])
  }

  @Test func symlinksAndClassReferences() {
    // [ o :User (0 ivars), o ;0 (0 ivars), c "Decimal" ]
    let array = Self.marshal([
      UInt8(0x04), UInt8(0x08), "[", UInt8(0x08), "o", ":", UInt8(0x09), "User", UInt8(0x00),
      "o", ";", UInt8(0x00), UInt8(0x00), "c", UInt8(0x0C), "Decimal",
    ])
    #expect(RubyMarshal.classNames(array) == ["User", "Decimal"])
  }

  @Test func stringsThatLookLikeMarkersAreNotClasses() {
    // "o:zebra" inside a string: lower case, so not a constant.
    let string = Self.marshal([
      UInt8(0x04), UInt8(0x08), "\"", UInt8(0x0D), "o:", UInt8(0x0A), "zebra",
    ])
    #expect(RubyMarshal.classNames(string).isEmpty)
    #expect(RubyMarshal.classNames(Array("{}".utf8)).isEmpty)
  }
}
