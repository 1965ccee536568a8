import Foundation
import Testing

@testable import RStateCore

/// rstate's TOML reader against CPython's `tomllib`: every document of a corpus must give the
/// same values, and every invalid one must be refused by both.
struct TOMLTests {
  static let valid = [
    "",
    "# only a comment\n",
    "a = 1\nb = -2\nc = +3\nd = 1_000\ne = 0\n",
    "hex = 0xDEAD_beef\noct = 0o755\nbin = 0b1101\n",
    "f1 = 1.5\nf2 = -0.01\nf3 = 5e+22\nf4 = 1e06\nf5 = -2E-2\nf6 = 6.626e-34\nf7 = 224_617.445_991\n",
    "i1 = inf\ni2 = +inf\ni3 = -inf\n",
    "t = true\nf = false\n",
    #"s = "tab\there \"quoted\" \\ \u00e9 \U0001F600"\n"#,
    "s = 'C:\\Users\\nodejs\\templates'\nr = '<\\i\\c*\\s*>'\n",
    "m = \"\"\"\nRoses are red\nViolets are blue\"\"\"\n",
    "m = \"\"\"\\\n  The quick \\\n\n  brown fox.\\\n  \"\"\"\n",
    "m = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"\nn = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"\n",
    "lit = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''\nq = ''''That,' she said, 'is still pointless.''''\n",
    "odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00-07:00\nodt3 = 1979-05-27T00:32:00.999999-07:00\nodt4 = 1979-05-27 07:32:00Z\n",
    "ldt = 1979-05-27T07:32:00\nld = 1979-05-27\nlt = 07:32:00\nlt2 = 00:32:00.999999\n",
    "arr = [ 1, 2, 3 ]\nnested = [ [ 1, 2 ], [\"a\", 'b'] ]\nmixed = [ 0.1, \"x\", true ]\nempty = []\n",
    "multi = [\n  1, # one\n  2,\n  # comment line\n  3,\n]\n",
    "[table]\nkey = \"value\"\n[table.sub]\nother = 1\n",
    "[a.b.c]\nx = 1\n[a]\ny = 2\n",
    "[ j . \"ʞ\" . 'l' ]\nk = 1\n",
    "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = { x = 1, y = 2 }\nempty = {}\n",
    "animal = { type.name = \"pug\" }\n",
    "fruit.apple.color = \"red\"\nfruit.apple.taste.sweet = true\nfruit.orange = 2\n",
    "\"quoted key\" = 1\n'literal key' = 2\n\"\" = 3\nbare-key_1 = 4\n1234 = 5\n",
    "[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]\n\n[[products]]\nname = \"Nail\"\ncolor = \"gray\"\n",
    "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\nname = \"plantain\"\n",
    "points = [ { x = 1, y = 2 }, { x = 7, y = 8 } ]\n",
    "a = 1 # trailing comment\n\n\n   b = 2\t\n",
    "crlf = 1\r\nother = \"x\"\r\n",
    NamespaceCatalogTests.sampleProject,
    "big = 9223372036854775807\nsmall = -9223372036854775808\n",
    "leap = 2024-02-29\n",
  ]

  static let invalid = [
    "a = 1\na = 2\n",
    "[t]\n[t]\n",
    "a = \n",
    "= 1\n",
    "a = 1 b = 2\n",
    "a = \"unclosed\n",
    "a = \"bad \\q escape\"\n",
    "a = 01\n",
    "a = 1__0\n",
    "a = _1\n",
    "a = 1.\n",
    "a = .5\n",
    "a = 1e\n",
    "a = truee\n",
    "a = [1, 2\n",
    "a = [1 2]\n",
    "a = { b = 1,\n c = 2 }\n",
    "a = { b = 1, }\n",
    "a = { b = 1 }\n[a]\nc = 1\n",
    "a = { b = 1 }\na.c = 2\n",
    "[a]\nb = 1\n[a.b]\nc = 2\n",
    "a.b = 1\n[a]\nc = 2\n",
    "[[a]]\n[a]\n",
    "a = [1]\n[[a]]\n",
    "[a\nb = 1\n",
    "[a]]\n",
    "a = 1979-13-01\n",
    "a = 2023-02-29\n",
    "a = 25:00:00\n",
    "a = \"tab\u{01}char\"\n",
    "a = 'line\nbreak'\n",
    "key with space = 1\n",
    "a = \"\"\"x\"\"\"\"\"\"\n",
    "\"\"\"multi\"\"\" = 1\n",
    "a = 1\n# bad \u{7F} comment\n",
  ]

