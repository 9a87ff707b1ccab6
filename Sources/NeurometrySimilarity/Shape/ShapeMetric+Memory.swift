import NeurometryLinearAlgebra

extension ShapeMetric {
  /// The peak memory of `distance(_:_:names:)` for X n×p and Y n×q — or, with `testObservations`
  /// m, of `crossValidatedDistance` with held-out m×p and m×q — inputs included, from the shapes
  /// and this metric's options (doubles, 8 bytes; BLAS buffers by `Matrix.blasBufferBytes` on
  /// `Parallel.workers` threads). The process itself is not included (`MemoryEstimate.process`).
  ///
  /// What the peak holds: the inputs, then the largest of the phases run one after the other —
  /// preparing X, then Y beside X's embedding (each: the centred copy n×p, which is the embedding
  /// itself for α = 1; for α < 1 also, at the eigendecomposition, XcᵀXc, dsyevd's copy and
  /// workspace (2p² + 6p), or, at the whitening, the eigenvectors, Z (p×p each) and the whitened
  /// n×p, after which the eigenvectors and the whitened n×p are kept), transforming the held-out
  /// data (m×p, while centred and whitened: twice that and Z), and the pair: φ(X)ᵀφ(Y) (p×q) and
  /// dgesdd's copy and workspace for its singular values (orthogonal), or with held-out data the
  /// full SVD (U, Vᵀ, workspace 4k² + 6k + max(p, q), k = min(p, q)) then the rotation block and
  /// the held-out cross-product (p×q each); the assignment's copies (permutation, p×q, two when
  /// p > q). Near-zero distances (cos θ > 1 − 10⁻⁴) also form the aligned difference: add
  /// n×max(p, q) and about 8·max(p, q)² doubles (not included).
  public func memoryEstimate(observations n: Int, widths: (Int, Int), testObservations m: Int? = nil)
    -> MemoryEstimate
  {
    let (p, q) = widths
    let threads = Parallel.workers
    var inputs = MemoryEstimate()
    inputs.add("X", rows: n, columns: p)
    inputs.add("Y", rows: n, columns: q)
    if let m {
      inputs.add("held-out X", rows: m, columns: p)
      inputs.add("held-out Y", rows: m, columns: q)
    }
    let a = preparationEstimate(observations: n, width: p, name: "X")
    let b = preparationEstimate(observations: n, width: q, name: "Y")
    var phases = [a.peak, a.kept + b.peak]
    var held = a.kept + b.kept
    if let m {
      let ta = testTransformEstimate(observations: m, width: p, name: "X")
      let tb = testTransformEstimate(observations: m, width: q, name: "Y")
      phases += [held + ta.peak, held + ta.kept + tb.peak]
      held = held + ta.kept + tb.kept
    }
    phases.append(held + pairEstimate(widths: (p, q), testObservations: m))
    var estimate = inputs + MemoryEstimate.peak(phases)
    let products = productShapes(observations: n, widths: [p, q], testObservations: m)
    estimate.add(
      "OpenBLAS packing buffers (\(threads) threads)",
      bytes: products.map { Matrix.blasBufferBytes(rows: $0.0, inner: $0.1, columns: $0.2, threads: threads) }
        .max() ?? 0)
    return estimate
  }

