import Testing

@testable import RStateCore

@Suite struct SettingsResolverTests {
  func resolve(
    _ flags: ConnectionFlags = ConnectionFlags(), environment: [String: String] = [:],
    dotEnv: String? = nil
  ) throws(RStateError) -> ResolvedConnection {
    try SettingsResolver.resolve(
      flags: flags, environment: environment,
      envFile: dotEnv == nil ? .none : .explicit(path: "app/.env"),
      readFile: { _ in dotEnv })
  }

  @Test func defaults() throws {
    let settings = try resolve().settings
    #expect(settings.endpoint == .tcp(host: "127.0.0.1", port: Endpoint.defaultPort))
    #expect(settings.db == 0)
    #expect(settings.password == nil)
    #expect(settings.connectTimeout == 5)
    #expect(settings.socketTimeout == nil)
  }

  @Test func flagsBeatEnvironmentWhichBeatsDotEnv() throws {
    let dotEnv = "REDIS_HOST=file-host\nREDIS_PORT=1111\nREDIS_DB=1\nREDIS_PASSWORD=file-pw\n"
    let environment = ["REDIS_HOST": "env-host", "REDIS_PORT": "2222"]
    let resolved = try resolve(
      ConnectionFlags(host: "flag-host"), environment: environment, dotEnv: dotEnv)
    #expect(resolved.settings.endpoint == .tcp(host: "flag-host", port: 2222))
    #expect(resolved.settings.db == 1)
    #expect(resolved.settings.password?.value == "file-pw")
    let origins = Dictionary(uniqueKeysWithValues: resolved.origins.map { ($0.setting, $0.origin) })
    #expect(origins["host"] == .flag("--host"))
    #expect(origins["port"] == .environment("REDIS_PORT"))
    #expect(origins["db"] == .settingsFile(path: "app/.env", line: 3, variable: "REDIS_DB"))
    #expect(resolved.origins.first { $0.setting == "password" }?.value == "***")
    #expect(!resolved.passwordFromCommandLine)
  }

  @Test func redisURLBeatsHostAndPortInTheSameSource() throws {
    let settings = try resolve(
      environment: [
        "REDIS_URL": "redis://url-host:3333/4", "REDIS_HOST": "ignored",
        "REDIS_PORT": "1",
      ]
    ).settings
    #expect(settings.endpoint == .tcp(host: "url-host", port: 3333))
    #expect(settings.db == 4)
  }

  @Test func explicitFlagsBeatTheURLFlag() throws {
    let settings = try resolve(ConnectionFlags(url: "redis://h:1/4", db: "2")).settings
    #expect(settings.endpoint == .tcp(host: "h", port: 1))
    #expect(settings.db == 2)
  }

  @Test func socketFlagOverridesHostAndPort() throws {
    let settings = try resolve(
      ConnectionFlags(host: "h", socket: "/tmp/r.sock"), environment: ["REDIS_PORT": "1"]
    ).settings
    #expect(settings.endpoint == .unix(path: "/tmp/r.sock"))
  }

  @Test func hostFlagBeatsASocketFromTheEnvironment() throws {
    let settings = try resolve(
      ConnectionFlags(host: "h"), environment: ["REDIS_URL": "unix:///tmp/r.sock"]
    ).settings
    #expect(settings.endpoint == .tcp(host: "h", port: Endpoint.defaultPort))
  }

  @Test func rediscliAuthIsAFallbackForTheEnvironment() throws {
    #expect(try resolve(environment: ["REDISCLI_AUTH": "a"]).settings.password?.value == "a")
    #expect(
      try resolve(environment: ["REDISCLI_AUTH": "a", "REDIS_PASSWORD": "b"]).settings.password?
        .value == "b")
    let fromFlag = try resolve(ConnectionFlags(password: "c"), environment: ["REDISCLI_AUTH": "a"])
    #expect(fromFlag.settings.password?.value == "c")
    #expect(fromFlag.passwordFromCommandLine)
  }

  @Test func kubernetesServicePortVariable() throws {
    let settings = try resolve(environment: ["REDIS_PORT": "tcp://10.0.0.7:6380"]).settings
    #expect(settings.endpoint == .tcp(host: "127.0.0.1", port: 6380))
  }

  @Test func timeouts() throws {
    let settings = try resolve(
      environment: ["REDIS_SOCKET_TIMEOUT": "2.5", "REDIS_SOCKET_CONNECT_TIMEOUT": "0"]
    ).settings
    #expect(settings.socketTimeout == 2.5)
    #expect(settings.connectTimeout == nil)
  }

  @Test func rediss() throws {
    #expect(try resolve(ConnectionFlags(url: "rediss://h:6380")).settings.tls)
  }

  @Test(arguments: [
    (
      ConnectionFlags(port: "abc"),
      "invalid port 'abc' from flag --port: must be a number from 1 to 65535"
    ),
    (
      ConnectionFlags(db: "-1"),
      "invalid database '-1' from flag --db: must be a number from 0 to 2147483647"
    ),
    (
      ConnectionFlags(db: "2147483648"),
      "invalid database '2147483648' from flag --db: must be a number from 0 to 2147483647"
    ),
    (
      ConnectionFlags(connectTimeout: "soon"),
      "invalid connect timeout 'soon' from flag --connect-timeout: must be a number of seconds from 0 to 1000000"
    ),
    // Numbers that would trap or mean nothing once turned into milliseconds.
    (
      ConnectionFlags(connectTimeout: "1e300"),
      "invalid connect timeout '1e300' from flag --connect-timeout: must be a number of seconds from 0 to 1000000"
    ),
    (
      ConnectionFlags(socketTimeout: "inf"),
      "invalid socket timeout 'inf' from flag --socket-timeout: must be a number of seconds from 0 to 1000000"
    ),
    (
      ConnectionFlags(socketTimeout: "nan"),
      "invalid socket timeout 'nan' from flag --socket-timeout: must be a number of seconds from 0 to 1000000"
    ),
    (
      ConnectionFlags(socketTimeout: "-1"),
      "invalid socket timeout '-1' from flag --socket-timeout: must be a number of seconds from 0 to 1000000"
    ),
  ])
  func badFlagsNameTheFlag(flags: ConnectionFlags, message: String) {
    #expect(throws: (any Error).self) { try resolve(flags) }
    do {
      _ = try resolve(flags)
    } catch {
      #expect(error.description == message)
      #expect(error.isUsageError)
    }
  }

  @Test func badValuesInDotEnvNameTheLine() {
    do {
      _ = try resolve(dotEnv: "\nREDIS_PORT=eighty\n")
      Issue.record("expected an error")
    } catch {
      #expect(
        error.description
          == "invalid port 'eighty' from app/.env:2 (REDIS_PORT): must be a number from 1 to 65535")
    }
  }

  @Test func onlyRedisVariablesAreReadFromDotEnv() throws {
    let resolved = try resolve(dotEnv: "SECRET_KEY=abc\nDATABASE_URL=postgres://x\nREDIS_DB=3\n")
    #expect(resolved.settings.db == 3)
    #expect(resolved.origins.allSatisfy { !$0.value.contains("abc") })
  }

  @Test func explicitEnvFileMustExist() {
    #expect(throws: RStateError.io(path: "missing.env", reason: "no such file")) {
      try SettingsResolver.resolve(
        flags: ConnectionFlags(), environment: [:], envFile: .explicit(path: "missing.env"),
        readFile: { _ in nil })
    }
  }
}
