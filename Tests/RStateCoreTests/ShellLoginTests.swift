import Testing

@testable import RStateCore

@Suite struct ShellLoginTests {
  @Test func credentialsOfAuthAndHello() throws {
    let plain = try #require(Connection.credentials(in: Command("AUTH", "pw1")))
    #expect(plain.0 == nil && plain.1 == "pw1")
    let named = try #require(Connection.credentials(in: Command("auth", "app", "pw2")))
    #expect(named.0 == "app" && named.1 == "pw2")
    let hello = try #require(
      Connection.credentials(in: Command("HELLO", "2", "auth", "app", "pw3", "SETNAME", "x")))
    #expect(hello.0 == "app" && hello.1 == "pw3")
    #expect(Connection.credentials(in: Command("HELLO", "2")) == nil)
    #expect(Connection.credentials(in: Command("HELLO", "2", "AUTH", "app")) == nil)
    #expect(Connection.credentials(in: Command("AUTH", "a", "b", "c")) == nil)
    // Not UTF-8 text: a reconnect could not send it again unchanged, so it is not kept.
    #expect(Connection.credentials(in: Command([Array("AUTH".utf8), [0xFF, 0xFE]])) == nil)
  }

  @Test func onlyHelloThreeIsHeldBack() {
    let words = { (line: String) in line.split(separator: " ").map { Array($0.utf8) } }
    #expect(ReplSession.asksForRESP3(words("HELLO 3 AUTH default pw")))
    #expect(ReplSession.asksForRESP3(words("hello 3")))
    #expect(!ReplSession.asksForRESP3(words("HELLO 2 AUTH default pw")))
    #expect(!ReplSession.asksForRESP3(words("HELLO")))
    #expect(!ReplSession.asksForRESP3(words("ECHO 3")))
  }
}
