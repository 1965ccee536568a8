extension TTLSummary {
  /// One row per prefix, most keys first, bucket counts in columns; prefixes whose keys
  /// never expire are flagged.
  public func table(style: TextStyle) -> String {
    let rows = sortedRows
    guard !rows.isEmpty else { return "no keys match\n" }
    let names = rows.map { $0.prefix.isEmpty ? "(no prefix)" : ReplyFormat.quoted($0.prefix) }
    let width = max(6, names.map(\.count).max() ?? 0)
    var text = pad("prefix", width) + pad("keys", 9, right: true)
    for bucket in Bucket.allCases { text += pad(bucket.label, 11, right: true) }
    text += "\n"
    for (row, name) in zip(rows, names) {
      var line = pad(name, width) + pad(String(row.total), 9, right: true)
      for bucket in Bucket.allCases {
        line += pad(String(row.counts[bucket.rawValue]), 11, right: true)
      }
      if row.neverExpires { line += "  " + style.yellow("never expires") }
      text += line + "\n"
    }
    return text
  }

  public var json: JSONValue {
    .array(
      sortedRows.map { row in
        .object(
          [("prefix", .bytes(row.prefix)), ("keys", .integer(Int64(row.total)))]
            + Bucket.allCases.map { ($0.jsonName, .integer(Int64(row.counts[$0.rawValue]))) }
            + [("never_expires", .bool(row.neverExpires))])
      })
  }
}
