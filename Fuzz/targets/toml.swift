@testable import RStateCore

/// The TOML reader, and what rstate builds from a document it accepts: an `rstate.toml`
/// project (connections, prefixes, namespaces) and the namespace catalog it yields.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  do {
    _ = try TOML.parse(text)
  } catch {
    return 0
  }
  do {
    let project = try ProjectConfig(text: text, path: "rstate.toml")
    _ = try NamespaceCatalog(project: project)
  } catch {
    _ = error.description
  }
  return 0
}
