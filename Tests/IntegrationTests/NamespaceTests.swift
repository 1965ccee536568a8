import Foundation
import RStateCore
import Testing

/// `rstate ns` on recorded state of real frameworks: each alone, and all of them mixed in
/// one db with keys no framework wrote.
@Suite(.enabled(if: RedisServer.shouldRun))
struct NamespaceDetectionTests {
  /// The apps each fixture must be named as; keys outside them are only allowed where a
  /// framework writes keys that nothing tells apart from an app's own (aiocache's plain sets).
  static let expected: [String: (apps: Set<String>, unclaimed: Set<String>)] = [
    "aiocache": (["aiocache"], ["main:*"]),
    "aiocache-default-keys": (["aiocache"], []),
    "arq": (["arq"], []),
    "bullmq": (["BullMQ"], []),
    "cashews": (["cashews"], []),
    "celery": (["Celery"], []),
    "django": (["Django"], []),
    "django-redis": (["Django"], []),
    "django-signed-sessions": (["Django"], []),
    "dramatiq": (["Dramatiq"], []),
    "express-session": (["express-session"], []),
    "flask-session": (["Flask-Session"], []),
    "flask-session-0.5": (["Flask-Session"], []),
    "huey": (["Huey"], []),
    "langgraph": (["LangGraph"], []),
    "laravel": (["Laravel", "Horizon"], []),
    "limits": (["limits"], []),
    "rails": (["Rails"], []),
    "rq": (["RQ"], []),
    "sidekiq": (["Sidekiq"], []),
    "spring": (["Spring Session", "Spring Cache"], []),
  ]

  func survey(_ server: RedisServer, db: Int, extra: [String] = []) throws -> [String: Any] {
    let result = try rstate(["ns", "-s", server.socketPath, "-n", String(db), "--json"] + extra)
    #expect(result.status == 0, "\(result.err)")
    return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
  }

  func namespaces(_ survey: [String: Any]) -> [[String: Any]] {
    survey["namespaces"] as? [[String: Any]] ?? []
  }

