import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Layers × layers CKA and minibatch CKA: against the numpy reference (Tests/Fixtures/cka,
/// minibatch sums of per-batch HSIC, Nguyen et al. 2021; relative tolerance 1e-10), against
/// pairwise `compare`, and their NaN-with-warning handling of undefined entries.
@Suite struct CKAMatrixTests {
  static func layers() throws -> [Matrix] {
    try (0..<3).map { try Fixtures.matrix("cka", "mb_l\($0)") }
  }

  @Test(arguments: [20, 25], CKAEstimator.allCases)
  func minibatchCKAMatchesNumpy(batch: Int, estimator: CKAEstimator) throws {
    let mb = try GeometryFixtures.expected("cka")["minibatch"] as? [String: Any] ?? [:]
    let expected = GeometryFixtures.doubles(mb["\(estimator.rawValue)_\(batch)"])
    let r = try MinibatchCKA.compute(try Self.layers(), batchSize: batch, cka: CKA(estimator: estimator))
    assertClose(r.values.flatMap { $0 }, expected, rtol: 1e-10, "batch \(batch) \(estimator)")
    #expect(r.batchSizes == (batch == 20 ? [20, 20, 20] : [25, 25, 10]))
    #expect(r.observations == 60 && r.warnings.isEmpty)
  }

  @Test func addingBatchesOneByOneEqualsCompute() throws {
    let layers = try Self.layers()
    let cka = try CKA(estimator: .debiased)
    var acc = try MinibatchCKA(cka: cka, names: ["a", "b", "c"])
    for start in stride(from: 0, to: 60, by: 15) {
      acc = try acc.adding(layers.map { Matrix(copying: $0.rowBlock(start..<(start + 15))) })
    }
    let direct = try MinibatchCKA.compute(layers, batchSize: 15, cka: cka, names: ["a", "b", "c"])
    assertClose(acc.result.values.flatMap { $0 }, direct.values.flatMap { $0 }, rtol: 1e-14)
    #expect(acc.batchSizes == [15, 15, 15, 15])
  }

  @Test(arguments: CKAKernel.allCases.filter { $0 != .precomputed }, CKAEstimator.allCases)
  func oneBatchAndTheMatrixEqualPairwiseCompare(kernel: CKAKernel, estimator: CKAEstimator) throws {
    let layers = try Self.layers()
    let cka = try CKA(kernel: kernel, estimator: estimator, bandwidth: 0.7)
    let single = try MinibatchCKA.compute(layers, batchSize: 60, cka: cka)
    let matrix = try cka.matrix(layers)
    for i in 0..<3 {
      for j in 0..<3 {
        let c = try cka.compare(layers[i], layers[j]).value
        assertClose(matrix.values[i][j], c, rtol: 1e-10, "\(kernel) \(estimator) matrix (\(i), \(j))")
        assertClose(single.values[i][j], c, rtol: 1e-10, "\(kernel) \(estimator) one batch (\(i), \(j))")
        assertClose(matrix.angular[i][j], acos(min(max(c, -1), 1)), rtol: 1e-9, atol: 1e-7)
      }
    }
  }

  @Test func matrixUsesBothFormsAndAgrees() throws {
    // n = 60 > every pᵢ + pⱼ (feature form) versus a forced Gram form.
    let layers = try Self.layers()
    for estimator in CKAEstimator.allCases {
      let f = try CKA(estimator: estimator, form: .feature).matrix(layers)
      let g = try CKA(estimator: estimator, form: .gram).matrix(layers)
      assertClose(f.values.flatMap { $0 }, g.values.flatMap { $0 }, rtol: 1e-10, "\(estimator)")
    }
  }

  @Test func undefinedEntriesAreNaNWithAWarning() throws {
    var layers = try Self.layers()
    layers.append(Matrix(rows: 60, columns: 2, repeating: 3))
    let names = ["l0", "l1", "l2", "dead"]
    let m = try CKA().matrix(layers, names: names)
    #expect(m.values[3].allSatisfy(\.isNaN) && m.values[0][3].isNaN && !m.values[0][1].isNaN)
    #expect(m.warnings.count == 1 && m.warnings[0].hasPrefix("HSIC(dead, dead) = "))
    let mb = try MinibatchCKA.compute(layers, batchSize: 20, cka: CKA(estimator: .debiased), names: names)
    #expect(mb.values[3].allSatisfy(\.isNaN) && mb.values[1][2] == mb.values[2][1])
    #expect(
      mb.warnings == [
        "HSIC(dead, dead) summed over batches = 0.0 is not positive (debiased estimator): CKA with dead is undefined and reported as NaN"
      ])
  }

  @Test func minibatchErrors() throws {
    let layers = try Self.layers()
    #expect(
      throws: NeurometryError.invalidInput(
        context: "minibatch cka", message: "the batch size must be at least 4 for the debiased estimator, found 3")
    ) {
      _ = try MinibatchCKA.compute(layers, batchSize: 3, cka: CKA(estimator: .debiased))
    }
    #expect(
      throws: NeurometryError.invalidInput(
        context: "minibatch cka",
        message: "precomputed kernels cannot be split into batches; use the linear or RBF kernel")
    ) {
      _ = try MinibatchCKA(cka: CKA(kernel: .precomputed), names: ["a"])
    }
    let short = Matrix(copying: layers[1].rowBlock(0..<50))
    #expect(
      throws: NeurometryError.shapeMismatch(
        context: "minibatch cka", message: "layer 0 has 60 rows (stimuli) but layer 1 has 50")
    ) {
      _ = try MinibatchCKA.compute([layers[0], short], batchSize: 10, cka: CKA())
    }
    let acc = try MinibatchCKA(cka: CKA(), names: ["a", "b"])
    #expect(
      throws: NeurometryError.shapeMismatch(
        context: "minibatch cka", message: "the batch has 3 layers, expected 2 (a, b)")
    ) {
      _ = try acc.adding(layers)
    }
    // A remainder below the estimator's minimum joins the previous batch.
    let merged = try MinibatchCKA.compute(layers, batchSize: 29, cka: CKA(estimator: .debiased))
    #expect(merged.batchSizes == [29, 31])
  }
}
