import NeurometryLinearAlgebra

/// A synthetic brain of known origin: a random linear readout of one layer, given the channel
/// offsets, signal variance and noise of a real subject (`ChannelNoise`), so that it is as
/// reliable as the real data (Han, Poggio & Cheung 2023, "System identification of neural systems:
/// if we got it right, would we know?", ICML).
///
/// With Z the layer's activations (n × p) centred per feature, W a p × c matrix of independent
/// standard normal weights and S = Z·W, each column of S is scaled to the subject's signal
/// variance vⱼ (a column without variance stays 0). The surrogate's mean responses at noise scale
/// λ are
///
///     R = 1·μᵀ + S + λ · E · diag(√(σ²ⱼ / r)),
///
/// μ the subject's channel offsets, E an n × c matrix of independent standard normals, σ²ⱼ / r
/// the variance of the noise in the subject's means. At λ = 1 each channel's reliability is, in
/// expectation, the subject's own; λ scales the noise's standard deviation. S and E are drawn once
/// per surrogate (`draw`), so the same brain is seen at every noise scale (common random numbers:
/// accuracy against noise is then a smooth curve).
///
/// Complexity: O(n·p·c) for S (one GEMM), O(n·c) per noise scale.
public struct SurrogateBrain: Sendable {
  /// S: the noise-free signal, n × c, columns at the subject's signal variance (offsets not added).
  public let signal: Matrix
  /// E: standard normal noise, n × c.
  public let standardNoise: Matrix
  /// The subject's noise model the surrogate follows.
  public let noise: ChannelNoise

  /// Draws a surrogate of `layer` (stimuli × features) for a subject with `noise`, from
  /// `random`. Throws `shapeMismatch` when the layer has no rows.
  public static func draw(layer: Matrix, noise: ChannelNoise, random: inout RandomStream) throws -> SurrogateBrain {
    let (n, p, c) = (layer.rows, layer.columns, noise.channels)
    guard n >= 2, p >= 1 else {
      throw NeurometryError.shapeMismatch(
        context: "surrogate brain", message: "a layer of \(n) stimuli × \(p) features cannot be read out")
    }
    let weights = Matrix(rows: p, columns: c, elements: random.gaussians(p * c))
    var signal = gemm(layer.centeringColumns().centered, weights)
    signal.withUnsafeMutableBufferPointer { s in
      for j in 0..<c {
        var sum = 0.0
        for i in 0..<n { sum += s[i * c + j] }
        let mean = sum / Double(n)
        var spread = 0.0
        for i in 0..<n { spread += (s[i * c + j] - mean) * (s[i * c + j] - mean) }
        let variance = spread / Double(n - 1)
        let scale = variance > 0 ? (noise.signalVariance[j] / variance).squareRoot() : 0
        for i in 0..<n { s[i * c + j] = (s[i * c + j] - mean) * scale }
      }
    }
    let standardNoise = Matrix(rows: n, columns: c, elements: random.gaussians(n * c))
    return SurrogateBrain(signal: signal, standardNoise: standardNoise, noise: noise)
  }

  /// The surrogate's mean responses (n × c) at noise scale `noiseScale` (1: the subject's own).
  public func responses(noiseScale: Double = 1) -> Matrix {
    let c = signal.columns
    let sd = noise.meanNoiseVariance.map { noiseScale * $0.squareRoot() }
    var r = signal
    r.withUnsafeMutableBufferPointer { out in
      standardNoise.withUnsafeBufferPointer { e in
        for k in 0..<out.count {
          let j = k % c
          out[k] += noise.offsets[j] + sd[j] * e[k]
        }
      }
    }
    return r
  }
}
