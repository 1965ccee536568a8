import Glibc

/// PING as a health probe: one round trip, and waiting for a server that is still starting.
public enum PingProbe {
  /// Sends PING and returns the round trip in milliseconds; anything but PONG is an error.
  public static func ping(_ connection: Connection) throws(RStateError) -> Double {
    let started = monotonicSeconds()
    let reply = try connection.send(Command("PING"))
    let elapsed = (monotonicSeconds() - started) * 1000
    switch reply {
    case .status(let text) where text == Array("PONG".utf8):
      return elapsed
    case .error(let message):
      let error = ServerError(message: message)
      if error.isLoading { throw .loading(endpoint: connection.endpoint.description) }
      if error.isAuthenticationFailure {
        throw .authenticationFailed(
          user: connection.settings.user, endpoint: connection.endpoint.description,
          serverMessage: ServerText.printable(message, limit: 200))
      }
      throw .server(command: "PING", message: ServerText.printable(message, limit: 200))
    default:
      throw .unexpectedReply(command: "PING", reply: String(describing: reply))
    }
  }

  /// Connects and pings until the server answers or `seconds` pass; start-up ordering in
  /// scripts and compose files. Errors that waiting cannot fix (bad password) end it at once.
  public static func waitForPong(_ connection: Connection, seconds: Double) throws(RStateError)
    -> Double
  {
    let deadline = monotonicSeconds() + seconds
    while true {
      do {
        return try ping(connection)
      } catch  where error.isTransient && monotonicSeconds() < deadline {
        connection.close()
        sleep(seconds: min(0.1, max(0, deadline - monotonicSeconds())))
      }
    }
  }
}

/// Seconds on a clock that never jumps, for measuring durations.
public func monotonicSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Wall-clock Unix time in whole seconds.
public func unixTimeSeconds() -> Int64 { Int64(time(nil)) }

public func sleep(seconds: Double) {
  guard seconds > 0 else { return }
  var request = timespec(seconds: seconds)
  var remaining = timespec()
  while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}

extension timespec {
  /// Clamped to 0...1e15 seconds (NaN is 0), so no value can trap the conversion to Int.
  init(seconds: Double) {
    let bounded = seconds > 0 ? min(seconds, 1e15) : 0
    let whole = bounded.rounded(.down)
    self.init(tv_sec: Int(whole), tv_nsec: min(Int((bounded - whole) * 1e9), 999_999_999))
  }
}