  /// The peak memory of `pairwiseDistances(_:test:names:)` for K representations n×pₖ (`widths`)
  /// — with `testObservations` m, also their held-out m×pₖ — inputs included, from the shapes
  /// and this metric's options (doubles; the process itself is not included).
  ///
  /// What the peak holds: the inputs, then the largest of three parallel phases
  /// (`Parallel.workers` items in flight, BLAS one thread per item): preparing the K embeddings
  /// (every finished embedding kept, the `Parallel.workers` costliest in flight at their
  /// preparation peak, as in `memoryEstimate(observations:widths:testObservations:)`); transforming
  /// the held-out data likewise; then the K(K−1)/2 pairs beside all embeddings (and transformed
  /// held-out data), the `Parallel.workers` widest pairs in flight, each holding φ(Xᵢ)ᵀφ(Xⱼ)
  /// (pᵢ×pⱼ) and its SVD's (or assignment's) copies and workspace. Plus OpenBLAS's packing
  /// buffers of the largest product, one set per worker thread.
  public func pairwiseMemoryEstimate(observations n: Int, widths: [Int], testObservations m: Int? = nil)
    -> MemoryEstimate
  {
    let workers = Parallel.workers
    var inputs = MemoryEstimate()
    inputs.add("the \(widths.count) representations (n × Σpₖ)", rows: n, columns: widths.reduce(0, +))
    if let m { inputs.add("their held-out data (m × Σpₖ)", rows: m, columns: widths.reduce(0, +)) }
    let prepared = widths.enumerated().map {
      preparationEstimate(observations: n, width: $0.element, name: "representation \($0.offset)")
    }
    var phases = [Self.inFlight(prepared, workers: workers)]
    var held = Self.merged(prepared.map { $0.kept }, as: "the \(widths.count) embeddings")
    if let m {
      let transformed = widths.enumerated().map {
        testTransformEstimate(observations: m, width: $0.element, name: "representation \($0.offset)")
      }
      phases.append(held + Self.inFlight(transformed, workers: workers))
      held = held + Self.merged(transformed.map { $0.kept }, as: "the \(widths.count) transformed held-out sets")
    }
    // The pairs in flight at the worst moment: those with the largest working sets, which grow
    // with both widths, so they are among the pairs of the `workers + 1` widest representations.
    let widest = Array(widths.sorted(by: >).prefix(workers + 1))
    let pairs = widest.indices.flatMap { i in widest.indices.filter { $0 > i }.map { (widest[i], widest[$0]) } }
    let pairPeaks = pairs.map { pairEstimate(widths: $0, testObservations: m) }.sorted { $0.bytes > $1.bytes }
    phases.append(pairPeaks.prefix(workers).reduce(held, +))
    var estimate = inputs + MemoryEstimate.peak(phases)
    let products = productShapes(observations: n, widths: widths, testObservations: m)
    let perThread = products.map { Matrix.blasBufferBytes(rows: $0.0, inner: $0.1, columns: $0.2, threads: 1) }.max()
    estimate.add("OpenBLAS packing buffers (1 per worker, \(workers) workers)", bytes: workers * (perThread ?? 0))
    return estimate
  }

  // MARK: - Pieces

  /// `prepare` of an n×p representation: what the embedding keeps (the centred, whitened n×p and,
  /// for α < 1, the p×p eigenvectors) and everything alive at its peak (the input not included).
  func preparationEstimate(observations n: Int, width p: Int, name: String) -> (
    kept: MemoryEstimate, peak: MemoryEstimate
  ) {
    var centred = MemoryEstimate()
    if centerColumns { centred.add("centred \(name)", rows: n, columns: p) }
    guard alpha <= 1 - PartialWhitening.eigenvalueFloor else {
      // No whitening: the embedding is the centred copy (or the input itself without centring).
      return (centred, centred)
    }
    var eigen = MemoryEstimate()
    eigen.add("XcᵀXc of \(name)", rows: p, columns: p)
    eigen.add("dsyevd copy", rows: p, columns: p)
    eigen.add("dsyevd workspace (2p² + 6p)", bytes: (2 * p * p + 6 * p + 1) * 8 + (5 * p + 3) * 4)
    var whitening = MemoryEstimate()
    whitening.add("eigenvectors of \(name)", rows: p, columns: p)
    whitening.add("whitening matrix Z of \(name)", rows: p, columns: p)
    whitening.add("whitened \(name)", rows: n, columns: p)
    var kept = MemoryEstimate()
    kept.add("whitened \(name)", rows: n, columns: p)
    kept.add("eigenvectors of \(name)", rows: p, columns: p)
    return (kept, centred + MemoryEstimate.peak([eigen, whitening]))
  }

