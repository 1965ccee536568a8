/// A command as bytes on the wire, with what routing and redaction need to know about it.
public struct Command: Sendable, Equatable {
  public var arguments: [[UInt8]]
  /// Indices into `arguments` that are keys; used to route the command in a cluster.
  public var keyIndices: [Int]
  /// True when an argument is a secret (AUTH, HELLO … AUTH, CONFIG SET requirepass …).
  public var isSensitive: Bool

  public init(_ arguments: [[UInt8]], keyIndices: [Int] = [], isSensitive: Bool = false) {
    self.arguments = arguments
    self.keyIndices = keyIndices
    self.isSensitive = isSensitive
  }

  public init(_ words: String..., keyIndices: [Int] = [], isSensitive: Bool = false) {
    self.init(words.map { Array($0.utf8) }, keyIndices: keyIndices, isSensitive: isSensitive)
  }

  public var name: String {
    arguments.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
  }

  /// True when argument `index` is `word`, ignoring ASCII case, without building Strings
  /// (this runs for every command the REPL sends).
  public func argument(_ index: Int, is word: StaticString) -> Bool {
    guard index < arguments.count, arguments[index].count == word.utf8CodeUnitCount else {
      return false
    }
    return word.withUTF8Buffer { expected in
      zip(arguments[index], expected).allSatisfy { $0 | 0x20 == $1 | 0x20 }
    }
  }

  public var keys: [[UInt8]] {
    keyIndices.compactMap { $0 < arguments.count ? arguments[$0] : nil }
  }
}
