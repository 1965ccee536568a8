/// ANSI styling that collapses to plain text when colour is off (pipes, NO_COLOR, TERM=dumb).
public struct TextStyle: Sendable {
  public var color: Bool

  public init(color: Bool) { self.color = color }

  public func bold(_ text: String) -> String { wrap(text, "1") }
  public func dim(_ text: String) -> String { wrap(text, "2") }
  public func red(_ text: String) -> String { wrap(text, "31") }
  public func yellow(_ text: String) -> String { wrap(text, "33") }
  public func green(_ text: String) -> String { wrap(text, "32") }

  private func wrap(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

/// `3d 4h 12m`, `23h 59m 12s`, `5m 3s`, `42s`: durations as people read them.
public func humanDuration(seconds: Int64) -> String {
  if seconds < 60 { return "\(seconds)s" }
  let days = seconds / 86_400
  let hours = seconds % 86_400 / 3_600
  let minutes = seconds % 3_600 / 60
  if days > 0 { return "\(days)d \(hours)h \(minutes)m" }
  if hours > 0 { return "\(hours)h \(minutes)m \(seconds % 60)s" }
  return "\(minutes)m \(seconds % 60)s"
}

/// `1.50M`, `512B`, `3.20G`: sizes in the units Redis's own `*_human` fields use.
public func humanBytes(_ bytes: Int64) -> String {
  let units = ["B", "K", "M", "G", "T", "P"]
  var value = Double(bytes)
  var unit = 0
  while value >= 1024, unit < units.count - 1 {
    value /= 1024
    unit += 1
  }
  return unit == 0 ? "\(bytes)B" : fixed(value, places: 2) + units[unit]
}

/// A number with exactly `places` decimals, in the C locale.
public func fixed(_ value: Double, places: Int) -> String {
  var scale = 1.0
  for _ in 0..<places { scale *= 10 }
  // Beyond Int64 (a server's absurd figure) the plain form, instead of a trap.
  guard value.isFinite, abs(value) * scale < 9e18 else { return String(value) }
  let scaled = (abs(value) * scale).rounded()
  let whole = Int64(scaled / scale)
  var fraction = String(Int64(scaled) - whole * Int64(scale))
  fraction = String(repeating: "0", count: max(0, places - fraction.count)) + fraction
  let sign = value < 0 && scaled != 0 ? "-" : ""
  return places == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
}

/// `1 key`, `2 keys`.
public func counted(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
  "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
}
