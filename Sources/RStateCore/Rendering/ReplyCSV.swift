/// redis-cli's `--csv` (`cliFormatReplyCSV`): one line per reply, strings quoted as on a
/// terminal, every aggregate (maps too) flattened into one comma-separated row.
extension ReplyFormat {
  static func appendCSV(_ reply: RESPValue, to out: inout [UInt8]) {
    switch reply {
    case .error(let message):
      // redis-cli reads error text up to a NUL, as a C string.
      out += Array("ERROR,".utf8)
      appendQuoted(Array(cString(message)), to: &out)
    case .status(let bytes), .bulk(let bytes), .verbatim(_, let bytes):
      appendQuoted(bytes, to: &out)
    case .integer(let value):
      out += Array(String(value).utf8)
    case .double(let text), .bigNumber(let text):
      // Big numbers end redis-cli 7 ("Unknown reply type: 13"); their digits are a CSV number.
      out += text
    case .null:
      out += Array("NULL".utf8)
    case .boolean(let value):
      out += Array((value ? "true" : "false").utf8)
    case .array(let elements), .set(let elements), .push(let elements):
      appendCSV(elements, to: &out)
    case .map(let pairs):
      appendCSV(pairs.flatMap { [$0.key, $0.value] }, to: &out)
    }
  }

  private static func appendCSV(_ elements: [RESPValue], to out: inout [UInt8]) {
    for (offset, element) in elements.enumerated() {
      if offset > 0 { out.append(UInt8(ascii: ",")) }
      appendCSV(element, to: &out)
    }
  }
}
