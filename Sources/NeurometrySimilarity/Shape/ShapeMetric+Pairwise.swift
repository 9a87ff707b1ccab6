import NeurometryLinearAlgebra

extension ShapeMetric {
  /// Distances among K representations of the same stimuli (netrep
  /// `multiset.pairwise_distances`), optionally cross-validated on held-out stimuli.
  ///
  /// Each representation is centred and whitened once (K eigendecompositions instead of
  /// K(K−1)), then the K(K−1)/2 pairs run in parallel (`Parallel.map`, one BLAS thread per
  /// pair); results do not depend on the number of threads. Zero padding is per pair, as in
  /// netrep. `test[k]` holds held-out stimuli for representation k (same units).
  /// - Complexity: K preparations (O(n·pₖ) each, plus O(n·pₖ² + pₖ³) when α < 1) and, per pair,
  ///   2·n·pᵢ·pⱼ for the cross-product plus O(Pᵢⱼ³) for the SVD or assignment,
  ///   Pᵢⱼ = max(pᵢ, pⱼ); held-out data add O(m·pₖ²) per representation and O(m·pᵢ·pⱼ) per pair.
  public func pairwiseDistances(
    _ representations: [Matrix], test: [Matrix]? = nil, names: [String]? = nil
  ) throws -> ShapePairwiseDistances {
    let k = representations.count
    let labels = names ?? (0..<k).map { "representation \($0)" }
    guard labels.count == k else {
      throw NeurometryError.shapeMismatch(
        context: "shape", message: "\(labels.count) names for \(k) representations")
    }
    guard k >= 2 else {
      throw NeurometryError.invalidInput(
        context: "shape", message: "pairwise distances need at least 2 representations, found \(k)")
    }
    for i in 1..<k { try requirePair(representations[0], representations[i], names: (labels[0], labels[i])) }
    if let test {
      guard test.count == k else {
        throw NeurometryError.shapeMismatch(
          context: "shape", message: "\(test.count) test sets for \(k) representations")
      }
      for i in 1..<k {
        try requireTest(
          (test[0], test[i]), train: (representations[0], representations[i]), names: (labels[0], labels[i]))
      }
    }
    let embeddings = try Parallel.map(k) { try prepare(representations[$0], name: labels[$0]) }
    let transformed: [Matrix]? = try test.map { t in try Parallel.map(k) { embeddings[$0].transform(t[$0]) } }
    let pairs = (0..<k).flatMap { i in ((i + 1)..<k).map { (i, $0) } }
    let scores = try Parallel.map(pairs.count) { p in
      let (i, j) = pairs[p]
      return try compare(embeddings[i], embeddings[j], testA: transformed?[i], testB: transformed?[j])
    }
    var train = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    var held = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for (p, (i, j)) in pairs.enumerated() {
      train[i][j] = scores[p].train
      train[j][i] = scores[p].train
      held[i][j] = scores[p].test ?? .nan
      held[j][i] = scores[p].test ?? .nan
    }
    return ShapePairwiseDistances(
      names: labels, distances: train, testDistances: test == nil ? nil : held, metric: self,
      widths: representations.map(\.columns), observations: representations[0].rows,
      warnings: warnings(for: Array(zip(representations, labels))))
  }
}

extension ShapeMetric {
  /// φ_α(Xₖ) for each representation: centred, partially whitened (with the variance-preserving
  /// scale for the common width) and zero-padded to the widest, P = maxₖ pₖ — the space in which
  /// this metric's Euclidean distances are Procrustes distances, for `FrechetMean`.
  public func alignedSpace(_ representations: [Matrix], names: [String]? = nil) throws -> [Matrix] {
    let labels = names ?? (0..<representations.count).map { "representation \($0)" }
    guard labels.count == representations.count, let first = representations.first else {
      throw NeurometryError.invalidInput(
        context: "shape", message: "needs at least one representation and one name each")
    }
    for i in representations.indices { try requirePair(first, representations[i], names: (labels[0], labels[i])) }
    let width = representations.map(\.columns).max() ?? 0
    let embeddings = try Parallel.map(representations.count) { try prepare(representations[$0], name: labels[$0]) }
    return embeddings.map { e in
      let c = e.whitening.scale(paddedWidth: width)
      return ShapeAlignment.padded(c * e.whitened, width)
    }
  }
}
