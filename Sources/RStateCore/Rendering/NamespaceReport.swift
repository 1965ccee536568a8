extension NamespaceSurvey {
  /// The `rstate ns` table: one row per namespace, apps first, then the `:`-groups no rule
  /// claims; estimates marked `~`; expiry warnings after the table.
  public func table(style: TextStyle) -> String {
    var text =
      isExact
      ? "db \(db): all \(counted(totalKeys, "key")) scanned\n"
      : "db \(db): sampled \(sampledKeys) of \(totalKeys) keys; counts marked ~ are estimates\n"
    guard !namespaces.isEmpty else { return text + "no keys\n" }
    let header = ["app", "namespace", "keys", "memory", "expiry (sampled keys)", "template"]
    var rows: [[String]] = []
    for summary in namespaces {
      let keys = (isExact ? "" : "~") + String(summary.estimatedKeys)
      let memory = summary.estimatedMemory.map { (isExact ? "" : "~") + humanBytes($0) } ?? "-"
      rows.append([
        summary.app ?? "-", summary.name, keys, memory, summary.expiryText,
        summary.templates.joined(separator: " | "),
      ])
    }
    let widths = header.indices.map { column in
      ([header[column]] + rows.map { $0[column] }).map(\.count).max()!
    }
    func line(_ cells: [String]) -> String {
      var out = ""
      for (column, cell) in cells.enumerated() {
        let right = column == 2 || column == 3
        out += column == cells.count - 1 ? cell : pad(cell, widths[column], right: right) + "  "
      }
      return out + "\n"
    }
    text += style.bold(String(line(header).dropLast())) + "\n"
    for row in rows { text += line(row) }
    for summary in namespaces {
      if let warning = summary.expiryWarning {
        text += style.yellow("warning: \(summary.name): \(warning)") + "\n"
      }
    }
    return text
  }

  public var json: JSONValue {
    .object([
      ("db", .integer(Int64(db))), ("total_keys", .integer(Int64(totalKeys))),
      ("sampled_keys", .integer(Int64(sampledKeys))), ("exact", .bool(isExact)),
      ("namespaces", .array(namespaces.map { $0.json(exact: isExact) })),
    ])
  }
}

extension NamespaceSummary {
  /// `no expiry 3, < 1 day 1201`: the sampled keys per TTL bucket.
  var expiryText: String {
    let parts = TTLSummary.Bucket.allCases.compactMap { bucket -> String? in
      let count = ttlBuckets[bucket.rawValue]
      return count == 0 ? nil : "\(bucket.label) \(count)"
    }
    return parts.isEmpty ? "-" : parts.joined(separator: ", ")
  }

  func json(exact: Bool) -> JSONValue {
    func counts(_ table: [String: Int]) -> JSONValue {
      .object(table.sorted { $0.key < $1.key }.map { ($0.key, .integer(Int64($0.value))) })
    }
    var expectedSeconds = JSONValue.null
    if let seconds = expectedExpiry.seconds { expectedSeconds = .integer(seconds) }
    return .object([
      ("name", .string(name)), ("app", app.map { .string($0) } ?? .null),
      ("templates", .array(templates.map { .string($0) })),
      ("keys", .integer(Int64(estimatedKeys))), ("keys_estimated", .bool(!exact)),
      ("sampled_keys", .integer(Int64(sampledKeys))),
      ("memory_bytes", estimatedMemory.map { .integer($0) } ?? .null),
      ("types", counts(types)), ("encodings", counts(encodings)),
      (
        "ttl",
        .object(
          TTLSummary.Bucket.allCases.map { ($0.jsonName, .integer(Int64(ttlBuckets[$0.rawValue]))) }
        )
      ),
      ("expects_expiry", .bool(expectedExpiry.expectsExpiry)),
      ("expected_ttl_seconds", expectedSeconds),
      ("missing_expiry", .integer(Int64(missingExpiry))),
      ("warning", expiryWarning.map { .string($0) } ?? .null),
    ])
  }
}
