import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Closed forms and invariances of the OLS GLM: exact recovery of noise-free betas, residuals
/// orthogonal to the design, independence from the voxel batch size, equivariance under voxel
/// permutation, linearity, and percent-of-mean's scale invariance.
@Suite struct GLMPropertyTests {
  static func design(scans: Int = 83) throws -> DesignMatrix {
    let table = try TSVTable.parse(
      "onset\tduration\ttrial_type\n3\t2\tc2\n20\t1\tc10\n41\t3\ta\n60\t2\tc2\n90\t1\tc10\n120\t3\ta\n", path: "ev.tsv")
    return try FirstLevelDesign(highPass: 1.0 / 64).make(
      events: try BIDSEvents(table: table), scans: scans, repetitionTime: 1.9)
  }

  @Test func noiseFreeBetasAreRecoveredAndResidualsVanish() throws {
    let d = try Self.design()
    let b = Synthetic.gaussian(rows: d.regressorCount, columns: 37, seed: 1)
    let y = d.matrix * b
    let fit = try GeneralLinearModel().fit(y, design: d, context: "synthetic")
    assertClose(fit.betas, b, rtol: 1e-9, atol: 1e-9, "betas")
    #expect(maxAbsDifference(try #require(fit.residuals), Matrix(rows: y.rows, columns: y.columns)) < 1e-9)
    #expect(fit.degreesOfFreedom == 83 - d.regressorCount)
    #expect(fit.conditionBetas.rows == 3)
  }

  @Test func residualsAreOrthogonalToTheDesign() throws {
    let d = try Self.design()
    let y = Synthetic.gaussian(rows: 83, columns: 29, seed: 2)
    let r = try #require(try GeneralLinearModel().fit(y, design: d, context: "s").residuals)
    #expect(maxAbsDifference(d.matrix.transposeTimes(r), Matrix(rows: d.regressorCount, columns: 29)) < 1e-10)
  }

  @Test func batchSizeDoesNotChangeTheResult() throws {
    let d = try Self.design()
    let y = Synthetic.gaussian(rows: 83, columns: 101, seed: 3)
    let reference = try GeneralLinearModel(voxelBatchSize: 4096).fit(y, design: d, context: "s")
    for batch in [1, 7, 50, 100] {
      let fit = try GeneralLinearModel(voxelBatchSize: batch).fit(y, design: d, context: "s")
      assertClose(fit.betas, reference.betas, rtol: 1e-13, atol: 1e-14, "batch \(batch)")
      assertClose(
        try #require(fit.residuals), try #require(reference.residuals), rtol: 1e-13, atol: 1e-13, "batch \(batch)")
    }
  }

  @Test func permutingVoxelsPermutesBetasAndInputsStayUnchanged() throws {
    let d = try Self.design()
    let y = Synthetic.gaussian(rows: 83, columns: 13, seed: 4)
    let (dCopy, yCopy) = (d, y)
    let permutation = [12, 0, 5, 3, 11, 1, 2, 4, 6, 10, 8, 9, 7]
    let a = try GeneralLinearModel().fit(y, design: d, context: "s")
    let b = try GeneralLinearModel().fit(y.selectingColumns(permutation), design: d, context: "s")
    assertClose(b.betas, a.betas.selectingColumns(permutation), rtol: 1e-12, atol: 1e-13, "permuted")
    #expect(d == dCopy && y == yCopy)
  }

  @Test func betasAreLinearInTheData() throws {
    let d = try Self.design()
    let y1 = Synthetic.gaussian(rows: 83, columns: 9, seed: 5)
    let y2 = Synthetic.gaussian(rows: 83, columns: 9, seed: 6)
    let glm = GeneralLinearModel(keepResiduals: false)
    let f1 = try glm.fit(y1, design: d, context: "s")
    let f2 = try glm.fit(y2, design: d, context: "s")
    let f = try glm.fit(2.5 * y1 + y2, design: d, context: "s")
    assertClose(f.betas, 2.5 * f1.betas + f2.betas, rtol: 1e-10, atol: 1e-12, "linearity")
    #expect(f.residuals == nil)
  }

  @Test func percentOfMeanIgnoresTheDataScale() throws {
    let d = try Self.design()
    let y = Synthetic.gaussian(rows: 83, columns: 11, seed: 7).map { 500 + 10 * $0 }
    let glm = GeneralLinearModel(signalScaling: .percentOfMean)
    let a = try glm.fit(y, design: d, context: "s")
    let b = try glm.fit(3 * y, design: d, context: "s")
    assertClose(b.betas, a.betas, rtol: 1e-10, atol: 1e-11, "scale invariance")
    // A constant series is 0 % change everywhere.
    let flat = try glm.fit(Matrix(rows: 83, columns: 2, repeating: 250), design: d, context: "s")
    #expect(flat.betas.elements.allSatisfy { abs($0) < 1e-10 })
  }
}
