/// What a Python pickle says about itself, read opcode by opcode and never executed: its
/// protocol and the classes and functions it would import (`module.name`). Unpickling runs
/// whatever those name, so `:peek` shows them instead.
public struct PickleSummary: Sendable, Equatable {
  /// From the PROTO opcode; nil for protocol 0 and 1, which have none.
  public var protocolVersion: Int?
  /// `module.name` of each GLOBAL, INST and STACK_GLOBAL, first appearance first.
  public var imports: [String]
  /// False when the bytes end before STOP or hold an unknown opcode.
  public var isComplete: Bool
}

public enum PickleInspector {
  /// True when the bytes start as a pickle of protocol 2 or later (`\x80` and a version).
  public static func looksLikePickle(_ bytes: some Collection<UInt8>) -> Bool {
    var iterator = bytes.makeIterator()
    guard iterator.next() == 0x80, let version = iterator.next() else { return false }
    return (2...5).contains(version)
  }

  public static func inspect(_ bytes: [UInt8]) -> PickleSummary {
    var reader = OpcodeReader(bytes: bytes)
    var summary = PickleSummary(protocolVersion: nil, imports: [], isComplete: false)
    // The strings STACK_GLOBAL takes off the stack: the last two strings pushed, directly or
    // fetched from the memo.
    var recentStrings: [String?] = []
    var memo: [Int: String?] = [:]
    var lastPushed: String?? = .none
    func note(_ name: String) {
      if !summary.imports.contains(name) { summary.imports.append(name) }
    }
    func pushString(_ text: String?) {
      recentStrings.append(text)
      if recentStrings.count > 2 { recentStrings.removeFirst() }
      lastPushed = .some(text)
    }
    while let opcode = reader.byte() {
      switch opcode {
      case 0x2E:  // STOP
        summary.isComplete = true
        return summary
      case 0x80:  // PROTO
        guard let version = reader.byte() else { return summary }
        summary.protocolVersion = Int(version)
      case 0x95:  // FRAME: the length of what follows, which is read as it comes
        guard reader.skip(8) else { return summary }
      case 0x63, 0x69:  // GLOBAL, INST: "module\nname\n"
        guard let module = reader.line(), let name = reader.line() else { return summary }
        note(module + "." + name)
        lastPushed = .some(nil)
      case 0x93:  // STACK_GLOBAL
        if recentStrings.count == 2, let module = recentStrings[0], let name = recentStrings[1] {
          note(module + "." + name)
        } else {
          note("?")
        }
        recentStrings = []
        lastPushed = .some(nil)
      case 0x8C, 0x58, 0x8D:  // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
        let width = opcode == 0x8C ? 1 : opcode == 0x58 ? 4 : 8
        guard let length = reader.unsigned(width), let text = reader.take(length) else {
          return summary
        }
        pushString(String(decoding: text, as: UTF8.self))
      case 0x56:  // UNICODE (protocol 0): raw-unicode-escape text to the newline
        guard let text = reader.line() else { return summary }
        pushString(text)
      case 0x94:  // MEMOIZE: the top of the stack into the next memo slot
        if case .some(let value) = lastPushed { memo[memo.count] = value }
      case 0x71, 0x72:  // BINPUT, LONG_BINPUT
        guard let index = reader.unsigned(opcode == 0x71 ? 1 : 4) else { return summary }
        if case .some(let value) = lastPushed { memo[index] = value }
      case 0x70:  // PUT
        guard let index = reader.line().flatMap({ Int($0) }) else { return summary }
        if case .some(let value) = lastPushed { memo[index] = value }
      case 0x68, 0x6A:  // BINGET, LONG_BINGET
        guard let index = reader.unsigned(opcode == 0x68 ? 1 : 4) else { return summary }
        pushString(memo[index] ?? nil)
      case 0x67:  // GET
        guard let index = reader.line().flatMap({ Int($0) }) else { return summary }
        pushString(memo[index] ?? nil)
      default:
        guard let argument = Self.arguments[opcode] else { return summary }
        guard reader.skip(argument) else { return summary }
        lastPushed = .some(nil)
      }
    }
    return summary
  }

  /// How each remaining opcode's argument is laid out.
  enum Argument {
    case none
    case fixed(Int)
    case line
    /// A length of this many bytes (little-endian), then that many bytes.
    case counted(Int)
  }

  static let arguments: [UInt8: Argument] = {
    var table: [UInt8: Argument] = [:]
    // MARK POP POP_MARK DUP NONE REDUCE BUILD APPEND APPENDS LIST EMPTY_LIST DICT EMPTY_DICT
    // SETITEM SETITEMS TUPLE EMPTY_TUPLE TUPLE1-3 NEWTRUE NEWFALSE OBJ NEWOBJ NEWOBJ_EX
    // EMPTY_SET ADDITEMS FROZENSET NEXT_BUFFER READONLY_BUFFER BINPERSID
    for opcode in Array("(012NRbaeld]}sut)o".utf8) + [
      0x85, 0x86, 0x87, 0x88, 0x89, 0x81, 0x92, 0x8F, 0x90, 0x91, 0x97, 0x98, UInt8(ascii: "Q"),
    ] {
      table[opcode] = Argument.none
    }
    for opcode in Array("K".utf8) + [0x82] { table[opcode] = .fixed(1) }  // BININT1 EXT1
    for opcode in Array("M".utf8) + [0x83] { table[opcode] = .fixed(2) }  // BININT2 EXT2
    for opcode in Array("J".utf8) + [0x84] { table[opcode] = .fixed(4) }  // BININT EXT4
    table[UInt8(ascii: "G")] = .fixed(8)  // BINFLOAT
    for opcode in Array("ILFSP".utf8) { table[opcode] = .line }  // INT LONG FLOAT STRING PERSID
    table[UInt8(ascii: "T")] = .counted(4)  // BINSTRING
    table[UInt8(ascii: "U")] = .counted(1)  // SHORT_BINSTRING
    table[UInt8(ascii: "B")] = .counted(4)  // BINBYTES
    table[UInt8(ascii: "C")] = .counted(1)  // SHORT_BINBYTES
    table[0x8E] = .counted(8)  // BINBYTES8
    table[0x96] = .counted(8)  // BYTEARRAY8
    table[0x8A] = .counted(1)  // LONG1
    table[0x8B] = .counted(4)  // LONG4
    return table
  }()
}

/// Reads a pickle's bytes front to back; every read fails (nil or false) past the end.
private struct OpcodeReader {
  let bytes: [UInt8]
  var offset = 0

  mutating func byte() -> UInt8? {
    guard offset < bytes.count else { return nil }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
    guard count >= 0, count <= bytes.count - offset else { return nil }
    defer { offset += count }
    return bytes[offset..<offset + count]
  }

  mutating func skip(_ count: Int) -> Bool { take(count) != nil }

  /// A little-endian unsigned number of `width` bytes.
  mutating func unsigned(_ width: Int) -> Int? {
    guard let raw = take(width) else { return nil }
    var value: UInt64 = 0
    for (shift, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
    return value > UInt64(Int.max) ? nil : Int(value)
  }

  mutating func line() -> String? {
    guard let end = bytes[offset...].firstIndex(of: 0x0A) else { return nil }
    defer { offset = end + 1 }
    return String(decoding: bytes[offset..<end], as: UTF8.self)
  }

  mutating func skip(_ argument: PickleInspector.Argument) -> Bool {
    switch argument {
    case .none: return true
    case .fixed(let count): return skip(count)
    case .line: return line() != nil
    case .counted(let width):
      guard let length = unsigned(width) else { return false }
      return skip(length)
    }
  }
}
