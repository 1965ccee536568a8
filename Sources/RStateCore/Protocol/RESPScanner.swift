import Glibc

/// Follows RESP2 replies as their bytes arrive, without building them: it finds where each
/// reply ends and checks it against its `ReplyLimits` before anything is allocated for it.
///
/// hiredis 0.14 allocates an array's element pointers as soon as it reads the count, keeps
/// every byte it is fed, and looks for the end of an unfinished line from the line's start
/// on every feed (a 50 MB error line took 19 s). rstate therefore feeds it only whole replies
/// that passed this scanner: one pass over the bytes, and a few integers of state per
/// nesting level.
public struct RESPScanner: Sendable {
  public enum Outcome: Equatable, Sendable {
    /// Every byte given belongs to the reply, which needs more.
    case incomplete
    /// The reply ends after this many of the bytes given; the rest belong to later replies.
    case complete(Int)
  }

  public enum Violation: Error, Equatable, Sendable {
    /// Not RESP: the stream is out of step, and the connection must be dropped.
    case malformed(String)
    /// Well-formed, but more than the limits allow; says what was too large.
    case tooLarge(String)
  }

  public var limits: ReplyLimits

  public init(limits: ReplyLimits = .standard) { self.limits = limits }

  /// True between a reply's first byte and its last.
  public var isInReply: Bool { started }

  private enum State: Equatable {
    case type
    /// A status or error line; `sawCR` when the last byte seen was a CR.
    case text(sawCR: Bool)
    case number(Number)
    /// Bytes of a bulk string still to come, then its CR and LF.
    case payload(Int)
    case payloadCR
    case payloadLF
  }

  private enum NumberKind: Equatable { case integer, bulkLength, count }

  /// A number line as hiredis's string2ll reads it: an optional minus, no leading zeros, no
  /// `-0`, within Int64.
  private struct Number: Equatable {
    var kind: NumberKind
    var negative = false
    var digits = 0
    var value: UInt64 = 0
    var sawCR = false
  }

  private var state = State.type
  /// Elements still to come in the innermost open array; `outer` holds those of the arrays
  /// around it, and `depth` counts them all.
  private var innermost = 0
  private var outer: [Int] = []
  private var depth = 0
  private var started = false
  private var replyBytes = 0
  private var elements = 0
  private var textLength = 0

  private static let cr = UInt8(ascii: "\r")
  private static let lf = UInt8(ascii: "\n")

  /// Scans the next bytes of the stream. After a violation the scanner is reset, but the
  /// stream is not: drop the connection.
  public mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Result<Outcome, Violation> {
    guard let start = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty
    else { return .success(.incomplete) }
    let count = bytes.count
    var index = 0
    while index < count {
      switch state {
      case .type:
        let byte = start[index]
        index += 1
        started = true
        let kind: NumberKind
        switch byte {
        case UInt8(ascii: "$"):
          if let end = wholeBulk(start, count, from: index) {
            index = end
            if finishItem() { return complete(index) }
            continue
          }
          kind = .bulkLength
        case UInt8(ascii: "*"):
          guard depth < limits.depth else {
            return fail(.tooLarge("arrays nested more than the \(limits.depth) levels accepted"))
          }
          kind = .count
        case UInt8(ascii: ":"): kind = .integer
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
          textLength = 0
          state = .text(sawCR: false)
          continue
        default:
          return fail(.malformed("a reply starting with \(Self.shown(byte)) is not RESP"))
        }
        switch number(Number(kind: kind), start, count, &index) {
        case .failure(let violation): return fail(violation)
        case .success(true): return complete(index)
        case .success(false): break
        }

      case .number(let partial):
        switch number(partial, start, count, &index) {
        case .failure(let violation): return fail(violation)
        case .success(true): return complete(index)
        case .success(false): break
        }

      case .text(let sawCR):
        if sawCR {
          if start[index] == Self.lf {
            index += 1
            if finishItem() { return complete(index) }
            continue
          }
          state = .text(sawCR: false)
        }
        let rest = count - index
        if let found = memchr(start + index, Int32(Self.cr), rest) {
          let offset = UnsafeRawPointer(found) - UnsafeRawPointer(start + index)
          textLength += offset
          index += offset + 1
          state = .text(sawCR: true)
        } else {
          textLength += rest
          index = count
        }
        if textLength > limits.line {
          return fail(.tooLarge("a line longer than the \(limitText(limits.line)) accepted"))
        }

      case .payload(let remaining):
        // Most strings arrive whole, with their CRLF: one step.
        if remaining + 2 <= count - index {
          index += remaining
          guard start[index] == Self.cr, start[index + 1] == Self.lf else {
            return fail(.malformed("a string longer than its stated length"))
          }
          index += 2
          if finishItem() { return complete(index) }
          continue
        }
        let taken = min(remaining, count - index)
        index += taken
        state = taken == remaining ? .payloadCR : .payload(remaining - taken)

      case .payloadCR:
        guard start[index] == Self.cr else {
          return fail(.malformed("a string longer than its stated length"))
        }
        index += 1
        state = .payloadLF

      case .payloadLF:
        guard start[index] == Self.lf else {
          return fail(.malformed("a string longer than its stated length"))
        }
        index += 1
        if finishItem() { return complete(index) }
      }
    }
    replyBytes += count
    if replyBytes > limits.bytes {
      return fail(.tooLarge(Self.largerThan(limits.bytes)))
    }
    return .success(.incomplete)
  }

