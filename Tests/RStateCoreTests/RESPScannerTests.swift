import Testing

@testable import RStateCore

@Suite struct RESPScannerTests {
  /// Scans `bytes` in pieces of `chunk` bytes; the offset where the first reply ends, or the
  /// violation.
  static func scan(
    _ bytes: [UInt8], chunk: Int = .max, limits: ReplyLimits = .standard
  ) -> Result<Int?, RESPScanner.Violation> {
    var scanner = RESPScanner(limits: limits)
    var offset = 0
    while offset < bytes.count {
      let end = min(bytes.count, offset + chunk)
      let outcome = bytes[offset..<end].withUnsafeBytes { scanner.scan($0) }
      switch outcome {
      case .failure(let violation): return .failure(violation)
      case .success(.complete(let used)): return .success(offset + used)
      case .success(.incomplete): offset = end
      }
    }
    return .success(nil)
  }

  static let replies: [String] = [
    "+OK\r\n", "-ERR wrong\r\n", ":0\r\n", ":-9223372036854775808\r\n",
    ":9223372036854775807\r\n", "$-1\r\n", "*-1\r\n", "$0\r\n\r\n", "*0\r\n",
    "$5\r\nhe\r\no\r\n", "+a\rb\r\n", "*2\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n",
    "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n",
  ]

  /// Every reply ends where it ends, however its bytes are split, and hiredis reads the
  /// bytes the scanner passed as exactly one reply.
  @Test(arguments: replies)
  func findsTheEndOfAReplyWhateverTheSplit(_ reply: String) {
    let bytes = Array(reply.utf8)
    let trailing = bytes + Array("+NEXT\r\n".utf8)
    for chunk in 1...bytes.count {
      #expect((try? Self.scan(trailing, chunk: chunk).get()) == bytes.count, "chunk \(chunk)")
    }
    let reader = HiredisReader()
    bytes.withUnsafeBytes { reader.feed($0) }
    guard case .success(.some) = reader.nextReply() else {
      Issue.record("hiredis did not read a whole reply")
      return
    }
    guard case .success(nil) = reader.nextReply() else {
      Issue.record("hiredis read more than one reply")
      return
    }
  }

  @Test(arguments: [
    "?x\r\n", ":01\r\n", ":-0\r\n", ":1x\r\n", ":\r\n", ":-\r\n", ":1\rx", "$-2\r\n",
    "*-5\r\n", "$3\r\nabcd\r\n", "$1\r\na\n\n", ":99999999999999999999\r\n",
    ":9223372036854775808\r\n", "$ 1\r\n",
  ])
  func refusesWhatIsNotRESP(_ text: String) {
    guard case .failure(.malformed) = Self.scan(Array(text.utf8)) else {
      Issue.record("\(text.debugDescription) was not refused")
      return
    }
  }

  @Test func refusesAnnouncedSizesBeyondTheLimitsBeforeTheBytesArrive() {
    let small = ReplyLimits.small
    let cases: [(String, ReplyLimits)] = [
      ("$999999999999\r\n", .standard), ("$1048577\r\n", small),
      ("*999999999\r\n", .standard), ("*1025\r\n", small), ("*600\r\n*600\r\n", small),
      (String(repeating: "*1\r\n", count: 9), .standard),
    ]
    for (text, limits) in cases {
      guard case .failure(.tooLarge) = Self.scan(Array(text.utf8), limits: limits) else {
        Issue.record("\(text.prefix(20).debugDescription) was not refused")
        continue
      }
    }
  }

  @Test func boundsLinesAndWholeReplies() {
    let line = Array("+".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20)
    guard case .failure(.tooLarge) = Self.scan(line, chunk: 65536, limits: .small) else {
      Issue.record("a 2 MiB line passed the 1 MiB limit")
      return
    }
    var array = Array("*4\r\n".utf8)
    for _ in 0..<4 {
      array += Array("$400000\r\n".utf8) + [UInt8](repeating: 0, count: 400_000) + [13, 10]
    }
    guard case .failure(.tooLarge) = Self.scan(array, chunk: 65536, limits: .small) else {
      Issue.record("1.6 MB of strings passed the 1 MiB reply limit")
      return
    }
  }

  /// A 50 MB line in 64 KiB reads: one pass (hiredis alone rescanned it on every read).
  @Test func aLongLineIsScannedOnce() {
    var scanner = RESPScanner()
    let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
    _ = Array("-ERR ".utf8).withUnsafeBytes { scanner.scan($0) }
    for _ in 0..<800 {
      guard case .success(.incomplete) = chunk.withUnsafeBytes({ scanner.scan($0) }) else {
        Issue.record("the line ended early")
        return
      }
    }
    let end = Array("\r\n".utf8).withUnsafeBytes { scanner.scan($0) }
    #expect(end == .success(.complete(2)))
  }

  @Test func describesRepliesShortlyAndEscaped() {
    #expect(RESPValue.status(Array("PONG\u{1B}[2J".utf8)).description == #"status "PONG\x1b[2J""#)
    let long = RESPValue.bulk([UInt8](repeating: UInt8(ascii: "a"), count: 1000))
    #expect(long.description.hasPrefix("a string of 1000 bytes \"aaa"))
    #expect(long.description.count < 120)
    #expect(ServerText.printable("role:\u{1B}]0;x\u{07}\u{9B}") == #"role:\x1b]0;x\x07\xc2\x9b"#)
  }
}
