/// Writes commands in RESP (`*N`, then `$len` and the bytes of each argument). Used for
/// pipelines: hiredis's own formatter (sds printf per argument) cost about 2,000 instructions
/// per argument, which made it the bottleneck of `flush --pattern`.
enum RESPEncoder {
  static func append(_ arguments: [[UInt8]], to out: inout [UInt8]) {
    appendLine(UInt8(ascii: "*"), arguments.count, to: &out)
    for argument in arguments { appendBulk(argument, to: &out) }
  }

  /// `*N`: the start of a command of N arguments, for writing one argument at a time.
  static func appendHeader(_ count: Int, to out: inout [UInt8]) {
    appendLine(UInt8(ascii: "*"), count, to: &out)
  }

  static func appendBulk(_ argument: [UInt8], to out: inout [UInt8]) {
    appendLine(UInt8(ascii: "$"), argument.count, to: &out)
    out += argument
    out += crlf
  }

  /// A non-negative number as a bulk argument, without building a String.
  static func appendBulk(number: Int64, to out: inout [UInt8]) {
    var digits = 1
    var rest = number / 10
    while rest > 0 {
      digits += 1
      rest /= 10
    }
    appendLine(UInt8(ascii: "$"), digits, to: &out)
    appendLine(nil, Int(number), to: &out)
  }

  private static let crlf: [UInt8] = [0x0D, 0x0A]

  /// `prefix`, the number in ASCII and CRLF, built on the stack and appended in one copy:
  /// appending byte by byte showed in bulk-load profiles.
  private static func appendLine(_ prefix: UInt8?, _ value: Int, to out: inout [UInt8]) {
    var line: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &line) { buffer in
      buffer[23] = 0x0A
      buffer[22] = 0x0D
      var index = 21
      var rest = value
      repeat {
        buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        index -= 1
      } while rest > 0
      if let prefix {
        buffer[index] = prefix
      } else {
        index += 1
      }
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[index...]))
    }
  }
}
