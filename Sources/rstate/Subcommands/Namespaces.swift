import ArgumentParser
import RStateCore

extension RState {
  struct Namespaces: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ns",
      abstract: "Show the app state in a database by namespace: which framework, how much.",
      discussion: """
        Scans a sample of the keyspace (--sample, default 10000 keys) with pipelined TYPE and \
        PTTL, matches each key against the namespace rules (built in for Celery, RQ, arq, \
        Dramatiq, Huey, Sidekiq, BullMQ, Laravel, Flask-Session, Django, express-session, \
        Spring, Rails, rate limiters and LangGraph; the project's own from rstate.toml) and \
        checks the values of a few keys per group. Keys no rule claims are grouped by their \
        first ':' segment. Counts are exact when the whole keyspace fits in the sample and \
        estimated (marked ~) otherwise; memory is MEMORY USAGE of up to 16 keys per \
        namespace, scaled. A warning names namespaces whose keys lack the expiry that their \
        framework or rstate.toml expects.
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Connection") var database: DatabaseOption

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Keys to sample (1 to 10000000).", valueName: "n"),
      transform: WholeNumber.parser(1...10_000_000))
    var sample = 10_000

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
      try Self.show(connection: connection, db: database.db, sample: sample, json: json)
    }

    /// The survey as a table or JSON; `keys --namespaces` shows it too.
    static func show(connection: ConnectionOptions, db: String?, sample: Int, json: Bool) throws {
      let catalog = try NamespaceCatalog(project: try connection.project())
      let client = try connection.connect(db: db)
      let survey = try NamespaceDetector.survey(
        client, catalog: catalog, sampleSize: sample, db: client.settings.db)
      if json { return Terminal.write(survey.json.serialized() + "\n") }
      Terminal.write(survey.table(style: TextStyle(color: Terminal.colorEnabled())))
    }
  }
}
