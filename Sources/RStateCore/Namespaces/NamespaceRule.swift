/// One way an app names its keys: which keys (template and types), what their values look
/// like, whether such a key betrays the app on its own, and what expiry they should have.
public struct NamespaceRule: Sendable, Equatable {
  public var name: String
  public var app: String
  public var template: NamespaceTemplate
  /// Redis TYPE names; empty for any type.
  public var types: Set<String>
  /// Encodings the value may have (`ValueEncoding.ruleName`); empty for any.
  public var values: Set<String>
  /// Hash or stream fields, or JSON members, that a value must show.
  public var fields: [String]
  public var anchor: Bool
  public var expiry: ExpectedExpiry
  /// How `:peek` decodes values; nil to sniff.
  public var codec: ValueCodec?
  /// Where the rule was written: "built-in" or a project file's path.
  public var origin: String

  /// The expiry in seconds that the framework sets by default (`ttl = "24h"` or
  /// `"500s or none"`); nil where it has none or the rule does not say.
  public var expectedTTLSeconds: Int64? { expiry.seconds }

  /// True when a value check has to be made before the rule may claim a key.
  public var checksValues: Bool { !values.isEmpty || !fields.isEmpty }

  public func accepts(key: [UInt8], type: String) -> Bool {
    (types.isEmpty || types.contains(type)) && template.matches(key)
  }

  /// True when the rule takes this key: template and type, and the value sample where the
  /// rule checks values.
  public func claims(key: [UInt8], type: String, sample: ValueSample?) -> Bool {
    accepts(key: key, type: type) && (!checksValues || sample?.fits(self) == true)
  }
}

/// The expiry a namespace's keys are expected to carry.
public enum ExpectedExpiry: Sendable, Equatable {
  /// Nothing expected either way.
  case unspecified
  case none
  /// The framework always sets one.
  case always
  /// The framework sets this one by default.
  case seconds(Int64)
  /// The framework sets this one where it sets one, and leaves some keys without on purpose
  /// (RQ's queued jobs, Django's `timeout=None`): a key without one is no cause for warning.
  case secondsOrNone(Int64)

  public var expectsExpiry: Bool {
    switch self {
    case .always, .seconds: true
    case .none, .unspecified, .secondsOrNone: false
    }
  }

  /// The default expiry in seconds, where there is one.
  public var seconds: Int64? {
    switch self {
    case .seconds(let seconds), .secondsOrNone(let seconds): seconds
    case .none, .unspecified, .always: nil
    }
  }

  /// `300s`, `5m`, `24h`, `31d`, `expires`, `none`, plain seconds, or a duration followed by
  /// ` or none` (`500s or none`).
  public init?(_ text: String) {
    let optional = " or none"
    if text.hasSuffix(optional) {
      guard case .seconds(let seconds)? = ExpectedExpiry(String(text.dropLast(optional.count)))
      else { return nil }
      self = .secondsOrNone(seconds)
      return
    }
    switch text {
    case "none": self = .none
    case "expires": self = .always
    default:
      let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
      var digits = Substring(text)
      var scale: Int64 = 1
      if let last = text.last, let unit = units[last] {
        digits = digits.dropLast()
        scale = unit
      }
      guard let count = Int64(digits), count > 0 else { return nil }
      self = .seconds(count * scale)
    }
  }
}

/// How a namespace's values are decoded for display.
public enum ValueCodec: String, Sendable, CaseIterable {
  case json, text, msgpack, pickle, zlib, raw
}

extension ValueEncoding {
  /// The name rules use for this encoding.
  public var ruleName: String {
    switch self {
    case .pickle: "pickle"
    case .zlib: "zlib"
    case .rubyMarshal: "marshal"
    case .railsCache: "rails-cache"
    case .javaSerialization: "java"
    case .messagePack: "msgpack"
    case .json: "json"
    case .djangoSigned: "django-signed"
    case .phpSerialized: "php"
    case .cashewsSigned: "cashews-signed"
    case .gzip: "gzip"
    case .zstd: "zstd"
    case .lz4: "lz4"
    case .base64Pickle: "base64-pickle"
    case .integer: "integer"
    case .text: "text"
    case .binary: "binary"
    }
  }

  static let ruleNames: Set<String> = [
    "pickle", "zlib", "marshal", "rails-cache", "java", "msgpack", "json", "django-signed", "php",
    "cashews-signed", "gzip", "zstd", "lz4", "base64-pickle", "integer", "text", "binary",
  ]
}
