@testable import RStateCore

/// The record-file reader over a file holding the input, and each line on its own through
/// the record decoder; a record it accepts must come back the same from its own JSON line.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
    guard let record = decode(line) else { continue }
    let written = Array(record.json.serialized().utf8)
    require(decode(written[...]) == record, "a record reads back differently from its JSON line")
  }
  withScratchFile(data, size) { path in
    _ = try? RecordFileReader.trailerKeyCount(path: path)
    do throws(RStateError) {
      let reader = try RecordFileReader(path: path)
      try reader.validateToEnd()
    } catch {
      _ = error.description
    }
  }
  return 0
}

private func decode(_ line: ArraySlice<UInt8>) -> KeyRecord? {
  switch try? KeyRecord.decode(line: line) {
  case .record(let record)?: return record
  case .object(let object)?: return try? KeyRecord(parsed: object)
  default: return nil
  }
}
