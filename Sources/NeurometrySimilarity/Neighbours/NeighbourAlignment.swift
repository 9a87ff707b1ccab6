import NeurometryLinearAlgebra

/// Nearest-neighbour alignment of two representations of the same n stimuli (Huh, Cheung, Wang &
/// Isola 2024, "The platonic representation hypothesis", ICML; reference: platonic-rep
/// `metrics.py`, `mutual_knn` and `cknna`).
///
/// The similarity of stimuli i and j in X (n × p, stimuli as rows) is the inner product ⟨xᵢ, xⱼ⟩
/// (the paper normalises every row to unit length first, which makes it the cosine: pass
/// normalised rows for that). N_k(i) holds the k stimuli j ≠ i of largest similarity; ties go to
/// the smaller index (the reference leaves their order to `torch.argsort`/`topk`).
///
/// - Mutual k-NN: (1/n) Σᵢ |N_k^X(i) ∩ N_k^Y(i)| / k, in [0, 1]: 1 when both have the same
///   neighbours, about k/(n − 1) when they are unrelated. Symmetric; invariant to rotations and
///   uniform scaling of either side and to permuting the stimuli of both alike.
/// - CKNNA: with K = XXᵀ, L = YYᵀ and the neighbour masks M_X (Mᵢⱼ = 1 for j ∈ N_k^X(i)), M_Y and
///   M = M_X ⊙ M_Y, CKNNA = h(M ⊙ K, M ⊙ L) / √(h(M_X ⊙ K, M_X ⊙ K) · h(M_Y ⊙ L, M_Y ⊙ L)), where h is
///   the unbiased HSIC of Song et al. (2012), applied as the reference does to the masked — not
///   symmetric — matrices: h(A, B) = [Σᵢⱼ ÃᵢⱼB̃ⱼᵢ + ΣÃ·ΣB̃/((n−1)(n−2)) − 2·1ᵀÃB̃1/(n−2)] / (n(n−3)), Ã
///   and B̃ with zero diagonals. The biased form (`unbiased: false`) lets a stimulus be its own
///   neighbour (k counts it) and uses h(A, B) = trace(AHBH), H = I − 11ᵀ/n. The reference adds
///   10⁻⁶ to the denominator; the terms are reported (`CKNNAResult`) so that its value can be
///   rebuilt exactly. Invariant to rotations and uniform scaling. Not exactly symmetric: M ⊙ K is
///   not a symmetric matrix (neighbourhood is not mutual), and the unbiased HSIC's 1ᵀÃB̃1 term
///   depends on the order (the reference's does too: 0.10335 against 0.10352 with the sides
///   swapped on a fixture case); the biased form is symmetric.
///
/// - Complexity: O(n²·(p + q)) for the two Gram matrices (SYRK), O(n² log n) to rank each row's
///   neighbours, O(n²) for the rest; memory 2n² numbers.
public struct NeighbourAlignment: Sendable, Equatable {
  /// k, the neighbours of each stimulus (1 ≤ k ≤ n − 1; CKNNA needs k ≥ 2, as the reference).
  public var k: Int

  /// Alignment over the k nearest neighbours.
  public init(k: Int) {
    self.k = k
  }

  /// The mutual k-NN alignment of `x` and `y` (n × p and n × q). Throws `shapeMismatch` for a
  /// different number of stimuli, `invalidInput` for k outside 1 ... n − 1 or a non-finite value.
  public func mutualKNN(_ x: Matrix, _ y: Matrix) throws -> Double {
    try check(x, y, minimumK: 1, context: "mutual k-NN")
    let (nx, ny) = (
      Self.neighbours(gram(x, side: .rows), k: k, self: false), Self.neighbours(gram(y, side: .rows), k: k, self: false)
    )
    var shared = 0
    for i in 0..<x.rows { shared += Set(nx[i]).intersection(ny[i]).count }
    return Double(shared) / Double(x.rows * k)
  }

  /// CKNNA of `x` and `y` with its parts. Throws as `mutualKNN`, and for k < 2 or (unbiased) fewer
  /// than 4 stimuli.
  public func cknna(_ x: Matrix, _ y: Matrix, unbiased: Bool = true) throws -> CKNNAResult {
    try check(x, y, minimumK: 2, maximumK: unbiased ? x.rows - 1 : x.rows, context: "CKNNA")
    if unbiased && x.rows < 4 {
      throw NeurometryError.invalidInput(
        context: "CKNNA", message: "the unbiased HSIC needs at least 4 stimuli, got \(x.rows)")
    }
    let n = x.rows
    let (kx, ky) = (gram(x, side: .rows), gram(y, side: .rows))
    let (mx, my) = (
      Self.mask(Self.neighbours(kx, k: k, self: !unbiased), n: n),
      Self.mask(Self.neighbours(ky, k: k, self: !unbiased), n: n)
    )
    let both = mx.indices.map { mx[$0] && my[$0] }
    func masked(_ m: Matrix, _ mask: [Bool]) -> Matrix {
      var out = m
      out.withUnsafeMutableBufferPointer { o in for i in 0..<o.count where !mask[i] { o[i] = 0 } }
      return out
    }
    let h = unbiased ? Self.unbiasedHSIC : Self.biasedHSIC
    let xy = h(masked(kx, both), masked(ky, both))
    let xx = h(masked(kx, mx), masked(kx, mx))
    let yy = h(masked(ky, my), masked(ky, my))
    return CKNNAResult(value: xy / (xx * yy).squareRoot(), hsicXY: xy, hsicXX: xx, hsicYY: yy)
  }

