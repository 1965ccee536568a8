import Foundation
import RStateCore
import Testing

private func b(_ text: String) -> [UInt8] { Array(text.utf8) }

private func json(_ result: RunResult) throws -> [String: Any] {
  try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
}

/// The exit status says whether what was asked for now holds: keys skipped as
/// `--on-conflict skip` asked and work that found nothing to do exit 0; conflicts under
/// `fail`, failures and differences exit 1.
@Suite(.enabled(if: RedisServer.shouldRun))
struct ExitStatusTests {
  @Test func skippedKeysExitZeroAndAreCountedEvenWhenVerified() throws {
    let source = try RedisServer()
    let target = try RedisServer()
    let seed = source.connection()
    _ = try seed.send(Command([b("SET"), b("shared"), b("from source")]))
    _ = try seed.send(Command([b("SET"), b("same"), b("v")]))
    _ = try seed.send(Command([b("SET"), b("new"), b("n")]))
    _ = try target.connection().send(Command([b("SET"), b("shared"), b("the target's own")]))
    _ = try target.connection().send(Command([b("SET"), b("same"), b("v")]))
    let ends = ["--from", "unix://\(source.socketPath)", "--to", "unix://\(target.socketPath)"]

    // A dry run says what the run would do, and exits as it would: the identical key is
    // unchanged, not a conflict.
    let dryFail = try rstate(["migrate"] + ends + ["--dry-run", "--json"])
    #expect(dryFail.status == 1, "\(dryFail.err)")
    let dryFailCounts = try json(dryFail)
    #expect(dryFailCounts["conflicts"] as? Int == 1 && dryFailCounts["unchanged"] as? Int == 1)
    let drySkip = try rstate(["migrate"] + ends + ["--dry-run", "--on-conflict", "skip", "--json"])
    #expect(drySkip.status == 0, "\(drySkip.err)")
    let drySkipCounts = try json(drySkip)
    #expect(drySkipCounts["skipped"] as? Int == 1 && drySkipCounts["unchanged"] as? Int == 1)

    // skip with --verify: the target's own value is what was asked for, not a difference.
    let skipped = try rstate(["migrate"] + ends + ["--on-conflict", "skip", "--verify"])
    #expect(skipped.status == 0, "\(skipped.err)")
    #expect(skipped.out.contains("skipped     1"), "\(skipped.out)")
    #expect(
      skipped.out.contains(
        "verified 2 keys: 0 missing, 0 different, 1 skipped (the target's own values, "
          + "--on-conflict skip)"), "\(skipped.out)")
    #expect(!skipped.err.contains("difference"), "\(skipped.err)")
    let again = try rstate(["migrate"] + ends + ["--on-conflict", "skip", "--verify", "--json"])
    #expect(again.status == 0, "\(again.err)")
    let summary = try json(again)
    #expect(summary["skipped"] as? Int == 1 && summary["unchanged"] as? Int == 2)
    let verification = try #require(summary["verification"] as? [String: Any])
    #expect(verification["skipped"] as? Int == 1 && verification["different"] as? Int == 0)
    #expect(
      try target.connection().send(Command([b("GET"), b("shared")]))
        == .bulk(b("the target's own")))

    // Under fail the same key is a conflict, and --verify-only (no run to know what was
    // skipped) reports it as a difference.
    let conflict = try rstate(["migrate"] + ends + ["--verify"])
    #expect(conflict.status == 1)
    #expect(conflict.out.contains("conflicts   1"), "\(conflict.out)")
    let compared = try rstate(["migrate"] + ends + ["--verify-only"])
    #expect(compared.status == 1)
    #expect(compared.out.contains("1 different"), "\(compared.out)")
  }

  @Test func nothingMatchedIsNothingToDo() throws {
    let server = try RedisServer()
    let connection = server.connection()
    _ = try connection.send(Command([b("SET"), b("cache:1"), b("v"), b("EX"), b("600")]))
    _ = try connection.send(Command([b("SET"), b("cache:2"), b("v"), b("EX"), b("600")]))
    let socket = ["-s", server.socketPath]

    // Standard input is not a terminal and there is no --yes: with nothing to delete there
    // is nothing to confirm either.
    let flushed = try rstate(["flush", "--pattern", "session:*"] + socket)
    #expect(flushed.status == 0, "\(flushed.err)")
    #expect(flushed.err.contains("nothing to delete"), "\(flushed.err)")
    let flushedJSON = try rstate(["flush", "--pattern", "session:*", "--json"] + socket)
    #expect(flushedJSON.status == 0)
    #expect(try json(flushedJSON)["matched"] as? Int == 0)

    let expiring = try rstate(
      ["ttl", "--pattern", "cache:*", "--set", "60", "--only-missing"] + socket)
    #expect(expiring.status == 0, "\(expiring.err)")
    #expect(expiring.err.contains("0 keys without an expiry"), "\(expiring.err)")
    #expect(expiring.err.contains("nothing to change"), "\(expiring.err)")
    let none = try rstate(["ttl", "--pattern", "session:*", "--set", "60"] + socket)
    #expect(none.status == 0, "\(none.err)")
    #expect(none.err.contains("nothing to change"), "\(none.err)")
    guard case .integer(let ttl) = try connection.send(Command([b("TTL"), b("cache:1")])) else {
      Issue.record("no TTL")
      return
    }
    #expect(ttl > 60, "--only-missing left the key's own expiry")

    // A check that finds a problem is not "nothing to do".
    let missing = try rstate(["ttl", "cache:1", "nope"] + socket)
    #expect(missing.status == 1)
  }
}