  /// `ShapeEmbedding.transform` of m held-out rows of width p: the transformed m×p kept; at its
  /// peak the shifted copy, Z (p×p) and the product (α < 1) or just the shifted copy (α = 1).
  func testTransformEstimate(observations m: Int, width p: Int, name: String) -> (
    kept: MemoryEstimate, peak: MemoryEstimate
  ) {
    var kept = MemoryEstimate()
    kept.add("transformed held-out \(name)", rows: m, columns: p)
    guard alpha <= 1 - PartialWhitening.eigenvalueFloor else { return (kept, kept) }
    var peak = kept
    peak.add("shifted held-out \(name)", rows: m, columns: p)
    peak.add("whitening matrix Z of \(name)", rows: p, columns: p)
    return (kept, peak)
  }

  /// `compare` of two prepared representations of widths p and q (and held-out data when
  /// `testObservations` is given): the cross-product and what aligning it needs.
  func pairEstimate(widths: (Int, Int), testObservations m: Int?) -> MemoryEstimate {
    let (p, q) = widths
    let k = Swift.min(p, q)
    var estimate = MemoryEstimate()
    estimate.add("φ(X)ᵀφ(Y)", rows: p, columns: q)
    switch group {
    case .orthogonal where m == nil:
      estimate.add("dgesdd copy", rows: p, columns: q)
      estimate.add(
        "dgesdd workspace (singular values only)", bytes: (3 * k + Swift.max(32 * (p + q), 7 * k)) * 8 + 8 * k * 4)
    case .orthogonal:
      var factorising = MemoryEstimate()
      factorising.add("dgesdd copy", rows: p, columns: q)
      factorising.add(
        "dgesdd workspace (4k² + 6k + max(p, q))", bytes: (4 * k * k + 6 * k + Swift.max(p, q)) * 8 + 8 * k * 4)
      var factors = MemoryEstimate()
      factors.add("U", rows: p, columns: k)
      factors.add("Vᵀ", rows: k, columns: q)
      var scoring = MemoryEstimate()
      scoring.add("rotation block U·Vᵀ", rows: p, columns: q)
      scoring.add("held-out cross-product", rows: p, columns: q)
      estimate = estimate + factors + MemoryEstimate.peak([factorising, scoring])
    case .permutation:
      estimate.add("assignment cost copies", rows: p > q ? 2 * p : p, columns: q)
      estimate.add("assignment vectors", rows: 8, columns: Swift.max(p, q))
    case .identity:
      break
    }
    return estimate
  }

  /// The BLAS level-3 products (m, k, n) of a comparison: φ(X)ᵀφ(Y) per pair and, for α < 1,
  /// XcᵀXc and Xc·Z per representation and the held-out transforms and cross-products.
  func productShapes(observations n: Int, widths: [Int], testObservations m: Int?) -> [(Int, Int, Int)] {
    var shapes = [(Int, Int, Int)]()
    let widest = widths.sorted(by: >)
    if widest.count >= 2 { shapes.append((widest[0], n, widest[1])) }
    if let m, widest.count >= 2 { shapes.append((widest[0], m, widest[1])) }
    if alpha <= 1 - PartialWhitening.eigenvalueFloor, let p = widest.first {
      shapes += [(p, n, p), (n, p, p)]
      if let m { shapes.append((m, p, p)) }
    }
    return shapes
  }

  /// All `steps` done (their `kept`) except the `workers` whose peaks exceed their kept part most,
  /// which are in flight at their peaks.
  static func inFlight(_ steps: [(kept: MemoryEstimate, peak: MemoryEstimate)], workers: Int) -> MemoryEstimate {
    let extra = steps.map { $0.peak.bytes - $0.kept.bytes }
    let order = steps.indices.sorted { extra[$0] > extra[$1] }
    let running = Set(order.prefix(workers))
    let done = Self.merged(steps.indices.filter { !running.contains($0) }.map { steps[$0].kept }, as: "finished steps")
    return running.sorted().map { steps[$0].peak }.reduce(done, +)
  }

  /// The estimates as one item named `name` (for lists over K representations).
  static func merged(_ estimates: [MemoryEstimate], as name: String) -> MemoryEstimate {
    var estimate = MemoryEstimate()
    let bytes = estimates.reduce(0) { $0 + $1.bytes }
    if bytes > 0 { estimate.add(name, bytes: bytes) }
    return estimate
  }
}
