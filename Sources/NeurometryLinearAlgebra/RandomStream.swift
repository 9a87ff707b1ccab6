import RealModule

/// A seeded pseudo-random generator with independent streams: xoshiro256** (Blackman & Vigna
/// 2018) whose 256-bit state is filled by SplitMix64 from `(seed, stream)`.
///
/// Resampling code derives one stream per resample index (`RandomStream(seed: s, stream: b)`), so
/// the b-th bootstrap sample is the same whichever thread draws it and however many threads run:
/// results never depend on the thread count. Streams for different `stream` values are
/// statistically independent for practical purposes (their states come from different SplitMix64
/// outputs of hashed keys).
///
/// Not numpy's generator: to reproduce a numpy run exactly, pass its resample indices in.
public struct RandomStream: RandomNumberGenerator, Sendable {
  private var s0, s1, s2, s3: UInt64
  private var spareGaussian: Double?

  /// SplitMix64's output function (Steele, Lea & Flood 2014), a good 64-bit mixer.
  @inlinable
  public static func splitMix64(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Stream `stream` of the generator seeded by `seed`.
  public init(seed: UInt64, stream: UInt64 = 0) {
    var k = seed
    let a = RandomStream.splitMix64(&k)
    var k2 = stream ^ 0x6A09_E667_F3BC_C909
    let b = RandomStream.splitMix64(&k2)
    var state = a ^ (b &* 0xD1B5_4A32_D192_ED03)
    s0 = RandomStream.splitMix64(&state)
    s1 = RandomStream.splitMix64(&state)
    s2 = RandomStream.splitMix64(&state)
    s3 = RandomStream.splitMix64(&state)
    if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is the one fixed point
  }

  /// A generator with the given raw xoshiro256** state (for testing against the reference code).
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    (s0, s1, s2, s3) = state
    precondition(s0 | s1 | s2 | s3 != 0, "RandomStream: the all-zero state is invalid")
  }

  @inline(__always)
  private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// Next 64 random bits (xoshiro256**).
  public mutating func next() -> UInt64 {
    let result = RandomStream.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = RandomStream.rotl(s3, 45)
    return result
  }

  /// Uniform in [0, 1) with 53 random bits.
  public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Standard normal N(0, 1) by the Box–Muller transform (pairs; the second value is kept).
  public mutating func nextGaussian() -> Double {
    if let g = spareGaussian {
      spareGaussian = nil
      return g
    }
    var u1 = nextUniform()
    while u1 == 0 { u1 = nextUniform() }
    let u2 = nextUniform()
    let r = (-2 * Double.log(u1)).squareRoot()
    let theta = 2 * Double.pi * u2
    spareGaussian = r * Double.sin(theta)
    return r * Double.cos(theta)
  }

  /// Uniform integer in 0..<n without modulo bias (Lemire's multiply-and-reject).
  public mutating func nextInt(below n: Int) -> Int {
    precondition(n > 0, "nextInt(below:) needs n > 0")
    let bound = UInt64(n)
    var m = next().multipliedFullWidth(by: bound)
    if m.low < bound {
      let threshold = (0 &- bound) % bound
      while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
    }
    return Int(m.high)
  }

  /// `count` indices drawn uniformly with replacement from 0..<n (a bootstrap sample).
  public mutating func sampleWithReplacement(from n: Int, count: Int) -> [Int] {
    (0..<count).map { _ in nextInt(below: n) }
  }

  /// A uniformly random permutation of 0..<n (Fisher–Yates).
  public mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    if n > 1 {
      for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, nextInt(below: i + 1)) }
    }
    return p
  }

  /// A vector of n standard normal values.
  public mutating func gaussians(_ n: Int) -> [Double] { (0..<n).map { _ in nextGaussian() } }
}
