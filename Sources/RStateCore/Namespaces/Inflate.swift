internal import CRStateZlib

/// zlib and gzip streams inflated through zlib itself, with a cap on the output so that a
/// small compressed value cannot expand into gigabytes on an operator's terminal.
public enum Inflate {
  public enum Failure: Error, Equatable {
    case corrupt(String)
    case tooLarge(limit: Int)
  }

  /// Inflates a zlib stream (`x\x9c…`), or a gzip one when `gzip` is set.
  public static func decompress(_ input: [UInt8], gzip: Bool = false, limit: Int = 16 << 20)
    throws(Failure) -> [UInt8]
  {
    var stream = z_stream()
    // 15 window bits for zlib; +16 for a gzip header.
    guard rstate_inflate_init(&stream, gzip ? 31 : 15) == Z_OK else {
      throw .corrupt("zlib could not start")
    }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    var source = input
    let result: Result<Void, Failure> = source.withUnsafeMutableBufferPointer { inputBuffer in
      stream.next_in = inputBuffer.baseAddress
      stream.avail_in = UInt32(inputBuffer.count)
      while true {
        let status = chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Int32 in
          stream.next_out = chunkBuffer.baseAddress
          stream.avail_out = UInt32(chunkBuffer.count)
          return inflate(&stream, Z_NO_FLUSH)
        }
        let produced = chunk.count - Int(stream.avail_out)
        output += chunk[..<produced]
        if output.count > limit { return .failure(.tooLarge(limit: limit)) }
        switch status {
        case Z_STREAM_END: return .success(())
        case Z_OK: continue
        case Z_BUF_ERROR where stream.avail_in == 0:
          return .failure(.corrupt("the stream is cut short"))
        default:
          let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
          return .failure(.corrupt(message))
        }
      }
    }
    try result.get()
    return output
  }
}
