import Testing

@testable import RStateCore

/// Pickles made by CPython 3.11's `pickle.dumps`, as hex.
struct PickleInspectorTests {
  static func bytes(_ hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var iterator = Array(hex.utf8).makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
      result.append(hexValue(high)! << 4 | hexValue(low)!)
    }
    return result
  }

  /// {'a': 1, 'when': datetime(2026, 1, 2), 'd': Decimal('1.5')}
  static let dictionary = [
    (
      2,
      "80027d71002858010000006171014b0158040000007768656e7102636461746574696d650a6461746574696d650a7103635f636f646563730a656e636f64650a7104580b00000007c3aa0102000000000000710558060000006c6174696e31710686710752710885710952710a580100000064710b63646563696d616c0a446563696d616c0a710c5803000000312e35710d85710e52710f752e"
    ),
    (
      4,
      "8004955f000000000000007d94288c0161944b018c047768656e948c086461746574696d65948c086461746574696d65949394430a07ea010200000000000094859452948c0164948c07646563696d616c948c07446563696d616c9493948c03312e359485945294752e"
    ),
    (
      5,
      "8005955f000000000000007d94288c0161944b018c047768656e948c086461746574696d65948c086461746574696d65949394430a07ea010200000000000094859452948c0164948c07646563696d616c948c07446563696d616c9493948c03312e359485945294752e"
    ),
  ]

  @Test(arguments: dictionary)
  func classesAndProtocolOfEachVersion(version: Int, hex: String) {
    let summary = PickleInspector.inspect(Self.bytes(hex))
    #expect(summary.protocolVersion == version)
    #expect(summary.isComplete)
    #expect(summary.imports.contains("datetime.datetime"))
    #expect(summary.imports.contains("decimal.Decimal"))
  }

  /// An object whose unpickling would call print('pwned'): only named, never run.
  @Test func aReduceToPrintIsNamed() {
    let summary = PickleInspector.inspect(
      Self.bytes(
        "80059522000000000000008c086275696c74696e73948c057072696e749493948c0570776e656494859452942e"
      ))
    #expect(summary.imports == ["builtins.print"])
    #expect(summary.isComplete)
  }

  /// Two OrderedDicts: the second refers to the memoized class, named once.
  @Test func memoizedClassesAreNamedOnce() {
    let summary = PickleInspector.inspect(
      Self.bytes(
        "80049539000000000000005d94288c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0161944b017368032952948c0162944b0273652e"
      ))
    #expect(summary.imports == ["collections.OrderedDict"])
  }

  @Test func truncatedOrForeignBytesAreIncomplete() {
    let full = Self.bytes(Self.dictionary[2].1)
    #expect(!PickleInspector.inspect(Array(full.prefix(40))).isComplete)
    #expect(PickleInspector.looksLikePickle(full))
    #expect(!PickleInspector.looksLikePickle(Array("{\"a\": 1}".utf8)))
    #expect(!PickleInspector.inspect([0xFF, 0x00]).isComplete)
  }
}
