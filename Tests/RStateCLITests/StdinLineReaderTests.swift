import Foundation
import Testing

@testable import rstate

/// The piped shell's line reader, fed through a pipe as standard input would be.
@Suite struct StdinLineReaderTests {
  /// Writes `input` into a pipe from another thread and reads every line back.
  func lines(_ input: [UInt8], maximum: Int = 1 << 30) -> (lines: [[UInt8]], skipped: [Int]) {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let writeEnd = fds[1]
    let writer = Thread {
      input.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
          let written = write(writeEnd, bytes.baseAddress! + offset, bytes.count - offset)
          if written <= 0 { break }
          offset += written
        }
      }
      close(writeEnd)
    }
    writer.start()
    defer { close(fds[0]) }
    var reader = StdinLineReader(fd: fds[0], maximumLineLength: maximum)
    var lines: [[UInt8]] = []
    var skipped: [Int] = []
    while let line = reader.readLine(prompt: "") {
      lines.append(line)
      skipped.append(reader.takeSkippedLines())
    }
    skipped.append(reader.takeSkippedLines())
    return (lines, skipped)
  }

  @Test func linesEndingsAndTheLastLine() {
    let (read, skipped) = lines(Array("a\r\nb\n\nc".utf8))
    #expect(read == [Array("a".utf8), Array("b".utf8), [], Array("c".utf8)])
    #expect(skipped.allSatisfy { $0 == 0 })
  }

  /// A 64 MB line took 23 s (each 64 KiB read searched the whole line again for a newline);
  /// 16 MB is read here in one pass. Generous bound: this is "does not hang", not a benchmark.
  @Test func aLongLineIsReadInOnePass() {
    let long = [UInt8](repeating: UInt8(ascii: "x"), count: 16 << 20)
    let started = Date()
    let (read, _) = lines(Array("SET k ".utf8) + long + Array("\nPING\n".utf8))
    #expect(read.count == 2)
    #expect(read.first?.count == 16 << 20 + 6)
    #expect(read.last == Array("PING".utf8))
    #expect(Date().timeIntervalSince(started) < 60)
  }

  @Test func linesOverTheLimitAreSkippedAndCounted() {
    let long = [UInt8](repeating: UInt8(ascii: "y"), count: 300_000)
    let input =
      Array("PING\n".utf8) + long + Array("\nECHO a\n".utf8) + long + Array("\n".utf8)
      + Array(repeating: UInt8(ascii: "z"), count: 1001) + Array("\nlast\n".utf8) + long
    let (read, skipped) = lines(input, maximum: 1000)
    #expect(read == [Array("PING".utf8), Array("ECHO a".utf8), Array("last".utf8)])
    // Counted when the next line (or the end) is reached: one before ECHO, two before last
    // (one of them a line just over the limit that arrived whole), one at the end.
    #expect(skipped == [0, 1, 2, 1])
  }
}
