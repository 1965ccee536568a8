/// Writes commands in RESP (`*N`, then `$len` and the bytes of each argument). Used for
/// pipelines: hiredis's own formatter (sds printf per argument) cost about 2,000 instructions
/// per argument, which made it the bottleneck of `flush --pattern`.
enum RESPEncoder {
  static func append(_ arguments: [[UInt8]], to out: inout [UInt8]) {
    out.append(UInt8(ascii: "*"))
    appendDecimal(arguments.count, to: &out)
    for argument in arguments {
      out.append(UInt8(ascii: "$"))
      appendDecimal(argument.count, to: &out)
      out += argument
      out.append(0x0D)
      out.append(0x0A)
    }
  }

  /// `*N`: the start of a command of N arguments, for writing one argument at a time.
  static func appendHeader(_ count: Int, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "*"))
    appendDecimal(count, to: &out)
  }

  static func appendBulk(_ argument: [UInt8], to out: inout [UInt8]) {
    out.append(UInt8(ascii: "$"))
    appendDecimal(argument.count, to: &out)
    out += argument
    out.append(0x0D)
    out.append(0x0A)
  }

  /// A non-negative number as a bulk argument, without building a String.
  static func appendBulk(number: Int64, to out: inout [UInt8]) {
    var digits: [UInt8] = []
    appendDecimal(Int(number), to: &digits)
    out.append(UInt8(ascii: "$"))
    appendDecimal(digits.count - 2, to: &out)
    out += digits
  }

  /// The number in ASCII followed by CRLF, without building a String.
  private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        count += 1
      } while rest > 0
      for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
    }
    out.append(0x0D)
    out.append(0x0A)
  }
}