  func check(_ x: Matrix, _ y: Matrix, minimumK: Int, maximumK: Int? = nil, context: String) throws {
    guard x.rows == y.rows else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "X has \(x.rows) stimuli (rows) but Y has \(y.rows)")
    }
    let most = maximumK ?? x.rows - 1
    guard k >= minimumK && k <= most else {
      throw NeurometryError.invalidInput(
        context: context, message: "k must be between \(minimumK) and \(most) for \(x.rows) stimuli, got \(k)")
    }
    for (name, m) in [("X", x), ("Y", y)] where m.elements.contains(where: { !$0.isFinite }) {
      throw NeurometryError.invalidInput(context: context, message: "\(name) has NaN or infinite values")
    }
  }

  /// Each row's k most similar columns of `gram` (largest first, ties to the smaller index),
  /// leaving out the row's own stimulus unless `self`.
  static func neighbours(_ gram: Matrix, k: Int, self includeSelf: Bool) -> [[Int]] {
    let n = gram.rows
    return (0..<n).map { i in
      let candidates = (0..<n).filter { includeSelf || $0 != i }
      let sorted = candidates.sorted { a, b in
        let (sa, sb) = (gram[i, a], gram[i, b])
        return sa != sb ? sa > sb : a < b
      }
      return Array(sorted.prefix(k))
    }
  }

  /// The n × n neighbour mask (row-major) of `neighbours`.
  static func mask(_ neighbours: [[Int]], n: Int) -> [Bool] {
    var m = [Bool](repeating: false, count: n * n)
    for (i, row) in neighbours.enumerated() { for j in row { m[i * n + j] = true } }
    return m
  }

  /// Song et al.'s unbiased HSIC of (not necessarily symmetric) A and B, as the reference sums it.
  static func unbiasedHSIC(_ a: Matrix, _ b: Matrix) -> Double {
    let n = a.rows
    var (trace, sumA, sumB) = (0.0, 0.0, 0.0)
    var columnSumsA = [Double](repeating: 0, count: n)
    var rowSumsB = [Double](repeating: 0, count: n)
    for i in 0..<n {
      for j in 0..<n where i != j {
        let (x, y) = (a[i, j], b[j, i])
        trace += x * y
        sumA += x
        sumB += b[i, j]
        columnSumsA[j] += x
        rowSumsB[i] += b[i, j]
      }
    }
    let product = zip(columnSumsA, rowSumsB).map { $0 * $1 }.reduce(0, +)
    let m = Double(n)
    return (trace + sumA * sumB / ((m - 1) * (m - 2)) - 2 * product / (m - 2)) / (m * (m - 3))
  }

  /// trace(A·H·B·H) with H = I − 11ᵀ/n: Σᵢⱼ AᵢⱼBⱼᵢ − (1/n)Σⱼ cⱼβⱼ − (1/n)Σᵢ αᵢdᵢ + (1/n²)ΣA·ΣB, with αᵢ,
  /// βᵢ the row sums and cⱼ, dⱼ the column sums of A and B.
  static func biasedHSIC(_ a: Matrix, _ b: Matrix) -> Double {
    let n = a.rows
    var trace = 0.0
    var (rowA, columnA, rowB, columnB) = (
      [Double](repeating: 0, count: n), [Double](repeating: 0, count: n), [Double](repeating: 0, count: n),
      [Double](repeating: 0, count: n)
    )
    for i in 0..<n {
      for j in 0..<n {
        trace += a[i, j] * b[j, i]
        rowA[i] += a[i, j]
        columnA[j] += a[i, j]
        rowB[i] += b[i, j]
        columnB[j] += b[i, j]
      }
    }
    let m = Double(n)
    let cross1 = zip(columnA, rowB).map { $0 * $1 }.reduce(0, +)
    let cross2 = zip(rowA, columnB).map { $0 * $1 }.reduce(0, +)
    return trace - cross1 / m - cross2 / m + rowA.reduce(0, +) * rowB.reduce(0, +) / (m * m)
  }
}

/// CKNNA with its three HSIC terms: value = hsicXY / √(hsicXX · hsicYY) (the reference computes
/// hsicXY / (√(hsicXX · hsicYY) + 10⁻⁶)).
public struct CKNNAResult: Sendable, Equatable, Codable {
  /// CKNNA.
  public let value: Double
  /// HSIC of the two kernels under the mutual neighbour mask.
  public let hsicXY: Double
  /// HSIC of X's kernel with itself under X's own neighbour mask.
  public let hsicXX: Double
  /// The same for Y.
  public let hsicYY: Double

  enum CodingKeys: String, CodingKey {
    case value, hsicXY = "hsic_xy", hsicXX = "hsic_xx", hsicYY = "hsic_yy"
  }
}
