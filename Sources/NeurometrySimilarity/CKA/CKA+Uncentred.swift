import NeurometryLinearAlgebra

extension CKA {
  /// Linear CKA's feature-space statistics without a centred copy of the inputs.
  ///
  /// With column means μ and n observations, XcᵀXc = XᵀX − n·μₓμₓᵀ, XcᵀYc = XᵀY − n·μₓμ_yᵀ,
  /// so the three products run on the inputs themselves (the centred copy — n·(p+q) doubles
  /// written, then read, a page fault per 4 KiB — is skipped). Rounding: the products' errors are
  /// about n·ε·(σ² + μ²) per entry against n·ε·σ² for centred data, so this is used only when
  /// every column has μⱼ² ≤ σⱼ² (errors at most twice those of centring; CKA still agrees with the
  /// centred computation to ~1e-14). A sample of rows decides whether to try; the exact σ from the
  /// products' diagonals confirms it, else nil and the caller centres (which also reports constant
  /// columns, NaN and overflow precisely). Row norms of the centred data (debiased estimator) are
  /// one read pass, ‖xᵢ − μ‖² accumulated without storing xᵢ − μ.
  func uncentredFeatureStatistics(_ x: Matrix, _ y: Matrix) -> (values: HSICValues, rowNorms: ([Double], [Double]))? {
    let n = x.rows
    let (mx, my) = (x.columnMeans, y.columnMeans)
    guard Self.sampleLooksCentred(x, mx), Self.sampleLooksCentred(y, my) else { return nil }
    let (gx, gy, gxy) = tallProducts(x, y)
    let nd = Double(n)
    for (g, m) in [(gx, mx), (gy, my)] {
      for j in 0..<m.count {
        let variance = g[j, j] / nd - m[j] * m[j]
        guard variance.isFinite, variance > 0, m[j] * m[j] <= variance else { return nil }
      }
    }
    func correctedSquares(_ g: Matrix, _ a: [Double], _ b: [Double]) -> Double {
      var total = 0.0
      g.withUnsafeBufferPointer { e in
        for i in 0..<a.count {
          let na = nd * a[i]
          let row = i * b.count
          for j in 0..<b.count {
            let v = e[row + j] - na * b[j]
            total += v * v
          }
        }
      }
      return total
    }
    var values = HSICValues(
      xy: correctedSquares(gxy, mx, my), xx: correctedSquares(gx, mx, mx), yy: correctedSquares(gy, my, my))
    guard estimator == .debiased else { return (values, ([], [])) }
    let rx = Self.centredRowSquaredNorms(x, mx)
    let ry = Self.centredRowSquaredNorms(y, my)
    let (sx, sy) = (rx.reduce(0, +), ry.reduce(0, +))
    let d = nd
    func debias(_ a: Double, _ r1: [Double], _ r2: [Double], _ s1: Double, _ s2: Double) -> Double {
      a - d / (d - 2) * dot(r1, r2) + s1 * s2 / ((d - 1) * (d - 2))
    }
    values = HSICValues(
      xy: debias(values.xy, rx, ry, sx, sy), xx: debias(values.xx, rx, rx, sx, sx),
      yy: debias(values.yy, ry, ry, sy, sy))
    return (values, (rx, ry))
  }

  /// Whether about 512 evenly spaced rows suggest every column has μ² ≤ σ²/2 (finite values).
  static func sampleLooksCentred(_ x: Matrix, _ mean: [Double]) -> Bool {
    let (n, p) = (x.rows, x.columns)
    guard n >= 4, mean.allSatisfy(\.isFinite) else { return false }
    let step = Swift.max(1, n / 512)
    var squares = [Double](repeating: 0, count: p)
    var count = 0.0
    x.withUnsafeBufferPointer { e in
      for i in stride(from: 0, to: n, by: step) {
        for j in 0..<p {
          let v = e[i * p + j] - mean[j]
          squares[j] += v * v
        }
        count += 1
      }
    }
    return (0..<p).allSatisfy { j in
      let variance = squares[j] / count
      return variance.isFinite && mean[j] * mean[j] <= 0.5 * variance
    }
  }

  /// ‖xᵢ − μ‖² per row, in parallel row chunks, without storing the centred rows.
  static func centredRowSquaredNorms(_ x: Matrix, _ mean: [Double]) -> [Double] {
    let (n, p) = (x.rows, x.columns)
    let chunks = n >= 2048 ? Parallel.workers : 1
    let parts =
      (try? Parallel.map(chunks) { c -> [Double] in
        let rows = (c * n / chunks)..<((c + 1) * n / chunks)
        return x.withUnsafeBufferPointer { e in
          rows.map { i in
            var s = 0.0
            for j in 0..<p {
              let v = e[i * p + j] - mean[j]
              s += v * v
            }
            return s
          }
        }
      }) ?? []
    return parts.flatMap { $0 }
  }
}
