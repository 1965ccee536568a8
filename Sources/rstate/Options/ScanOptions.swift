import ArgumentParser
import RStateCore

/// Which keys a keyspace command walks: a glob, a type, the SCAN batch hint.
struct ScanOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp("Redis glob of the keys to match (default *).", valueName: "glob"))
  var pattern: String?

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
  }

  var filter: ScanFilter {
    ScanFilter(
      pattern: pattern.map { Array($0.utf8) }, type: type?.lowercased(), count: scanCount)
  }
}