  @Test func everyFixtureAloneIsNamedForItsFramework() throws {
    #expect(
      Set(NamespaceFixtures.names) == Set(Self.expected.keys), "a fixture without expectations")
    let server = try RedisServer(config: ["databases 32"])
    for (index, name) in NamespaceFixtures.names.enumerated() {
      let keys = try NamespaceFixtures.load(name, into: server, db: index + 1)
      let found = namespaces(try survey(server, db: index + 1))
      let (apps, unclaimed) = Self.expected[name]!
      let named = Set(found.compactMap { $0["app"] as? String })
      #expect(named == apps, "\(name): named \(named)")
      let leftOver = Set(found.filter { $0["app"] is NSNull }.compactMap { $0["name"] as? String })
      #expect(leftOver == unclaimed, "\(name): unclaimed \(leftOver)")
      let counted = found.reduce(0) { $0 + ($1["keys"] as? Int ?? 0) }
      #expect(counted == keys.count, "\(name): \(counted) of \(keys.count) keys counted")
    }
  }

  /// Layouts the real libraries write that went unnamed before: LangGraph's documented Redis
  /// checkpointer (`$`-joined hashes, subgraph namespaces), Flask-Session 0.5's uuid sessions,
  /// aiocache's default key builder, and django-redis' sets, hashes and locks under `:1:`.
  /// Each by the name users know, with its framework's expected expiry, and selectable.
  @Test func layoutsFoundWithRealLibraries() throws {
    let server = try RedisServer(config: ["databases 32"])
    let cases:
      [(
        fixture: String, namespaces: [String: Int], app: String, template: String,
        expected: Int64?, expectsExpiry: Bool
      )] = [
        (
          "langgraph", ["langgraph.checkpoints": 28, "langgraph.writes": 46], "LangGraph",
          "checkpoint${thread_id:any}${checkpoint_ns:opt}${checkpoint_id:uuid}", nil, false
        ),
        (
          "flask-session-0.5", ["flask.sessions": 3], "Flask-Session", "session:{sid:uuid}",
          2_678_400, true
        ),
        (
          "aiocache-default-keys", ["aiocache.cached": 3], "aiocache",
          "{function:any}({args:opt})[{kwargs:opt}]", nil, true
        ),
        ("django-redis", ["django.cache": 5], "Django", ":{version:int}:{key:any}", 300, false),
      ]
    for (index, item) in cases.enumerated() {
      let db = index + 1
      try NamespaceFixtures.load(item.fixture, into: server, db: db)
      let found = namespaces(try survey(server, db: db))
      let counts = Dictionary(
        found.map { ($0["name"] as? String ?? "", $0["keys"] as? Int ?? 0) },
        uniquingKeysWith: +)
      #expect(counts == item.namespaces, "\(item.fixture): \(counts)")
      for namespace in found {
        #expect(namespace["app"] as? String == item.app, "\(item.fixture)")
        #expect(namespace["expected_ttl_seconds"] as? Int64 == item.expected, "\(item.fixture)")
        #expect(namespace["expects_expiry"] as? Bool == item.expectsExpiry, "\(item.fixture)")
        #expect(namespace["warning"] is NSNull, "\(item.fixture): \(namespace["warning"]!)")
      }
      #expect(
        found.contains { ($0["templates"] as? [String])?.contains(item.template) == true },
        "\(item.fixture): \(found.map { $0["templates"]! })")
      for (name, count) in item.namespaces {
        let keys = try rstate([
          "keys", "-s", server.socketPath, "-n", String(db), "--namespace", name, "--count-only",
        ])
        #expect(keys.out == "\(count)\n", "\(name): \(keys.out)\(keys.err)")
      }
    }
    // django-redis keeps a key for good with timeout=None: no warning, the default still shown.
    let table = try rstate(["ns", "-s", server.socketPath, "-n", "4"])
    #expect(table.out.contains("Django  django.cache"), "\(table.out)")
    #expect(!table.out.contains("warning"))
  }

  @Test func mixedInOneDatabaseWithUnrelatedKeys() throws {
    let server = try RedisServer()
    for name in NamespaceFixtures.names { try NamespaceFixtures.load(name, into: server) }
    // Keys an app of its own wrote, shaped like the frameworks' where that is easy to do.
    let connection = server.connection()
    var commands: [Command] = []
    for id in 1...30 {
      commands.append(
        Command("SET", "document_workflow:\(id)", #"{"state": "review", "step": \#(id)}"#))
      commands.append(Command("HSET", "user:\(id)", "name", "user \(id)", "plan", "pro"))
      commands.append(Command("SET", "counter:\(id)", String(id)))
    }
    commands += [
      Command("RPUSH", "outbox", #"{"to": "ann@example.com", "subject": "hi"}"#),
      Command("SET", "session:short", "not a flask session"),
      Command("SET", "deadbeefdeadbeefdeadbeefdeadbeef", "a hex-named string"),
      Command("RPUSH", "0123456789abcdef0123456789abcdef", "plain text"),
      Command("ZADD", "leaderboard", "10", "ann", "20", "bob"),
      Command("SET", "config:feature_flags", #"{"beta": true}"#),
      Command("SET", "queue:emails", "not a sidekiq queue"),
    ]
    _ = try connection.pipeline(commands)
    let found = namespaces(try survey(server, db: 0))
    let named = Set(found.compactMap { $0["app"] as? String })
    let everyApp = Self.expected.values.reduce(into: Set<String>()) { $0.formUnion($1.apps) }
    #expect(named == everyApp, "named \(named.symmetricDifference(everyApp))")
    let unclaimed = Set(found.filter { $0["app"] is NSNull }.compactMap { $0["name"] as? String })
    #expect(
      unclaimed == [
        "document_workflow:*", "user:*", "counter:*", "(no prefix)", "session:*",
        "config:*", "queue:*", "main:*",
      ],
      "\(unclaimed)")
    let byName = Dictionary(
      found.map { ($0["name"] as! String, $0) }, uniquingKeysWith: { first, _ in first })
    #expect(byName["document_workflow:*"]?["keys"] as? Int == 30)
    #expect(
      (byName["document_workflow:*"]?["templates"] as? [String]) == ["document_workflow:{id}"])
    #expect(byName["(no prefix)"]?["keys"] as? Int == 4)
  }

  @Test func aSampleGivesEstimatesAndWarningsNameMissingExpiries() throws {
    let server = try RedisServer()
    let connection = server.connection()
    var commands: [Command] = []
    for id in 0..<3000 {
      let uuid = String(format: "%08x-0000-4000-8000-%012x", id, id)
      commands.append(
        Command("SET", "celery-task-meta-\(uuid)", #"{"status": "SUCCESS", "result": 1}"#))
    }
    _ = try connection.pipeline(commands)
    let sampled = try survey(server, db: 0, extra: ["--sample", "500"])
    #expect(sampled["exact"] as? Bool == false)
    #expect(sampled["sampled_keys"] as? Int == 500)
    let results = try #require(namespaces(sampled).first)
    #expect(results["name"] as? String == "celery.results")
    #expect(results["keys_estimated"] as? Bool == true)
    #expect(results["keys"] as? Int == 3000)
    #expect((results["warning"] as? String)?.contains("have no expiry") == true)
    let table = try rstate(["ns", "-s", server.socketPath, "--sample", "500"])
    #expect(table.out.contains("sampled 500 of 3000 keys"))
    #expect(table.out.contains("~3000"))
    #expect(table.out.contains("warning: celery.results: 500 of 500 sampled keys have no expiry"))
  }
}

/// `--namespace NAME` on keys, ttl and flush, and `rstate.toml`.
@Suite(.enabled(if: RedisServer.shouldRun))
struct NamespaceOptionTests {
  @Test func keysTtlAndFlushTakeANamespace() throws {
    let server = try RedisServer()
    try NamespaceFixtures.load("rq", into: server)
    try NamespaceFixtures.load("celery", into: server)
    _ = try server.connection().pipeline([
      Command("SADD", "rq:job:5c8e2a3b-1f4d-4e6a-9b7c-0d1e2f3a4b5c:dependents", "x"),
      Command("SET", "rq:job:notes", "an app key under rq:job:"),
    ])
    let jobs = try rstate(["keys", "-s", server.socketPath, "--namespace", "rq.jobs"])
    let listed = Set(jobs.out.split(separator: "\n").map(String.init))
    #expect(listed.count == 4, "\(listed)")
    #expect(listed.allSatisfy { $0.hasPrefix("rq:job:") && $0.count == 43 })
    let summary = try rstate([
      "ttl", "-s", server.socketPath, "--namespace", "celery.results", "--summary", "--json",
    ])
    let rows = try #require(
      try JSONSerialization.jsonObject(with: summary.stdout) as? [[String: Any]])
    #expect(rows.first?["keys"] as? Int == 3)
    let unknown = try rstate(["keys", "-s", server.socketPath, "--namespace", "rq.job"])
    #expect(unknown.status == 64)
    #expect(unknown.err.contains("no namespace named 'rq.job'") && unknown.err.contains("rq.jobs"))
    let refused = try rstate(["flush", "-s", server.socketPath, "--namespace", "celery.results"])
    #expect(refused.status == 64, "no --yes without a terminal")
    #expect(refused.err.contains("3 keys of namespace 'celery.results'"), "\(refused.err)")
    let flushed = try rstate([
      "flush", "-s", server.socketPath, "--namespace", "celery.results", "--yes",
    ])
    #expect(flushed.status == 0, "\(flushed.err)")
    let left = try rstate(["keys", "-s", server.socketPath, "--pattern", "celery-task-meta-*"])
    #expect(left.out.isEmpty)
    let others = try rstate(["keys", "-s", server.socketPath, "--count-only"])
    #expect(others.out == "\(9 - 3 + 13 + 2)\n", "every other key is still there")
  }

  @Test func projectFileAddsNamespacesAndConnections() throws {
    let server = try RedisServer(config: ["requirepass s3cret-pass"])
    let directory = try temporaryDirectory()
    let nested = directory.appendingPathComponent("src/app")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try """
    [[namespace]]
    name = "document_workflow"
    key = "document_workflow:{thread_id}"
    codec = "json"
    ttl = "24h"

    [connections.local]
    url = "redis://127.0.0.1:\(server.port)/3"
    password-env = "LOCAL_REDIS_PASSWORD"
    """.write(
      to: directory.appendingPathComponent("rstate.toml"), atomically: true, encoding: .utf8)
    let environment = ["LOCAL_REDIS_PASSWORD": "s3cret-pass"]
    let seeded = try rstate(
      ["exec", "--connection", "local", "SET", "document_workflow:7", #"{"state":"draft"}"#],
      environment: environment, directory: nested)
    #expect(seeded.status == 0, "\(seeded.err)")
    let verbose = try rstate(
      ["ns", "--connection", "local", "--verbose"], environment: environment, directory: nested)
    #expect(verbose.status == 0, "\(verbose.err)")
    #expect(verbose.out.contains("app  document_workflow"), "\(verbose.out)")
    #expect(verbose.out.contains("warning: document_workflow: 1 of 1 sampled keys have no expiry"))
    #expect(verbose.err.contains("[connections.local]"))
    #expect(!verbose.err.contains("s3cret") && !verbose.out.contains("s3cret"))
    let keys = try rstate(
      ["keys", "--connection", "local", "--namespace", "document_workflow"],
      environment: environment, directory: nested)
    #expect(keys.out == "document_workflow:7\n")
    let unset = try rstate(["ping", "--connection", "local"], directory: nested)
    #expect(unset.status == 1)
    #expect(unset.err.contains("LOCAL_REDIS_PASSWORD, which is not set"), "\(unset.err)")
    let missing = try rstate(
      ["ns", "--connection", "prod"], environment: environment, directory: nested)
    #expect(missing.status == 64)
    #expect(missing.err.contains("no connection 'prod'") && missing.err.contains("local"))

    let broken = directory.appendingPathComponent("broken.toml")
    try "[[namespace]]\nname = \"x\"\nkey = \"x:{id}\"\nexpiry = \"1h\"\n".write(
      to: broken, atomically: true, encoding: .utf8)
    let refused = try rstate(["ns", "-p", String(server.port), "--config", broken.path])
    #expect(refused.status == 64)
    #expect(
      refused.err.hasPrefix("rstate: \(broken.path):4: namespace 'x': unknown setting 'expiry'"))
  }
}

/// The shell's namespace commands, piped and on a pseudo-terminal.
@Suite(.enabled(if: RedisServer.shouldRun))
struct NamespaceShellTests {
  /// Loads the RQ fixture; returns one job's key and id.
  static func loadRQ(into server: RedisServer) throws -> (key: String, id: String) {
    let keys = try NamespaceFixtures.load("rq", into: server)
    let job = try #require(
      keys.map { String(decoding: $0, as: UTF8.self) }.first {
        $0.hasPrefix("rq:job:") && $0.count == 43
      })
    return (job, String(job.dropFirst("rq:job:".count)))
  }

  @Test func useListPeekAndTree() throws {
    let server = try RedisServer()
    let (job, id) = try Self.loadRQ(into: server)
    try NamespaceFixtures.load("celery", into: server)
    let lines = [
      ":use rq.jobs", ":ls", ":peek \(id)", ":use", ":peek celery", ":tree 1",
      ":peek rq:queues", ":use nope", ":peek missing-key",
    ]
    let result = try rstate(
      ["-s", server.socketPath], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
    let out = result.out
    #expect(out.contains("\(id)  hash"), "\(out)")
    #expect(out.contains("namespace rq.jobs (RQ)"))
    #expect(out.contains("zlib, "), "the job's data inflated")
    #expect(out.contains("Python pickle protocol"), "and described")
    #expect(out.contains("not unpickled"))
    #expect(
      out.contains("body (base64-decoded): [[2, 3]")
        || out.contains("body (base64-decoded): [[2,3]"), "\(out)")
    #expect(out.contains("(all keys) 22 keys\n  rq: 13\n  (9 keys here)\n"), "tree")
    #expect(out.contains("members   2\n  0) rq:queue:"))
    #expect(out.contains("(error) no namespace named 'nope'"))
    #expect(out.contains("(no such key) missing-key"))
  }

  /// A pickle whose loading would create a file: `:peek` names what it would import and
  /// leaves the file uncreated.
  @Test func peekNeverRunsAPickle() throws {
    let server = try RedisServer()
    let marker = try temporaryDirectory().appendingPathComponent("pwned")
    // pickle.dumps of an object whose __reduce__ is (os.system, ("touch MARKER",)), protocol 4.
    let command = "touch \(marker.path)"
    var pickle: [UInt8] = [0x80, 0x04, 0x95]
    var body: [UInt8] =
      [0x8C, 0x05] + Array("posix".utf8) + [0x94, 0x8C, 0x06] + Array("system".utf8)
    body += [0x94, 0x93, 0x94, 0x8C, UInt8(command.utf8.count)] + Array(command.utf8)
    body += [0x94, 0x85, 0x94, 0x52, 0x94, 0x2E]
    var length = UInt64(body.count).littleEndian
    pickle += withUnsafeBytes(of: &length) { Array($0) } + body
    _ = try server.connection().send(
      Command([Array("SET".utf8), Array("cache:evil".utf8), pickle]))
    let result = try rstate(
      ["-s", server.socketPath], stdin: Data(":peek cache:evil\n".utf8))
    #expect(result.out.contains("Python pickle protocol 4"), "\(result.out)")
    #expect(result.out.contains("would import posix.system"))
    #expect(!FileManager.default.fileExists(atPath: marker.path))
  }

  @Test func promptShowsTheNamespaceAndTabCompletes() throws {
    let server = try RedisServer()
    let (job, id) = try Self.loadRQ(into: server)
    let typed = [
      "sleep 1", "printf ':use rq.jo\\t\\n'", "sleep 1",
      "printf ':peek \(id.prefix(6))\\t\\n'", "sleep 1",
      "printf 'HLEN rq:job:\(id.prefix(6))\\t\\n'",
      "sleep 1", "printf 'quit\\n'",
    ].joined(separator: "; ")
    let result = try run(
      "/bin/sh",
      ["-c", "(\(typed)) | /usr/bin/script -qec \"\(rstateBinary) -p \(server.port)\" /dev/null"],
      environment: ["RSTATE_HISTFILE": "/dev/null", "RSTATE_RCFILE": "/dev/null", "TERM": "dumb"],
      stdin: nil, directory: nil)
    #expect(result.out.contains("> :use rq.jobs"), "\(result.out)")
    #expect(result.out.contains("127.0.0.1:\(server.port) rq.jobs> "))
    #expect(result.out.contains(":peek \(id)"))
    #expect(result.out.contains("namespace rq.jobs (RQ)"))
    #expect(result.out.contains("HLEN \(job)"))
  }
}

extension NamespaceDetectionTests {
  @Test func keysNamespacesIsTheSameSurvey() throws {
    let server = try RedisServer()
    try NamespaceFixtures.load("huey", into: server)
    let viaKeys = try rstate(["keys", "-s", server.socketPath, "--namespaces"])
    let viaNs = try rstate(["ns", "-s", server.socketPath])
    #expect(viaKeys.status == 0 && viaKeys.out == viaNs.out)
    #expect(viaKeys.out.contains("Huey  huey.queue"), "\(viaKeys.out)")
    let refused = try rstate(["keys", "-s", server.socketPath, "--namespaces", "--long"])
    #expect(refused.status == 64)
  }
}
