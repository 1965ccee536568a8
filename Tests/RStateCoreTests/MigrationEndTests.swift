import Testing

@testable import RStateCore

@Suite struct MigrationEndTests {
  let project = try! ProjectConfig(
    text: """
      [connections.staging]
      url = "redis://appuser@staging.internal:6380/2"
      password-env = "STAGING_PW"

      [connections.open]
      url = "redis://cache.internal:6379/0"
      """, path: "/srv/site/rstate.toml")

  func end(_ role: MigrationEnd.Role, _ text: String) throws(RStateError) -> MigrationEnd {
    try MigrationEnd(role, text) { () throws(RStateError) in project }
  }

  func password(
    _ end: MigrationEnd, askpass typed: String? = nil, _ environment: [String: String] = [:]
  ) throws(RStateError) -> (value: String, origin: SettingOrigin)? {
    try end.password(askpass: typed != nil, environment: environment) { _ in typed }
      .map { ($0.secret.value, $0.origin) }
  }

  @Test func atNameIsAConnectionOfTheProjectFile() throws {
    let named = try end(.source, "@staging")
    #expect(named.url == "redis://appuser@staging.internal:6380/2")
    #expect(named.connection?.passwordVariable == "STAGING_PW")
    #expect(try end(.target, "redis://h:1/0").connection == nil)
    #expect(MigrationEnd.namesServer("@staging") && MigrationEnd.namesServer("unix:///s"))
    #expect(!MigrationEnd.namesServer("./@staging") && !MigrationEnd.namesServer("dump.jsonl"))
    #expect(throws: RStateError.self) { try end(.source, "@prod") }
    let noProject = #expect(throws: RStateError.self) {
      try MigrationEnd(.target, "@prod") { () throws(RStateError) in nil }
    }
    #expect(noProject?.description.contains("--to @prod: no rstate.toml") == true)
  }

  @Test func passwordsComeFromThePromptThenPasswordEnvThenTheEndsVariable() throws {
    let staging = try end(.source, "@staging")
    let everything = ["STAGING_PW": "from-toml", "RSTATE_FROM_PASSWORD": "from-end"]
    #expect(
      try password(staging, askpass: "typed", everything)! == ("typed", .flag("--from-askpass")))
    #expect(try password(staging, everything)! == ("from-toml", .environment("STAGING_PW")))
    #expect(
      try password(staging, ["RSTATE_FROM_PASSWORD": "from-end"])!
        == ("from-end", .environment("RSTATE_FROM_PASSWORD")))
    // The target's variable is the target's only.
    let failure = #expect(throws: RStateError.self) {
      try password(staging, ["RSTATE_TO_PASSWORD": "x"])
    }
    #expect(
      failure?.description
        == "--from @staging: /srv/site/rstate.toml takes the password from STAGING_PW, which is "
        + "not set; set it, or give --from-askpass or RSTATE_FROM_PASSWORD")
    let open = try end(.target, "@open")
    #expect(try password(open) == nil)
    #expect(
      try password(open, ["RSTATE_TO_PASSWORD": "t"])! == ("t", .environment("RSTATE_TO_PASSWORD")))
    #expect(try password(open, ["RSTATE_FROM_PASSWORD": "s"]) == nil)
    // An empty answer at the prompt gives no password.
    #expect(try password(open, askpass: "") == nil)
  }

  @Test func aPasswordInTheURLStandsAloneAndNeverPrompts() throws {
    let inURL = try end(.target, "redis://:pw-in-url@h:1/0")
    #expect(try password(inURL, ["RSTATE_TO_PASSWORD": "other"]) == nil)
    var asked = false
    let refused = #expect(throws: RStateError.self) {
      try inURL.password(askpass: true, environment: [:]) { _ in
        asked = true
        return "typed"
      }
    }
    #expect(!asked)
    #expect(refused?.isUsageError == true)
    #expect(refused?.description.contains("pw-in-url") == false)
  }

  @Test func advicePerEnd() {
    #expect(
      MigrationEnd.Role.source.passwordAdvice.contains("--from-askpass, RSTATE_FROM_PASSWORD"))
    #expect(!MigrationEnd.Role.target.passwordAdvice.contains("REDIS_PASSWORD"))
  }
}
