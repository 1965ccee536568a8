/// How `:peek` shows a value: decoded where decoding is safe (JSON pretty-printed, msgpack,
/// zlib and gzip inflated, base64 members of JSON envelopes, Django signed payloads), and
/// described where it is not: pickle, Ruby Marshal and Java serialization are never loaded,
/// only read for their format, protocol and class names.
public enum ValueView {
  /// Nested encodings followed at most this deep (zlib of base64 of zlib …).
  static let maxDepth = 4

  /// The lines that show `bytes`; `codec` overrides what the first bytes suggest.
  public static func lines(_ bytes: [UInt8], codec: ValueCodec? = nil) -> [String] {
    describe(bytes, codec: codec, depth: 0)
  }

  /// One line, for hash fields and list elements: the decoded value compacted, or the format.
  public static func summary(_ bytes: [UInt8], codec: ValueCodec? = nil, width: Int = 100) -> String
  {
    let shown = describe(bytes, codec: codec, depth: 0, compact: true).joined(separator: " ")
      .replacing("\n", with: "\\n")
    return shown.count > width ? String(shown.prefix(width - 1)) + "…" : shown
  }

  static func describe(_ bytes: [UInt8], codec: ValueCodec?, depth: Int, compact: Bool = false)
    -> [String]
  {
    let encoding: ValueEncoding
    switch codec {
    case .json?: encoding = .json
    case .msgpack?: encoding = .messagePack
    case .pickle?: encoding = .pickle(protocol: bytes.count > 1 ? Int(bytes[1]) : 0)
    case .zlib?: encoding = .zlib
    case .text?, .raw?: return [quotedIfNeeded(bytes)]
    case nil: encoding = ValueEncoding.sniff(bytes)
    }
    let size = counted(bytes.count, "byte")
    switch encoding {
    case .json:
      guard let parsed = try? JSONReader.parse(bytes) else { return [quotedIfNeeded(bytes)] }
      let value = JSONValue(parsed)
      var lines =
        compact
        ? [value.serialized()] : value.prettyPrinted().split(separator: "\n").map(String.init)
      if depth < maxDepth { lines += base64Members(of: parsed, depth: depth, compact: compact) }
      return lines
    case .messagePack:
      guard let value = try? MessagePack.decode(bytes) else {
        return ["msgpack (undecodable), \(size)"]
      }
      let text = compact ? value.serialized() : value.prettyPrinted()
      return ["msgpack, \(size):"] + text.split(separator: "\n").map(String.init)
    case .zlib, .gzip:
      let name = encoding == .zlib ? "zlib" : "gzip"
      do throws(Inflate.Failure) {
        let inflated = try Inflate.decompress(bytes, gzip: encoding == .gzip)
        let inner =
          depth < maxDepth
          ? describe(inflated, codec: nil, depth: depth + 1, compact: compact)
          : [quotedIfNeeded(inflated)]
        return ["\(name), \(size) inflated to \(inflated.count):"] + inner
      } catch {
        switch error {
        case .tooLarge(let limit):
          return ["\(name), \(size); inflates to more than \(humanBytes(Int64(limit))), not shown"]
        case .corrupt(let reason):
          return ["\(name), \(size), corrupt: \(reason)"]
        }
      }
    case .pickle:
      return [pickleLine(bytes)]
    case .base64Pickle:
      guard let decoded = Base64.decode(String(decoding: bytes, as: UTF8.self)) else {
        return [quotedIfNeeded(bytes)]
      }
      return ["base64 of " + pickleLine(decoded)]
    case .cashewsSigned:
      guard let underscore = bytes.firstIndex(of: UInt8(ascii: "_")) else {
        return [quotedIfNeeded(bytes)]
      }
      let signature = String(decoding: bytes[..<underscore], as: UTF8.self)
      return ["cashews value signed \(signature), " + pickleLine(Array(bytes[(underscore + 1)...]))]
    case .rubyMarshal:
      return ["Ruby Marshal 4.8, \(size), not loaded; " + classes(RubyMarshal.classNames(bytes))]
    case .railsCache:
      return ["Rails cache entry, \(size), not loaded; " + classes(RubyMarshal.classNames(bytes))]
    case .javaSerialization:
      return [
        "Java serialization, \(size), not deserialized; "
          + classes(JavaSerialization.classNames(bytes))
      ]
    case .djangoSigned:
      return djangoSigned(bytes, depth: depth, compact: compact)
    case .zstd, .lz4:
      return [
        "\(encoding.ruleName) frame, \(size) (compressed; rstate has no \(encoding.ruleName) decoder)"
      ]
    case .text:
      // RQ's `exc_string` and the like: base64 of zlib, pickle or JSON.
      if depth < maxDepth, let decoded = base64Payload(bytes) {
        return [
          "base64 of "
            + describe(decoded, codec: nil, depth: depth + 1, compact: compact)
            .joined(separator: compact ? " " : "\n")
        ]
      }
      return [quotedIfNeeded(bytes)]
    case .phpSerialized, .integer, .binary:
      return [quotedIfNeeded(bytes)]
    }
  }

