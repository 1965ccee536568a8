import Testing

@testable import RStateCore

@Suite struct DotEnvTests {
  func values(_ text: String, environment: [String: String] = [:]) throws -> [String: String] {
    Dictionary(
      try DotEnv.parse(text, path: ".env", environment: environment).map { ($0.name, $0.value) },
      uniquingKeysWith: { $1 })
  }

  @Test func conventionsTheAppsUse() throws {
    let text = """
      # Redis for the workflow service
      REDIS_HOST=cache.internal
      export REDIS_PORT=6380
      REDIS_PASSWORD='p#ss with spaces'   # single quotes are literal
      REDIS_USERNAME="app\\"user"
      REDIS_DB = 2 # trailing comment
      EMPTY=
      HASH_INSIDE=abc#def
      MULTI="line one
      line two"
      WINDOWS=crlf\r
      BARE_DECLARATION
      """
    let parsed = try values(text)
    #expect(parsed["REDIS_HOST"] == "cache.internal")
    #expect(parsed["REDIS_PORT"] == "6380")
    #expect(parsed["REDIS_PASSWORD"] == "p#ss with spaces")
    #expect(parsed["REDIS_USERNAME"] == "app\"user")
    #expect(parsed["REDIS_DB"] == "2")
    #expect(parsed["EMPTY"] == "")
    #expect(parsed["HASH_INSIDE"] == "abc#def")
    #expect(parsed["MULTI"] == "line one\nline two")
    #expect(parsed["WINDOWS"] == "crlf")
    #expect(parsed["BARE_DECLARATION"] == nil)
  }

  @Test func expansionPrefersTheEnvironmentThenEarlierLines() throws {
    let text = """
      REDIS_HOST=file-host
      REDIS_URL=redis://${REDIS_HOST}:${REDIS_PORT:-6380}/0
      """
    #expect(try values(text)["REDIS_URL"] == "redis://file-host:6380/0")
    #expect(
      try values(text, environment: ["REDIS_HOST": "env-host"])["REDIS_URL"]
        == "redis://env-host:6380/0")
    #expect(try values("A='${NOT_EXPANDED}'")["A"] == "${NOT_EXPANDED}")
  }

  /// Each line doubling the one before would ask for gigabytes from a 500-byte file.
  @Test func expansionIsBounded() throws {
    var lines = ["V0=xxxxxxxxxx"]
    for index in 1...30 { lines.append("V\(index)=${V\(index - 1)}${V\(index - 1)}") }
    lines.append("REDIS_HOST=${V30}")
    #expect(throws: RStateError.self) { try values(lines.joined(separator: "\n")) }
    do {
      _ = try values(lines.joined(separator: "\n"))
    } catch {
      #expect(
        "\(error)".contains(".env:14:")
          && "\(error)".contains("V13 grows past 64 KiB"))
    }
    // Up to the limit, expansion works as before.
    #expect(try values(Array(lines.prefix(12)).joined(separator: "\n"))["V11"]?.count == 20480)
  }

  @Test func linesAreNumbered() throws {
    let entries = try DotEnv.parse("\n# c\nA=1\n\nB=\"x\ny\"\nC=3\n", path: ".env")
    #expect(entries.map(\.line) == [3, 5, 7])
  }

  @Test(arguments: [
    (
      "A=1\nB=\"open\n",
      RStateError.settingsFile(
        path: ".env", line: 2, column: 3, reason: "the quote opened here is never closed")
    ),
    (
      "A='x' trailing",
      RStateError.settingsFile(
        path: ".env", line: 1, column: 7, reason: "unexpected text after the closing quote")
    ),
    (
      "GOOD=1\n=value",
      RStateError.settingsFile(path: ".env", line: 2, column: 1, reason: "expected NAME=value")
    ),
    (
      "NAME value",
      RStateError.settingsFile(path: ".env", line: 1, column: 6, reason: "expected '=' after NAME")
    ),
  ])
  func badLinesNameFileLineAndColumn(text: String, error: RStateError) {
    #expect(throws: error) { try DotEnv.parse(text, path: ".env") }
  }
}
