import ArgumentParser
import Glibc
import RStateCore

extension RState {
  struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "repl",
      abstract: "The interactive shell, as redis-cli's (also `rstate` with no subcommand).",
      discussion: """
        Lines are split as redis-cli splits them (quotes, \\xHH escapes); replies print exactly \
        as redis-cli prints them, raw when standard output is not a terminal. `N command` \
        repeats a command, `connect HOST PORT` switches servers, `clear` clears the screen, \
        `quit` or `exit` leaves. Commands starting with ':' are rstate's own: `:ns` lists the \
        namespaces found, `:use NAME` enters one (the prompt shows it; `:use` alone leaves), \
        `:ls [GLOB]` lists its ids with type, TTL and size, `:tree [DEPTH]` shows the ':'-tree \
        under its prefix, `:peek ID|KEY` shows a key decoded (pickle, Ruby Marshal and Java \
        serialization are described, never loaded); `help :peek` explains each. On a terminal, \
        FLUSHALL, FLUSHDB, SHUTDOWN, DEBUG and KEYS on more than 100,000 keys ask first (only \
        yes runs them), and replies longer than the screen go through $PAGER (less -FRX \
        without it); `:set noconfirm`, `:set nopager` and `:set nohints` turn these off, at \
        the prompt or in ~/.rstaterc (RSTATE_RCFILE). History is kept in ~/.rstate_history (RSTATE_HISTFILE; \
        /dev/null for none), without lines that carry passwords. With standard input not a \
        terminal, lines are read and run in order (`printf 'SET a 1\\nGET a\\n' | rstate`); \
        unlike redis-cli, the exit status is then 1 if any command failed or a line did not parse.
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Connection") var database: DatabaseOption

    @OptionGroup(title: "Output") var replyFormat: ReplyFormatOptions

    func validate() throws {
    }

    func run() throws {
      let server = Connection(settings: try connection.resolve(db: database.db))
      let catalog = try NamespaceCatalog(project: try connection.project())
      let format = replyFormat.format
      let piped = !Terminal.stdinIsTTY
      let output = BufferedOutput()
      let session = ReplSession(
        connection: server, format: format,
        write: { piped ? output.write($0) : Terminal.write($0) },
        diagnose: {
          output.flush()  // keep diagnostics in order with the replies before them
          Terminal.diagnostic($0)
        }, interrupted: { Interrupts.take() })
      session.version = RStateVersion.current
      session.namespaces = NamespaceShell(catalog: catalog)
      session.connect()
      if !piped {
        Interrupts.install()
        session.keyPressed = {
          var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
          return poll(&input, 1, 0) > 0
        }
        let environment = Terminal.processEnvironment()
        loadPreferences(into: session, environment: environment)
        let pager = Pager(environment: environment)
        session.pager = { pager.showIfLong($0) }
        var reader = ReadlineLineReader(
          historyFile: ReadlineLineReader.historyPath(environment: environment),
          completer: Completer(
            connection: { session.currentConnection }, help: { session.helpTable() },
            namespaces: session.namespaces),
          hints: { session.hint(for: $0) })
        session.run(&reader)
      } else {
        session.pipedStreams = StandardOutputStream(before: { output.flush() })
        var reader = StdinLineReader(beforeWaiting: { output.flush() })
        session.run(&reader)
        output.flush()
        if session.sawFailure { throw ExitCode.failure }
      }
    }

    /// `~/.rstaterc` (or RSTATE_RCFILE; /dev/null for none): `:set` lines, as redis-cli reads
    /// `:set hints` from ~/.redisclirc. A bad line is named and skipped.
    private func loadPreferences(into session: ReplSession, environment: [String: String]) {
      let path = environment["RSTATE_RCFILE"] ?? environment["HOME"].map { $0 + "/.rstaterc" }
      guard let path, path != "/dev/null" else { return }
      let text: String
      do {
        guard let found = try TextFile.readSettings(path) else { return }
        text = found
      } catch {
        return Terminal.diagnostic("rstate: \(error.description); its preferences are not used")
      }
      for (line, message) in session.loadPreferences(text) {
        Terminal.diagnostic("rstate: \(path) line \(line): \(message); the line is skipped")
      }
    }
  }
}
