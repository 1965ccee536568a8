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
    name: .customLong("count"),
    help: ArgumentHelp("SCAN batch hint: keys the server looks at per call.", valueName: "n"))
  var scanCount: Int = 1000

  func validate() throws {
    if scanCount < 1 { throw ValidationError("--count must be 1 or more") }
    if pattern != nil && namespace != nil {
      throw ValidationError("give --pattern or --namespace, not both")
    }
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