  /// Forgets a reply in progress (after a violation, or when the connection is dropped).
  public mutating func reset() {
    state = .type
    innermost = 0
    outer.removeAll(keepingCapacity: true)
    depth = 0
    started = false
    replyBytes = 0
    elements = 0
    textLength = 0
  }

  /// The common case in one step (SCAN pages and values are mostly short strings): a bulk
  /// string whose length line, bytes and CRLF are all here and within the limits. Where it
  /// ends, or nil to take the general path (which also reports what is wrong).
  private func wholeBulk(_ start: UnsafePointer<UInt8>, _ count: Int, from index: Int) -> Int? {
    var end = index
    var length = 0
    while end < count, end - index < 10, start[end] &- UInt8(ascii: "0") < 10 {
      length = length * 10 + Int(start[end] &- UInt8(ascii: "0"))
      end += 1
    }
    guard end > index, end - index < 10, start[index] != UInt8(ascii: "0") || end - index == 1,
      end + 1 < count, start[end] == Self.cr, start[end + 1] == Self.lf
    else { return nil }
    let payloadEnd = end + 2 + length
    guard length <= limits.string, replyBytes + payloadEnd + 2 <= limits.bytes,
      payloadEnd + 1 < count, start[payloadEnd] == Self.cr, start[payloadEnd + 1] == Self.lf
    else { return nil }
    return payloadEnd + 2
  }

  /// Reads a number line from `index` on, in a local loop; at the end of the bytes it is
  /// kept as the state. True when it completed the reply.
  private mutating func number(
    _ partial: Number, _ start: UnsafePointer<UInt8>, _ count: Int, _ index: inout Int
  ) -> Result<Bool, Violation> {
    var number = partial
    while index < count {
      let byte = start[index]
      index += 1
      if number.sawCR {
        guard byte == Self.lf else { return .failure(.malformed("a number not ended by CRLF")) }
        return finishNumber(number, consumed: index)
      }
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        // string2ll: no leading zeros, and at most 19 digits within Int64.
        guard !(number.digits > 0 && number.value == 0), number.digits < 19 else {
          return .failure(.malformed("a malformed number"))
        }
        number.value = number.value * 10 + UInt64(byte - UInt8(ascii: "0"))
        number.digits += 1
        guard number.value <= UInt64(Int64.max) + (number.negative ? 1 : 0) else {
          return .failure(.malformed("a number out of range"))
        }
      case Self.cr:
        guard number.digits > 0, !(number.negative && number.value == 0) else {
          return .failure(.malformed("a malformed number"))
        }
        number.sawCR = true
      case UInt8(ascii: "-") where number.digits == 0 && !number.negative:
        number.negative = true
      default:
        return .failure(.malformed("a malformed number"))
      }
    }
    state = .number(number)
    return .success(false)
  }

  /// Acts on a complete number line; true when it completed the reply.
  private mutating func finishNumber(_ number: Number, consumed: Int) -> Result<Bool, Violation> {
    state = .type
    let magnitude = number.value
    switch number.kind {
    case .integer:
      return .success(finishItem())
    case .bulkLength, .count:
      if number.negative {
        guard magnitude == 1 else {
          return .failure(.malformed("a negative length"))
        }
        return .success(finishItem())  // a nil
      }
    }
    // Not negative, at most Int64.max: fits in Int on 64-bit Linux.
    let length = Int(magnitude)
    if number.kind == .bulkLength {
      guard length <= limits.string else {
        return .failure(
          .tooLarge(
            "a string of \(length) bytes, more than the \(limitText(limits.string)) accepted"))
      }
      guard replyBytes + consumed + length + 2 <= limits.bytes else {
        return .failure(.tooLarge(Self.largerThan(limits.bytes)))
      }
      state = length == 0 ? .payloadCR : .payload(length)
      return .success(false)
    }
    guard length <= limits.elements - elements else {
      let more = elements > 0 ? " more" : ""
      return .failure(
        .tooLarge(
          "an array of \(length)\(more) elements, more than the \(limits.elements) accepted"))
    }
    if length == 0 { return .success(finishItem()) }
    elements += length
    if depth > 0 { outer.append(innermost) }
    innermost = length
    depth += 1
    return .success(false)
  }

  /// One element (or the whole reply) is complete; true when the reply is.
  private mutating func finishItem() -> Bool {
    state = .type
    while depth > 0 {
      innermost -= 1
      if innermost > 0 { return false }
      depth -= 1
      if depth > 0 { innermost = outer.removeLast() }
    }
    return true
  }

  private mutating func complete(_ index: Int) -> Result<Outcome, Violation> {
    reset()
    return .success(.complete(index))
  }

  private mutating func fail(_ violation: Violation) -> Result<Outcome, Violation> {
    reset()
    return .failure(violation)
  }

  private static func largerThan(_ bytes: Int) -> String {
    "a reply larger than the \(limitText(bytes)) accepted"
  }

  /// A byte as `'x'`, or `\xHH` when it is not printable ASCII.
  private static func shown(_ byte: UInt8) -> String {
    if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
    let hex = Array("0123456789abcdef")
    return "\\x\(hex[Int(byte >> 4)])\(hex[Int(byte & 0x0F)])"
  }
}
