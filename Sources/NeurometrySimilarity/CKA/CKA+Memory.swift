import NeurometryLinearAlgebra

extension CKA {
  /// The peak memory of `compare(_:_:names:)` for X n×p and Y n×q (for `.precomputed`, n×n
  /// kernels: p = q = n), inputs included, from the shapes and this CKA's kernel, estimator and
  /// form, before anything is loaded (doubles, 8 bytes; BLAS buffers by `Matrix.blasBufferBytes`
  /// on `Parallel.workers` threads). The process itself is not included (`MemoryEstimate.process`).
  ///
  /// What the peak holds, by path (`form` or, when nil, the feature form when n > p + q):
  /// - linear, feature form, products of the inputs (`uncentredFeatureStatistics`, taken when every
  ///   column's mean is small next to its spread): X, Y, XᵀX (p×p), YᵀY (q×q), XᵀY (p×q) and the
  ///   buffers of the larger SYRK.
  /// - linear, feature form, centred: X, Y, [Xc | Yc] (n×(p+q)), its Gram ((p+q)×(p+q)) and the
  ///   SYRK's buffers. Which of the two runs depends on the data, so unless
  ///   `columnsNearlyCentred` says the columns' means are small (μ² ≤ σ²/2 for every column, e.g.
  ///   centred data or zero-mean noise), the larger of the two is returned.
  /// - linear, Gram form: X, Y, [Xc | Yc], K and L (n×n each) and the buffers of the SYRK forming
  ///   an n×n Gram.
  /// - debiased estimator (linear): plus the centred row norms (2 × n).
  /// - rbf: X, Y and K (n×n) and, while L (n×n) is formed, the column-centred Y (n×q) or, after it,
  ///   the n(n−1)/2 pair distances whose median sets σ (the same for X while K is formed, before L
  ///   exists).
  /// - precomputed: the two n×n inputs and their centred copies (2 × n×n).
  public func memoryEstimate(observations n: Int, columns: (x: Int, y: Int), columnsNearlyCentred: Bool = false)
    -> MemoryEstimate
  {
    let (p, q) = (columns.x, columns.y)
    let threads = Parallel.workers
    var inputs = MemoryEstimate()
    inputs.add(kernel == .precomputed ? "K (input)" : "X", rows: n, columns: kernel == .precomputed ? n : p)
    inputs.add(kernel == .precomputed ? "L (input)" : "Y", rows: n, columns: kernel == .precomputed ? n : q)
    switch kernel {
    case .linear:
      let centred = Self.centredCopyEstimate(observations: n, width: p + q)
      var working: MemoryEstimate
      if (form ?? (n > p + q ? .feature : .gram)) == .feature {
        var products = MemoryEstimate()
        products.add("XᵀX", rows: p, columns: p)
        products.add("YᵀY", rows: q, columns: q)
        products.add("XᵀY", rows: p, columns: q)
        products.add(
          "OpenBLAS packing buffers (SYRK of the wider input, \(threads) threads)",
          bytes: Matrix.blasBufferBytes(rows: Swift.max(p, q), inner: n, columns: Swift.max(p, q), threads: threads))
        var gram = centred
        gram.add("[Xc | Yc]ᵀ[Xc | Yc]", rows: p + q, columns: p + q)
        gram.add(
          "OpenBLAS packing buffers (SYRK of [Xc | Yc], \(threads) threads)",
          bytes: Matrix.blasBufferBytes(rows: p + q, inner: n, columns: p + q, threads: threads))
        working = columnsNearlyCentred ? products : MemoryEstimate.peak([products, gram])
      } else {
        working = centred
        working.add("K = XcXcᵀ", rows: n, columns: n)
        working.add("L = YcYcᵀ", rows: n, columns: n)
        working.add(
          "OpenBLAS packing buffers (SYRK of an n×n Gram, \(threads) threads)",
          bytes: Matrix.blasBufferBytes(rows: n, inner: Swift.max(p, q), columns: n, threads: threads))
      }
      if estimator == .debiased { working.add("centred row norms of X and Y", rows: 2, columns: n) }
      return inputs + working
    case .rbf:
      // K is formed from Xc (n×p), then the pair distances give σ; then L the same way beside K.
      let pairs = n * Swift.max(n - 1, 0) / 2
      func phase(kernels: [String], centred name: String, width: Int) -> MemoryEstimate {
        var held = MemoryEstimate()
        for matrix in kernels { held.add(matrix, rows: n, columns: n) }
        var centred = MemoryEstimate()
        centred.add("column-centred \(name)", rows: n, columns: width)
        var distances = MemoryEstimate()
        distances.add("squared distances of the pairs of \(name)", rows: pairs, columns: 1)
        return held + MemoryEstimate.peak([centred, distances])
      }
      var working = MemoryEstimate.peak([
        phase(kernels: ["K"], centred: "X", width: p), phase(kernels: ["K", "L"], centred: "Y", width: q),
      ])
      working.add(
        "OpenBLAS packing buffers (SYRK of an n×n Gram, \(threads) threads)",
        bytes: Matrix.blasBufferBytes(rows: n, inner: Swift.max(p, q), columns: n, threads: threads))
      working.add("squared row norms, then kernel row means", rows: 1, columns: n)
      return inputs + working
    case .precomputed:
      var working = MemoryEstimate()
      working.add("centred copy of K", rows: n, columns: n)
      working.add("centred copy of L", rows: n, columns: n)
      working.add("kernel row means or column sums", rows: 1, columns: n)
      return inputs + working
    }
  }

  /// [Xc | Yc] (n × width), written once by `KernelMatrices.centered`, and the column sums of
  /// squares of each of its `Parallel.workers` row chunks.
  static func centredCopyEstimate(observations n: Int, width: Int) -> MemoryEstimate {
    var estimate = MemoryEstimate()
    estimate.add("[Xc | Yc]", rows: n, columns: width)
    estimate.add("column sums of squares per worker", rows: Parallel.workers, columns: width)
    return estimate
  }
}
