import CRStateReadline
import Glibc
import RStateCore

/// Lines typed on a terminal, through GNU readline (line editing, up-arrow, Ctrl-R). History
/// lives in a file (mode 0600) unless it is /dev/null; lines with secrets stay in memory for
/// the session and never reach the file.
struct ReadlineLineReader: LineReader {
  private let historyFile: String?
  private var lastLine: [UInt8]?

  init(historyFile: String?, completer: Completer? = nil, hints: ((String) -> String?)? = nil) {
    self.historyFile = historyFile.flatMap(Self.usableHistoryFile)
    rstate_readline_set_name("rstate")
    if let hints {
      ReadlineHints.hint = hints
      rstate_readline_set_redisplay(ReadlineHints.redisplay)
    }
    if let completer {
      ReadlineCompletion.completer = completer
      rstate_readline_set_completion(ReadlineCompletion.complete)
    }
    using_history()
    if let historyFile = self.historyFile {
      let fd = open(historyFile, O_WRONLY | O_CREAT | O_APPEND | O_NONBLOCK | O_CLOEXEC, 0o600)
      if fd >= 0 { close(fd) }
      chmod(historyFile, 0o600)
      read_history(historyFile)
    }
  }

  /// The path, unless something other than a regular file is there: readline would block
  /// on a FIFO and read a device without end.
  private static func usableHistoryFile(_ path: String) -> String? {
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG else { return path }
    Terminal.diagnostic(
      "rstate: \(path) is not a regular file; history is not saved (RSTATE_HISTFILE names "
        + "another file)")
    return nil
  }

  /// `RSTATE_HISTFILE`, or `~/.rstate_history`; `/dev/null` turns the file off.
  static func historyPath(environment: [String: String]) -> String? {
    let path =
      environment["RSTATE_HISTFILE"]
      ?? environment["HOME"].map { $0 + "/.rstate_history" }
    return path == "/dev/null" ? nil : path
  }

  mutating func readLine(prompt: String) -> [UInt8]? {
    _ = Interrupts.take()  // a Ctrl-C that came after a command finished is spent
    Interrupts.atPrompt = 1
    let read = readline(prompt)
    Interrupts.atPrompt = 0
    guard let line = read else { return nil }
    defer { free(line) }
    return Array(UnsafeBufferPointer(start: line, count: strlen(line))).map {
      UInt8(bitPattern: $0)
    }
  }

  var asksQuestions: Bool { true }

  /// A question on the terminal (FLUSHDB's), read through readline with no hints, no
  /// completion and no history; nil after Ctrl-C or Ctrl-D, which leave the session running.
  mutating func ask(_ question: String) -> [UInt8]? {
    _ = Interrupts.take()
    ReadlineHints.paused = true
    rstate_readline_begin_question(ReadlineQuestion.getc)
    let read = readline(question)
    rstate_readline_end_question()
    ReadlineHints.paused = false
    defer { free(read) }
    guard let read, !Interrupts.take() else {
      Terminal.write("\n")  // the cursor is still after the question
      return nil
    }
    return Array(UnsafeBufferPointer(start: read, count: strlen(read))).map {
      UInt8(bitPattern: $0)
    }
  }

  mutating func remember(_ line: [UInt8], persist: Bool) {
    guard line != lastLine else { return }  // consecutive repeats are kept once
    lastLine = line
    let text = String(decoding: line, as: UTF8.self)
    add_history(text)
    if persist, let historyFile { append_history(1, historyFile) }
  }
}

/// Lines from a pipe or a file, as redis-cli reads them when stdin is not a terminal: no
/// prompt, no history. Each byte is looked at once however long the line (a line of 64 MB
/// arrives in a thousand reads), and a line longer than `maximumLineLength` is dropped as it
/// comes rather than held.
struct StdinLineReader: LineReader {
  /// Called before a read that may wait for more input (to flush pending output first).
  private let beforeWaiting: () -> Void
  private let fd: Int32
  private let maximumLineLength: Int
  private var buffer: [UInt8] = []
  private var start = 0
  /// Where to look for the next newline: the bytes from `start` to here have none.
  private var searched = 0
  private var finished = false
  /// True while the rest of an overlong line is being read and dropped.
  private var skipping = false
  private var skippedLines = 0

  init(
    fd: Int32 = STDIN_FILENO, maximumLineLength: Int = ReplSession.maximumLineLength,
    beforeWaiting: @escaping () -> Void = {}
  ) {
    self.fd = fd
    self.maximumLineLength = maximumLineLength
    self.beforeWaiting = beforeWaiting
  }

