@testable import RStateCore

/// The JSON reader: a JSON snapshot (`migrate --from state.json`) stored both ways, and a
/// checkpoint file; a document it accepts must read back the same after `serialized()`.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let document = try? JSONReader.parse(bytes) {
    let written = document.serialized()
    require(
      (try? JSONReader.parse(written)) == document,
      "a document reads back differently: \(String(decoding: written, as: UTF8.self))")
    _ = JSONValue(document).prettyPrinted()
  }
  withScratchFile(data, size) { path in
    for storage in SnapshotSource.Storage.allCases {
      do throws(RStateError) {
        let source = try SnapshotSource(
          path: path, idField: "id",
          template: { () throws(RStateError) in try KeyTemplate("state:{id}") }, storage: storage,
          db: 0)
        try source.run(from: nil) { _ in true }
      } catch {
        _ = error.description
      }
    }
    _ = try? Checkpoint.load(from: path)
  }
  return 0
}
