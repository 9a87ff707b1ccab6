import NeurometryEncoding
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The Brain-Score preset against Brain-Score's procedure transcribed with scikit-learn and scipy
/// (make_encoding.py, case brainscore): stratified 90/10 splits seed 1 on object labels, PLS(25,
/// scale=False) fully converged, Pearson r per neuroid (a silent neuroid gives NaN and is skipped),
/// median over neuroids, mean and SEM over splits, the internal-consistency ceiling and (r/c)².
/// Tolerance 1e-8 relative.
@Suite struct BrainScorePresetReferenceTests {
  @Test func reproducesTheBrainScoreNumbers() throws {
    let x = try Fixtures.matrix("encoding", "brainscore_activations")
    let repsArray = try Fixtures.array("encoding", "brainscore_repetitions")
    let v = try repsArray.doubles(context: "reps")
    let (r, n, t) = (repsArray.shape[0], repsArray.shape[1], repsArray.shape[2])
    let reps = (0..<r).map { Matrix(rows: n, columns: t, elements: Array(v[($0 * n * t)..<(($0 + 1) * n * t)])) }
    let y = reps.dropFirst().reduce(reps[0], +).map { $0 / Double(r) }
    let objects = SampleLabels(strings: try Fixtures.array("encoding", "brainscore_objects").strings)
    let result = try BrainScorePreset.analysis(classes: objects).run(x: x, y: y, repetitions: reps)
    assertClose(
      result.evaluation.splitScores, try EncodingFixtures.matrix("brainscore", "split_scores"), rtol: 1e-8, atol: 1e-12,
      "Pearson r per split and neuroid")
    let b = try #require(result.brainScore)
    assertClose(b.splitMedians, try EncodingFixtures.vector("brainscore", "split_medians"), rtol: 1e-8, "split medians")
    let expected = try EncodingFixtures.vector("brainscore", "summary")
    assertClose(
      [b.raw, b.rawError, try #require(b.ceiling), try #require(b.ceilingError), try #require(b.ceiled)], expected,
      rtol: 1e-8, "raw, error, ceiling, ceiling error, ceiled")
    #expect(result.evaluation.constantTargets == [4])
    #expect(result.evaluation.crossValidation.hasPrefix("stratified-shuffle-split:10:train=0.9:seed=1"))
  }
}
