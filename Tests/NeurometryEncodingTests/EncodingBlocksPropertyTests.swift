import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// A cross-validated evaluation split into target blocks (`evaluate(_:_:names:blocks:)` +
/// `merge`) equals the whole evaluation bit for bit, whatever the blocks and their grouping; the
/// warnings are rebuilt from the blocks' notes and name the caller's columns.
@Suite struct EncodingBlocksPropertyTests {
  /// Y = X·W + noise with a NaN target (column 2), a constant one (5) and one constant on every
  /// sample but the first (8: constant in the training sets that leave sample 0 out).
  func data(n: Int = 36, p: Int = 9, t: Int = 23, seed: UInt64 = 3) -> (Matrix, Matrix) {
    let x = Synthetic.gaussian(rows: n, columns: p, seed: seed)
    var y =
      gemm(x, Synthetic.gaussian(rows: p, columns: t, seed: seed + 1))
      + Synthetic.gaussian(rows: n, columns: t, seed: seed + 2)
    for i in 0..<n {
      if i == 4 { y[i, 2] = .nan }
      y[i, 5] = -1
      y[i, 8] = i == 0 ? 3 : 0
    }
    return (x, y)
  }

  func evaluations() -> [CrossValidatedEncoding] {
    let alphas = [0.1, 1, 10, 100]
    let models: [EncodingModel] = [
      .ridge(RidgeCV(alphas: alphas, crossValidation: .kFold(folds: 3))),
      .ridgeLeaveOneOut(RidgeLeaveOneOut(alphas: alphas, score: .r2)),
      .bandedRidge(
        BandedRidgeCV(
          bands: [0..<4, 4..<9], alphas: alphas, search: .random(iterations: 3, seed: 2),
          crossValidation: .kFold(folds: 3))),
    ]
    return models.map { model in
      var e = CrossValidatedEncoding(model: model, crossValidation: .kFold(folds: 4), nanTargets: .drop)
      e.keepPredictions = true
      e.keepCoefficients = true
      return e
    }
  }

  func expectIdentical(_ a: EncodingEvaluation, _ b: EncodingEvaluation, _ what: String) {
    func bits(_ v: [Double]?) -> [UInt64]? { v?.map(\.bitPattern) }
    #expect(bits(a.scores) == bits(b.scores), "scores \(what)")
    #expect(bits(a.splitScores.elements) == bits(b.splitScores.elements), "split scores \(what)")
    #expect(bits(a.alphas) == bits(b.alphas), "α \(what)")
    #expect(bits(a.splitAlphas?.elements) == bits(b.splitAlphas?.elements), "split α \(what)")
    #expect(bits(a.bandScores?.elements) == bits(b.bandScores?.elements), "band scores \(what)")
    #expect(bits(a.bandAlphas?.elements) == bits(b.bandAlphas?.elements), "band α \(what)")
    #expect(bits(a.heldOutPredictions?.elements) == bits(b.heldOutPredictions?.elements), "predictions \(what)")
    #expect(bits(a.coefficients?.elements) == bits(b.coefficients?.elements), "coefficients \(what)")
    #expect(bits(a.intercepts) == bits(b.intercepts), "intercepts \(what)")
    #expect(a.droppedTargets == b.droppedTargets && a.constantTargets == b.constantTargets, "targets \(what)")
    #expect(a.warnings == b.warnings, "warnings \(what)")
  }

  /// `body` with OpenBLAS single-threaded throughout. The thread count is process-wide and the
  /// parallel loops of concurrently running suites switch it, while threaded and single-threaded
  /// GEMM round differently (TallProductTests); a bit-for-bit comparison inside this process holds
  /// it at one thread by running inside a parallel loop (ShardMergeTests compares separate
  /// processes at the default threading).
  func singleThreaded(_ body: @escaping @Sendable () throws -> Void) throws {
    _ = try Parallel.map(2) { i in if i == 0 { try body() } }
  }

  @Test(arguments: [1, 3, 7, 40]) func blocksMergeToTheWholeEvaluation(blockSize: Int) throws {
    try singleThreaded { try self.blocksMerge(blockSize: blockSize) }
  }

  func blocksMerge(blockSize: Int) throws {
    let (x, y) = data()
    for var evaluation in evaluations() {
      evaluation.targetBlock = blockSize
      let whole = try evaluation.evaluate(x, y)
      let blocks = try evaluation.targetBlocks(x, y)
      #expect(blocks.targets == (0..<23).filter { $0 != 2 })
      #expect(blocks.count == (22 + blockSize - 1) / blockSize)
      for shards in [1, 2, 5] {
        let partials = try (0..<shards).map { k in
          try evaluation.evaluate(x, y, blocks: try Shard(index: k, count: shards).units(of: blocks.count))
        }
        expectIdentical(whole, try evaluation.merge(partials, x, y), "\(evaluation.model.name), \(shards) shards")
      }
    }
  }

  @Test func warningsNameTheCallersColumnsAfterDroppingNaNTargets() throws {
    let (x, y) = data()
    var evaluation = evaluations()[0]
    evaluation.targetBlock = 4
    let result = try evaluation.evaluate(x, y)
    #expect(result.droppedTargets == [2] && result.constantTargets == [5])
    // Outer split 0 tests samples 0–8: its training sets leave column 8 constant; the model's
    // warning names column 8 of Y (not position 7 among the kept targets).
    #expect(
      result.warnings.contains("split 0: 2 targets are constant in Y (columns 5, 8); their scores are NaN"),
      "\(result.warnings)")
    #expect(result.warnings.first == "1 target of Y had NaN and was dropped (columns 2); their outputs are NaN")
  }

  @Test func incompleteOrForeignBlocksAreRefused() throws {
    let (x, y) = data()
    var evaluation = evaluations()[0]
    evaluation.targetBlock = 5
    let blocks = try evaluation.targetBlocks(x, y)
    let first = try evaluation.evaluate(x, y, blocks: 0..<2)
    let rest = try evaluation.evaluate(x, y, blocks: 2..<blocks.count)
    #expect(throws: NeurometryError.self) { try evaluation.merge([first], x, y) }
    #expect(throws: NeurometryError.self) { try evaluation.merge([rest, first], x, y) }
    #expect(throws: NeurometryError.self) {
      try evaluation.merge([first, rest], x, y.selectingColumns(Array(0..<20)))
    }
  }

  @Test func notesOfDisjointBlocksCombineIntoTheNotesOfAll() {
    var a = TargetNotes()
    a.constant = [0]
    a.nanFoldScores = 2
    a.undefined = [1]
    a.selection = .alpha
    var b = TargetNotes()
    b.constant = [1]
    b.nanFoldScores = 3
    b.messages = ["m"]
    let all = TargetNotes.combined([a.mapped(to: [3, 4]), b.mapped(to: [7, 9])])
    #expect(all.constant == [3, 9] && all.undefined == [4] && all.nanFoldScores == 5 && all.messages == ["m"])
    #expect(
      all.warnings(yName: "Y") == [
        "2 targets are constant in Y (columns 3, 9); their scores are NaN", "m",
        "5 fold scores were NaN (a target constant within a test fold) and were left out of the means",
        "1 targets had no defined CV score for any α (columns 4); their α is the largest on the grid and their score is NaN",
      ])
  }
}