  mutating func readLine(prompt: String) -> [UInt8]? {
    while true {
      if let newline = nextNewline() {
        searched = newline + 1
        defer { start = newline + 1 }
        if skipping || newline - start > maximumLineLength {
          if !skipping { skippedLines += 1 }
          skipping = false
          continue
        }
        var end = newline
        if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return Array(buffer[start..<end])
      }
      if buffer.count - start > maximumLineLength && !skipping {
        skipping = true
        skippedLines += 1
      }
      if skipping {
        start = buffer.count
        searched = start
      }
      if finished {
        guard start < buffer.count else { return nil }
        let line = Array(buffer[start...])
        start = buffer.count
        searched = start
        return line
      }
      buffer.removeFirst(start)
      searched -= start
      start = 0
      beforeWaiting()
      let count = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65536) { chunk in
        let count = read(fd, chunk.baseAddress, chunk.count)
        if count > 0 { buffer.append(contentsOf: chunk[0..<count]) }
        return count
      }
      if count <= 0 {
        if count < 0 && errno == EINTR { continue }
        finished = true
      }
    }
  }

  /// The next newline at or after `searched`; the bytes passed over are not searched again.
  private mutating func nextNewline() -> Int? {
    if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) { return newline }
    searched = buffer.count
    return nil
  }

  mutating func remember(_ line: [UInt8], persist: Bool) {}

  mutating func takeSkippedLines() -> Int {
    defer { skippedLines = 0 }
    return skippedLines
  }

  var hasBufferedLine: Bool { buffer[searched...].contains(UInt8(ascii: "\n")) }
}

/// The bridge from readline's C completion callbacks to `Completer`; readline is
/// single-threaded and calls these only from inside `readline()`.
enum ReadlineCompletion {
  nonisolated(unsafe) static var completer: Completer?
  nonisolated(unsafe) static var matches: [String] = []
  nonisolated(unsafe) static var next = 0

  static let complete:
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<
      UnsafeMutablePointer<CChar>?
    >? = { text, start, _ in
      rstate_readline_completion_over()
      guard let text, let completer = ReadlineCompletion.completer,
        let line = rstate_readline_line()
      else { return nil }
      let before = Array(UnsafeBufferPointer(start: line, count: Int(start))).map {
        UInt8(bitPattern: $0)
      }
      guard let words = Tokenizer.split(before) else { return nil }
      ReadlineCompletion.matches = completer.candidates(
        before: words, prefix: String(cString: text))
      return rl_completion_matches(text, ReadlineCompletion.generate)
    }

  static let generate:
    @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<
      CChar
    >? = { _, state in
      if state == 0 { ReadlineCompletion.next = 0 }
      guard ReadlineCompletion.next < ReadlineCompletion.matches.count else { return nil }
      defer { ReadlineCompletion.next += 1 }
      return strdup(ReadlineCompletion.matches[ReadlineCompletion.next])
    }
}

/// Keys for a question: read one at a time, as readline's own `rl_getc` does, but EOF as
/// soon as Ctrl-C was pressed (the read is interrupted: the handler has no SA_RESTART), so
/// readline returns instead of reading on.
enum ReadlineQuestion {
  static let getc: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { stream in
    let fd = stream.map { fileno($0) } ?? STDIN_FILENO
    var byte: UInt8 = 0
    while !Interrupts.isPending {
      let count = read(fd, &byte, 1)
      if count == 1 { return Int32(byte) }
      if count < 0 && errno == EINTR { continue }
      break
    }
    return EOF
  }
}

/// Grey argument hints after the cursor, drawn after readline redraws the line.
enum ReadlineHints {
  nonisolated(unsafe) static var hint: (String) -> String? = { _ in nil }
  /// True while a question is asked: its answer gets no hint.
  nonisolated(unsafe) static var paused = false

  /// True while a hint is on the screen, so it can be wiped when the line changes.
  nonisolated(unsafe) static var drawn = false

  static let redisplay: @convention(c) () -> Void = {
    rl_redisplay()
    guard rstate_readline_cursor_at_end() != 0, let line = rstate_readline_line() else { return }
    let text = ReadlineHints.paused ? "" : ReadlineHints.hint(String(cString: line)) ?? ""
    guard !text.isEmpty || ReadlineHints.drawn else { return }
    var out = "\u{1B}[K"  // the hint drawn before goes first
    if !text.isEmpty {
      out += "\u{1B}[0;90;49m\(text)\u{1B}[0m\u{1B}[\(text.unicodeScalars.count)D"
    }
    ReadlineHints.drawn = !text.isEmpty
    Terminal.write(out)
  }
}
