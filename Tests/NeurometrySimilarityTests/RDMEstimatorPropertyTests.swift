import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Properties every RDM estimator must have, on seeded data of odd shapes.
@Suite struct RDMEstimatorPropertyTests {
  /// n conditions × r runs, P channels: Gaussian signal (scale `signal`) + unit noise.
  static func design(conditions n: Int, runs r: Int, channels p: Int, signal: Double, seed: UInt64) throws
    -> ResponsePatterns
  {
    var g = RandomStream(seed: seed)
    let s = (0..<(n * p)).map { _ in signal * g.nextGaussian() }
    var rows: [Double] = []
    var conds: [String] = []
    var runs: [String] = []
    for run in 0..<r {
      for c in 0..<n {
        rows.append(contentsOf: (0..<p).map { s[c * p + $0] + g.nextGaussian() })
        conds.append("k\(c)")
        runs.append(String(run))
      }
    }
    return try ResponsePatterns(
      measurements: Matrix(rows: n * r, columns: p, elements: rows),
      observationDescriptors: ["cond": conds, "run": runs])
  }

  @Test func squareFormIsSymmetricWithZeroDiagonalAndEuclideanIsTheDirectFormula() throws {
    for (rows, columns) in Synthetic.oddShapes where rows >= 2 {
      let x = Synthetic.gaussian(rows: rows, columns: columns, seed: UInt64(rows * 100 + columns))
      let rdm = try RDMEstimator(method: .euclidean).fit(ResponsePatterns(measurements: x))
      let m = rdm.squareMatrix(0)
      #expect(m.diagonalElements.allSatisfy { $0 == 0 })
      #expect(m == m.transposed)
      let direct = CondensedIndex.pairs(rows).map { (i, j) in
        zip(x.row(i), x.row(j)).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(columns)
      }
      assertClose(rdm.vector(0), direct, rtol: 1e-10, atol: 1e-14, "euclidean \(rows)×\(columns)")
    }
  }

  @Test func correlationRDMIsInvariantToScalingAndShiftingEachPattern() throws {
    let x = Synthetic.gaussian(rows: 9, columns: 17, seed: 4)
    var g = RandomStream(seed: 9)
    let scaled = x.scalingRows(by: (0..<9).map { _ in 0.1 + 5 * g.nextUniform() }).map { $0 + 3 }
    let a = try RDMEstimator(method: .correlation).fit(ResponsePatterns(measurements: x))
    let b = try RDMEstimator(method: .correlation).fit(ResponsePatterns(measurements: scaled))
    assertClose(b.dissimilarities, a.dissimilarities, rtol: 1e-10, atol: 1e-13)
    #expect(a.dissimilarities.elements.allSatisfy { $0 >= -1e-12 && $0 <= 2 + 1e-12 })
  }

  @Test func euclideanIsInvariantToTranslationAndRowOrder() throws {
    let data = try Self.design(conditions: 7, runs: 3, channels: 5, signal: 1, seed: 2)
    let e = RDMEstimator(method: .euclidean, conditionDescriptor: "cond")
    let base = try e.fit(data)
    let shifted = try ResponsePatterns(
      measurements: data.measurements.subtractingFromColumns((0..<5).map { Double($0) * 7 }),
      observationDescriptors: data.observationDescriptors)
    assertClose(try e.fit(shifted).dissimilarities, base.dissimilarities, rtol: 1e-9, atol: 1e-12)
    let order = RandomStream(seed: 5).permutationCopy(data.observationCount)
    let permuted = try ResponsePatterns(
      measurements: data.measurements.selectingRows(order),
      observationDescriptors: data.observationDescriptors.mapValues { v in order.map { v[$0] } })
    assertClose(try e.fit(permuted).dissimilarities, base.dissimilarities, rtol: 1e-12, atol: 1e-14)
  }

  @Test func identityPrecisionGivesTheEuclideanAndPlainCrossnobis() throws {
    let data = try Self.design(conditions: 6, runs: 4, channels: 9, signal: 0.5, seed: 3)
    let eye = Matrix.identity(9)
    let m = try RDMEstimator(method: .mahalanobis, conditionDescriptor: "cond", noisePrecision: eye).fit(data)
    let e = try RDMEstimator(method: .euclidean, conditionDescriptor: "cond").fit(data)
    assertClose(m.dissimilarities, e.dissimilarities, rtol: 1e-12, atol: 1e-14)
    let cn = try RDMEstimator(
      method: .crossnobis, conditionDescriptor: "cond", runDescriptor: "run", noisePrecision: eye
    )
    .fit(data)
    let c = try RDMEstimator(method: .crossnobis, conditionDescriptor: "cond", runDescriptor: "run").fit(data)
    assertClose(cn.dissimilarities, c.dissimilarities, rtol: 1e-12, atol: 1e-14)
  }

  @Test func crossnobisIsUnbiasedOnPureNoiseWhileEuclideanIsNot() throws {
    var crossnobis = 0.0
    var euclidean = 0.0
    var count = 0
    for seed in 0..<200 {
      let data = try Self.design(conditions: 5, runs: 4, channels: 20, signal: 0, seed: UInt64(seed))
      let c = try RDMEstimator(method: .crossnobis, conditionDescriptor: "cond", runDescriptor: "run").fit(data)
      let e = try RDMEstimator(method: .euclidean, conditionDescriptor: "cond").fit(data)
      crossnobis += c.dissimilarities.elements.reduce(0, +)
      euclidean += e.dissimilarities.elements.reduce(0, +)
      count += c.pairCount
    }
    // Noise of variance 1 averaged over 4 runs: E‖xᵢ − xⱼ‖²/P = 2/4 for the euclidean RDM.
    #expect(abs(crossnobis / Double(count)) < 0.02, "crossnobis mean \(crossnobis / Double(count))")
    #expect(abs(euclidean / Double(count) - 0.5) < 0.02, "euclidean mean \(euclidean / Double(count))")
  }