  /// The bytes a base64 text stands for, when they are zlib, gzip, pickle or JSON; nil for
  /// ordinary text that merely uses base64's letters.
  private static func base64Payload(_ bytes: [UInt8]) -> [UInt8]? {
    guard bytes.count >= 16, bytes.count % 4 == 0,
      let decoded = Base64.decode(String(decoding: bytes, as: UTF8.self))
    else { return nil }
    switch ValueEncoding.sniff(decoded) {
    case .zlib, .gzip, .pickle: return decoded
    case .json where decoded.first == UInt8(ascii: "{") || decoded.first == UInt8(ascii: "["):
      return decoded
    default: return nil
    }
  }

  private static func pickleLine(_ bytes: [UInt8]) -> String {
    let summary = PickleInspector.inspect(bytes)
    let version = summary.protocolVersion.map { "protocol \($0)" } ?? "protocol 0/1"
    let imports =
      summary.imports.isEmpty
      ? "imports nothing" : "would import " + summary.imports.joined(separator: ", ")
    let ending = summary.isComplete ? "" : " (ends early or holds an unknown opcode)"
    return
      "Python pickle \(version), \(counted(bytes.count, "byte")), not unpickled; \(imports)\(ending)"
  }

  private static func classes(_ names: [String]) -> String {
    names.isEmpty ? "no class names found" : "classes: " + names.joined(separator: ", ")
  }

  /// Celery's message `body` and other base64 members of a JSON object, decoded one level.
  private static func base64Members(of parsed: ParsedJSON, depth: Int, compact: Bool) -> [String] {
    guard case .object(let members) = parsed else { return [] }
    var lines: [String] = []
    for member in members {
      guard case .string(let text) = member.value, text.count >= 8,
        let decoded = Base64.decode(String(decoding: text, as: UTF8.self)), !decoded.isEmpty
      else { continue }
      let inner = ValueEncoding.sniff(decoded)
      guard [.json, .zlib, .messagePack, .javaSerialization].contains(inner) || isPickle(inner)
      else { continue }
      let name = String(decoding: member.key, as: UTF8.self)
      let shown = describe(decoded, codec: nil, depth: depth + 1, compact: true)
      lines.append("\(name) (base64-decoded): " + shown.joined(separator: " "))
    }
    return lines
  }

  private static func isPickle(_ encoding: ValueEncoding) -> Bool {
    if case .pickle = encoding { return true }
    return false
  }

  /// `payload:timestamp:signature`: the payload is base64url JSON, zlib-compressed when it
  /// starts with `.`.
  private static func djangoSigned(_ bytes: [UInt8], depth: Int, compact: Bool) -> [String] {
    let text = String(decoding: bytes, as: UTF8.self)
    var payload = Substring(text.split(separator: ":", maxSplits: 1).first ?? "")
    let compressed = payload.hasPrefix(".")
    if compressed { payload = payload.dropFirst() }
    var standard = payload.replacing("-", with: "+").replacing("_", with: "/")
    standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
    guard var decoded = Base64.decode(String(standard)) else { return [quotedIfNeeded(bytes)] }
    if compressed {
      guard let inflated = try? Inflate.decompress(decoded) else { return [quotedIfNeeded(bytes)] }
      decoded = inflated
    }
    return ["Django signed value (signature not checked), payload:"]
      + describe(decoded, codec: nil, depth: depth + 1, compact: compact)
  }

  /// Text as it is when printable, otherwise escaped as redis-cli quotes it.
  static func quotedIfNeeded(_ bytes: [UInt8]) -> String {
    let printable = bytes.allSatisfy {
      (0x20...0x7E).contains($0) || $0 >= 0x80 || $0 == 0x0A || $0 == 0x09
    }
    if printable, let text = String(validating: bytes, as: UTF8.self) { return text }
    return ReplyFormat.quoted(bytes)
  }
}
