import Foundation

/// numpy's legacy generator `numpy.random.RandomState(seed)` (MT19937, Matsumoto & Nishimura
/// 1998), reproduced draw for draw, so that seeded splits and searches give the same numbers as
/// scikit-learn and himalaya (`check_random_state(seed)` is this generator).
///
/// What is reproduced, each exactly (same bits), as numpy 2.x implements the legacy stream:
/// - seeding from an integer in 0…2³²−1 (`init_genrand`), 32-bit outputs (tempered MT19937);
/// - `random_sample()`: 53-bit doubles `((a >> 5)·2²⁶ + (b >> 6)) / 2⁵³` from two 32-bit words;
/// - `random_interval(max)` (masked rejection), hence `shuffle`, `permutation` and
///   `choice(n, size, replace=False)` (= `permutation(n)[:size]`);
/// - `standard_normal` (polar Box–Muller with one cached value), `standard_exponential`
///   (`−log(1 − u)`), `standard_gamma` (Marsaglia–Tsang for shape ≥ 1, the legacy rejection
///   sampler for shape < 1) and `dirichlet` (normalised gamma draws).
///
/// For Neurometry's own resampling use `RandomStream` (independent streams per resample index);
/// this generator exists to match the Python tools bit for bit where users expect it.
public struct NumpyRandomState: Sendable {
  private var state: [UInt32]
  private var position: Int
  private var cachedGaussian: Double?

  /// `numpy.random.RandomState(seed)`.
  public init(seed: UInt32) {
    var mt = [UInt32](repeating: 0, count: 624)
    mt[0] = seed
    for i in 1..<624 {
      mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
    }
    state = mt
    position = 624
  }

  private mutating func regenerate() {
    state.withUnsafeMutableBufferPointer { mt in
      for i in 0..<624 {
        let y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % 624] & 0x7FFF_FFFF)
        mt[i] = mt[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_B0DF)
      }
    }
    position = 0
  }

  /// The next tempered 32-bit output.
  public mutating func nextUInt32() -> UInt32 {
    if position >= 624 { regenerate() }
    var y = state[position]
    position += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9D2C_5680
    y ^= (y << 15) & 0xEFC6_0000
    y ^= y >> 18
    return y
  }

  /// 64 bits from two 32-bit outputs, high word first (numpy's `mt19937_next64`).
  public mutating func nextUInt64() -> UInt64 {
    let high = UInt64(nextUInt32())
    return (high << 32) | UInt64(nextUInt32())
  }

  /// Uniform double in [0, 1) — `random_sample()`.
  public mutating func nextDouble() -> Double {
    let a = Double(nextUInt32() >> 5)
    let b = Double(nextUInt32() >> 6)
    return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
  }

  /// Uniform integer in 0…max by masked rejection — numpy's legacy `random_interval`.
  public mutating func nextInterval(_ max: UInt64) -> UInt64 {
    if max == 0 { return 0 }
    var mask = max
    for shift: UInt64 in [1, 2, 4, 8, 16, 32] { mask |= mask >> shift }
    if max <= 0xFFFF_FFFF {
      while true {
        let value = UInt64(nextUInt32()) & mask
        if value <= max { return value }
      }
    }
    while true {
      let value = nextUInt64() & mask
      if value <= max { return value }
    }
  }

  /// Shuffles in place as `RandomState.shuffle` does for a 1-D array (Fisher–Yates from the end).
  public mutating func shuffle<T>(_ values: inout [T]) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
      let j = Int(nextInterval(UInt64(i)))
      values.swapAt(i, j)
    }
  }

  /// `RandomState.permutation(n)`.
  public mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<Swift.max(n, 0))
    shuffle(&p)
    return p
  }

  /// `RandomState.permutation(values)`: a shuffled copy.
  public mutating func permutation<T>(of values: [T]) -> [T] {
    var p = values
    shuffle(&p)
    return p
  }

  /// `RandomState.choice(n, size: count, replace: false)` without probabilities: the first
  /// `count` entries of `permutation(n)`.
  public mutating func choiceWithoutReplacement(from n: Int, count: Int) -> [Int] {
    precondition(count >= 0 && count <= n, "choiceWithoutReplacement: \(count) of \(n)")
    return Array(permutation(n).prefix(count))
  }

  /// Standard normal by the polar Box–Muller method, one value cached — `standard_normal()`.
  public mutating func nextGaussian() -> Double {
    if let g = cachedGaussian {
      cachedGaussian = nil
      return g
    }
    var x1 = 0.0
    var x2 = 0.0
    var r2 = 0.0
    repeat {
      x1 = 2 * nextDouble() - 1
      x2 = 2 * nextDouble() - 1
      r2 = x1 * x1 + x2 * x2
    } while r2 >= 1 || r2 == 0
    let f = (-2 * Foundation.log(r2) / r2).squareRoot()
    cachedGaussian = f * x1
    return f * x2
  }

  /// Standard exponential `−log(1 − u)` — `standard_exponential()`.
  public mutating func nextExponential() -> Double {
    -Foundation.log(1 - nextDouble())
  }

  /// Standard gamma with the given shape (scale 1) — `standard_gamma(shape)`.
  public mutating func nextGamma(shape: Double) -> Double {
    if shape == 1 { return nextExponential() }
    if shape == 0 { return 0 }
    if shape < 1 {
      while true {
        let u = nextDouble()
        let v = nextExponential()
        if u <= 1 - shape {
          let x = Foundation.pow(u, 1 / shape)
          if x <= v { return x }
        } else {
          let y = -Foundation.log((1 - u) / shape)
          let x = Foundation.pow(1 - shape + shape * y, 1 / shape)
          if x <= v + y { return x }
        }
      }
    }
    let b = shape - 1.0 / 3.0
    let c = 1 / (9 * b).squareRoot()
    while true {
      var x = 0.0
      var v = 0.0
      repeat {
        x = nextGaussian()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = nextDouble()
      if u < 1 - 0.0331 * (x * x) * (x * x) { return b * v }
      if Foundation.log(u) < 0.5 * x * x + b * (1 - v + Foundation.log(v)) { return b * v }
    }
  }

  /// One draw from the Dirichlet distribution with concentration `alpha` — a row of
  /// `RandomState.dirichlet(alpha, size)`: gamma draws divided by their sum.
  public mutating func nextDirichlet(_ alpha: [Double]) -> [Double] {
    var values = [Double](repeating: 0, count: alpha.count)
    var sum = 0.0
    for j in alpha.indices {
      values[j] = nextGamma(shape: alpha[j])
      sum += values[j]
    }
    let inverse = 1 / sum
    return values.map { $0 * inverse }
  }
}