  @Test func balancedAndUnbalancedEstimatorsAgreeOnCompleteData() throws {
    let data = try Self.design(conditions: 5, runs: 3, channels: 8, signal: 1, seed: 11)
    for method in [RDMMethod.euclidean, .correlation, .crossnobis] {
      // On balanced data, means of single observations: euclidean and crossnobis agree exactly.
      guard method != .correlation else { continue }
      let runs = method == .crossnobis ? "run" : nil
      let b = try RDMEstimator(method: method, conditionDescriptor: "cond", runDescriptor: runs).fit(data)
      let u = try UnbalancedRDMEstimator(method: method, conditionDescriptor: "cond", runDescriptor: runs).fit(data)
      assertClose(u.dissimilarities, b.dissimilarities, rtol: 1e-9, atol: 1e-12, method.rawValue)
      #expect(u.conditions == b.conditions)
    }
  }

  @Test func inputsAreNotModified() throws {
    let data = try Self.design(conditions: 4, runs: 3, channels: 6, signal: 1, seed: 12)
    let copy = data
    let precision = Synthetic.positiveDefinite(6, seed: 1)
    let precisionCopy = precision
    for method in RDMMethod.allCases where method != .poisson && method != .poissonCV {
      _ = try RDMEstimator(
        method: method, conditionDescriptor: "cond", runDescriptor: "run",
        noisePrecision: method.usesNoisePrecision ? precision : nil
      ).fit(data)
    }
    #expect(data == copy)
    #expect(precision == precisionCopy)
  }

  @Test func timeResolvedRunsInParallelAndMatchesOneByOne() throws {
    let slices = (0..<6).map { Synthetic.gaussian(rows: 5, columns: 4, seed: UInt64(40 + $0)) }
    let e = RDMEstimator(method: .correlation)
    let movie = try TimeResolvedRDMEstimator(estimator: e).fit(slices: slices)
    #expect(movie.count == 6)
    #expect(movie.rdmDescriptors["time"] == ["0.0", "1.0", "2.0", "3.0", "4.0", "5.0"])
    for (t, s) in slices.enumerated() {
      #expect(movie.vector(t) == (try e.fit(ResponsePatterns(measurements: s))).vector(0))
    }
  }
}

extension RandomStream {
  /// A permutation from a copy of the stream (the stream itself is a value).
  func permutationCopy(_ n: Int) -> [Int] {
    var g = self
    return g.permutation(n)
  }
}

/// The copy-free correlation RDM (rank-one centring on the Gram) against centring the rows.
@Suite struct CorrelationRDMPathsTests {
  @Test func copyFreeAndCentredPathsAgree() throws {
    // Rows with small offsets take the copy-free path; add a large offset to one row and the
    // whole RDM is computed from centred rows: both must be the same correlation distances.
    let x = Synthetic.gaussian(rows: 23, columns: 57, seed: 8)
    var shifted = x
    for j in 0..<57 { shifted[4, j] += 1e4 }
    let small = try RDMEstimator(method: .correlation).fit(ResponsePatterns(measurements: x)).vector(0)
    let large = try RDMEstimator(method: .correlation).fit(ResponsePatterns(measurements: shifted)).vector(0)
    // Correlation ignores a row's offset: identical up to rounding.
    #expect(zip(small, large).allSatisfy { abs($0 - $1) <= 1e-11 })
    // Against the definition 1 − Pearson r on a few pairs.
    for (i, j) in [(0, 1), (3, 17), (20, 22)] {
      let (a, b) = (x.row(i), x.row(j))
      let (ma, mb) = (a.reduce(0, +) / 57, b.reduce(0, +) / 57)
      let num = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
      let da = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }
      let db = b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
      let expected = 1 - num / (da * db).squareRoot()
      #expect(abs(small[CondensedIndex.index(i, j, 23)] - expected) <= 1e-13, "pair (\(i), \(j))")
    }
  }
}

/// Time-resolved RDMs of any pattern estimator through one library entry
/// (`PatternRDMEstimator.fit(timeBins:)`; issue 13: the unbalanced case was assembled in the CLI).
@Suite struct TimeBinsTests {
  @Test func unbalancedTimeBinsAreTheBinsStacked() throws {
    let base = try RSAFixtures.unbalanced("unb_measurements")
    let bins = try (0..<3).map { b in
      try ResponsePatterns(
        measurements: base.measurements.map { $0 * Double(b + 1) + Double(b) },
        observationDescriptors: base.observationDescriptors,
        observationDescriptorKinds: base.observationDescriptorKinds)
    }
    for method in [RDMMethod.euclidean, .crossnobis] {
      let estimator = UnbalancedRDMEstimator(method: method, conditionDescriptor: "conds", runDescriptor: "runs")
      let stacked = try estimator.fit(timeBins: bins)
      #expect(stacked.count == 3 && stacked.rdmDescriptors["time"] == ["0.0", "1.0", "2.0"])
      for b in 0..<3 {
        let single = try estimator.fit(bins[b])
        #expect(stacked.dissimilarities.row(b) == single.dissimilarities.row(0), "\(method) bin \(b)")
        #expect(stacked.conditions == single.conditions)
      }
      // One bin is just the RDM.
      #expect(try estimator.fit(timeBins: [bins[0]]) == estimator.fit(bins[0]))
    }
    #expect(throws: NeurometryError.self) { try RDMEstimator().fit(timeBins: []) }
  }
}
