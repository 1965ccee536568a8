import ArgumentParser
import RStateCore

/// Which keys a keyspace command walks: a glob, a type, the SCAN batch hint.
struct ScanOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp("Redis glob of the keys to match (default *).", valueName: "glob"))
  var pattern: String?

  @Option(
    help: ArgumentHelp(
      "The keys of a namespace as `rstate ns` names it, instead of --pattern (migrate: also "
        + "how keys from files are named; NAME:{id} for a name rstate does not know).",
      valueName: "name"))
  var namespace: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only keys of this type (string, list, set, zset, hash, stream), filtered by the server.",
      valueName: "type"))
  var type: String?

  @Option(
    name: .customLong("count"), parsing: .unconditional,
    help: ArgumentHelp("SCAN batch hint: keys the server looks at per call.", valueName: "n"),
    transform: WholeNumber.parser(1...1_000_000))
  var scanCount: Int = 1000

  func validate() throws {
    if pattern != nil && namespace != nil {
      throw ValidationError("give --pattern or --namespace, not both")
    }
    if let type { try Self.checkType(type) }
  }

  static let coreTypes = ["string", "list", "set", "zset", "hash", "stream"]

  /// A type SCAN can filter by: a core type, or a module's, whose names are 9 characters of
  /// letters, digits, '-' and '_' (ReJSON-RL, MBbloom--). Anything else would match nothing
  /// and look like an empty keyspace.
  static func checkType(_ type: String) throws {
    let lower = type.lowercased()
    if coreTypes.contains(lower) { return }
    let moduleName =
      type.utf8.count == 9
      && type.utf8.allSatisfy {
        $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
          || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
          || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20)
      }
    if moduleName { return }
    let guess = coreTypes.first { editDistance($0, lower) <= 2 }
    throw ValidationError(
      "--type \(type) is not a Redis type\(guess.map { " (did you mean \($0)?)" } ?? ""): "
        + "give one of \(coreTypes.joined(separator: ", ")), or a module's 9-character type "
        + "name as TYPE shows it")
  }

  /// Levenshtein distance, for "did you mean".
  private static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8)
    let b = Array(b.utf8)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var row = [i + 1]
      for (j, y) in b.enumerated() {
        row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)))
      }
      previous = row
    }
    return previous[b.count]
  }

  /// True when --pattern or --namespace names the keys.
  var selectsKeys: Bool { pattern != nil || namespace != nil }

  /// The keys to walk; a namespace is looked up in the built-in rules and rstate.toml.
  func scope(_ connection: ConnectionOptions) throws(RStateError) -> KeyScope {
    guard let namespace else { return KeyScope(filter: filter) }
    let catalog = try NamespaceCatalog(project: try connection.project())
    let selection = try NamespaceSelection(catalog: catalog, name: namespace)
    var filter = selection.scanFilter(count: scanCount)
    filter.type = type?.lowercased()
    return KeyScope(filter: filter, selection: selection)
  }

  var filter: ScanFilter {
    ScanFilter(
      pattern: pattern.map { Array($0.utf8) }, type: type?.lowercased(), count: scanCount)
  }
}