  /// toml-test's tagged JSON: each scalar as its type and its text.
  static func tagged(_ value: TOMLValue) -> JSONValue {
    func scalar(_ type: String, _ text: String) -> JSONValue {
      .object([("type", .string(type)), ("value", .string(text))])
    }
    switch value {
    case .string(let text): return scalar("string", text)
    case .integer(let number): return scalar("integer", String(number))
    case .float(let number):
      return scalar(
        "float",
        number.isNaN ? "nan" : number.isInfinite ? (number < 0 ? "-inf" : "inf") : "\(number)")
    case .bool(let flag): return scalar("bool", flag ? "true" : "false")
    case .dateTime(let text): return scalar("datetime", text)
    case .array(let items): return .array(items.map(tagged))
    case .table(let table): return .object(table.keys.map { ($0, tagged(table[$0]!)) })
    }
  }

  @Test func agreesWithPythonsTomllib() throws {
    guard
      let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      #expect(ProcessInfo.processInfo.environment["CI"] == nil, "python3 is needed in CI")
      return
    }
    var cases: [JSONValue] = []
    for document in Self.valid + Self.invalid {
      var entry: [(String, JSONValue)] = [("document", .string(document))]
      do {
        entry.append(
          ("parsed", .object([("table", Self.tagged(.table(try TOML.parse(document))))])))
      } catch {
        entry.append(("error", .string("\(error.line):\(error.column): \(error.reason)")))
      }
      cases.append(.object(entry))
    }
    let directory = FileManager.default.temporaryDirectory
    let input = directory.appendingPathComponent("rstate-toml-\(getpid()).json")
    try JSONValue.array(cases).serialized().write(to: input, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: input) }
    let script = """
      import json, math, sys, tomllib
      def untag(v):
          if isinstance(v, list): return [untag(x) for x in v]
          if set(v.keys()) == {"type", "value"} and isinstance(v["value"], str):
              t, s = v["type"], v["value"]
              if t == "string": return s
              if t == "integer": return int(s)
              if t == "float": return float(s)
              if t == "bool": return s == "true"
              if t == "datetime": return tomllib.loads("x = " + s)["x"]
          return {k: untag(x) for k, x in v.items()}
      def same(a, b):
          if isinstance(a, float) and isinstance(b, float) and math.isnan(a): return math.isnan(b)
          if isinstance(a, dict): return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
          if isinstance(a, list): return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
          return type(a) == type(b) and a == b
      problems = 0
      for case in json.load(open(sys.argv[1])):
          try:
              expected = tomllib.loads(case["document"])
          except tomllib.TOMLDecodeError as e:
              if "error" not in case:
                  print("rstate accepted what tomllib refuses:", repr(case["document"]), e); problems += 1
              continue
          if "error" in case:
              print("rstate refused what tomllib reads:", repr(case["document"]), case["error"]); problems += 1
          elif not same(expected, untag(case["parsed"]["table"])):
              print("different values:", repr(case["document"]), expected, untag(case["parsed"]["table"])); problems += 1
      sys.exit(1 if problems else 0)
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script, input.path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(text)")
    #expect(Self.invalid.allSatisfy { (try? TOML.parse($0)) == nil })
  }

  /// tomllib reads integers of any size; TOML lets a reader refuse what it cannot hold, and
  /// rstate holds 64 bits.
  @Test func integersBeyondSixtyFourBitsAreRefused() {
    #expect(throws: TOMLError.self) { try TOML.parse("a = 9223372036854775808\n") }
  }

  @Test func errorsHaveLineAndColumn() {
    #expect(throws: TOMLError(line: 2, column: 1, reason: "'a' is defined twice")) {
      try TOML.parse("a = 1\na = 2\n")
    }
    do {
      _ = try TOML.parse("x = 1\n\ny = \"open\n")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 3)
    }
    let table = try? TOML.parse("a = 1\n\n[t]\nb = 2\n")
    #expect(table?.line(of: "t") == 3)
    #expect(table?["t"]?.table?.line(of: "b") == 4)
  }
}
