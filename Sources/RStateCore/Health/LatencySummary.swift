/// min/avg/p50/p99/max over a series of round trips, in milliseconds.
public struct LatencySummary: Sendable, Equatable {
  public var count: Int
  public var min: Double
  public var average: Double
  public var p50: Double
  public var p99: Double
  public var max: Double

  public init?(milliseconds samples: [Double]) {
    guard !samples.isEmpty else { return nil }
    let sorted = samples.sorted()
    count = sorted.count
    min = sorted.first!
    max = sorted.last!
    average = sorted.reduce(0, +) / Double(sorted.count)
    p50 = Self.percentile(sorted, 0.50)
    p99 = Self.percentile(sorted, 0.99)
  }

  /// Nearest-rank percentile: the smallest sample with at least `fraction` of samples at or
  /// below it.
  static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
  }
}
