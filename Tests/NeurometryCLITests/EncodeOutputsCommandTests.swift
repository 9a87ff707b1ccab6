import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `encode --predictions`, `--coefficients`, `--fold-ids` and `--band-weights` on the real binary,
/// against scikit-learn (RidgeCV coef_/intercept_, cross_val_predict with KFold and
/// PredefinedSplit) and himalaya (banded ridge at fixed band weights).
@Suite struct EncodeOutputsCommandTests {
  let encoding = Fixtures.directory + "/encoding"

  @Test func coefficientsOfTheRefitMatchScikitLearn() throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("coef.h5")
    let r = try CLIRunner.run([
      "encode", "\(encoding)/loo_tall_x.npy", "\(encoding)/loo_tall_y.npy", "--inner-cv", "loo", "--alphas",
      "10,0.1,1,100,0.01", "--coefficients", out,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let file = try HDF5File(path: out)
    assertClose(
      try file.dataset("/coefficients").read().matrix(context: out), try Fixtures.matrix("encoding", "loo_tall_coef"),
      rtol: 1e-8, "coefficients (sklearn RidgeCV coef_)")
    assertClose(
      try file.dataset("/intercepts").read().doubles(context: out),
      try Fixtures.vector("encoding", "loo_tall_intercept"),
      rtol: 1e-8, "intercepts")
    // .npy: the coefficients and NAME_intercepts.npy beside them; never over them without --force.
    let npy = dir.file("coef.npy")
    let again = try CLIRunner.run([
      "encode", "\(encoding)/loo_tall_x.npy", "\(encoding)/loo_tall_y.npy", "--inner-cv", "loo", "--alphas",
      "10,0.1,1,100,0.01", "--coefficients", npy,
    ])
    #expect(again.status == 0, "\(again.stderr)")
    assertClose(
      try NPYFile.read(dir.file("coef_intercepts.npy")).doubles(context: "i"),
      try Fixtures.vector("encoding", "loo_tall_intercept"), rtol: 1e-8, "npy intercepts")
    let refused = try CLIRunner.run([
      "encode", "\(encoding)/loo_tall_x.npy", "\(encoding)/loo_tall_y.npy", "--inner-cv", "loo", "--coefficients", npy,
    ])
    #expect(refused.status == 1 && refused.stderr.contains(npy))
  }

  @Test func heldOutPredictionsMatchCrossValPredict() throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("pred.npy")
    let r = try CLIRunner.run([
      "encode", "\(encoding)/loo_tall_x.npy", "\(encoding)/loo_tall_y.npy", "--alphas", "1", "--inner-cv", "loo",
      "--cv", "kfold:5", "--predictions", out,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    assertClose(
      try NPYFile.read(out).matrix(context: out), try Fixtures.matrix("encoding", "outputs_kfold5_predictions"),
      rtol: 1e-9, atol: 1e-12, "cross_val_predict(KFold(5))")
  }

  @Test func foldIDsArePredefinedSplits() throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("pred.h5")
    let r = try CLIRunner.run([
      "encode", "\(encoding)/loo_tall_x.npy", "\(encoding)/loo_tall_y.npy", "--alphas", "1", "--inner-cv", "loo",
      "--fold-ids", "\(encoding)/outputs_fold_ids.npy", "--predictions", out, "--output", dir.file("scores.npz"),
      "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let got = try HDF5File(path: out).dataset("/predictions").read().matrix(context: out)
    let expected = try Fixtures.matrix("encoding", "outputs_predefined_predictions")
    let ids = try Fixtures.vector("encoding", "outputs_fold_ids")
    #expect(ids.filter { $0 == -1 }.count == 8)
    for i in 0..<got.rows {
      if ids[i] == -1 {
        let row = got.row(i)
        #expect(row.allSatisfy { $0.isNaN }, "stimulus \(i) is never tested")
      } else {
        assertClose(got.row(i), expected.row(i), rtol: 1e-9, atol: 1e-12, "stimulus \(i)")
      }
    }
    let scores = try NPZFile(path: dir.file("scores.npz")).array(named: "scores").doubles(context: "scores")
    assertClose(scores, try Fixtures.vector("encoding", "outputs_predefined_scores"), rtol: 1e-9, "scores over 4 folds")
    #expect(r.stdout.contains("\"splits\" : 4"))
  }

  @Test func fixedBandWeightsMatchHimalaya() throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("coef.h5")
    let r = try CLIRunner.run([
      "encode", "\(encoding)/banded_fixed_x.npy", "\(encoding)/banded_fixed_y.npy", "--model", "banded", "--bands",
      "4,7",
      "--band-weights", "0.5,0.5;0.9,0.1;0.2,0.8;0.05,0.95", "--alphas", "logspace:-2:4:7", "--inner-cv", "kfold:5",
      "--no-intercept", "--coefficients", out,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    assertClose(
      try HDF5File(path: out).dataset("/coefficients").read().matrix(context: out),
      try Fixtures.matrix("encoding", "banded_fixed_coef"), rtol: 1e-8, atol: 1e-12, "himalaya coef at fixed weights")
  }

  @Test func errors() throws {
    let dir = try TemporaryDirectory()
    let base = ["encode", "\(encoding)/loo_tall_x.npy", "\(encoding)/loo_tall_y.npy"]
    #expect(try CLIRunner.run(base + ["--predictions", dir.file("p.csv")]).status == 64)
    #expect(try CLIRunner.run(base + ["--band-weights", "0.5,0.5"]).status == 64)
    #expect(
      try CLIRunner.run(
        base + ["--splits", "\(encoding)/splits.json", "--fold-ids", "\(encoding)/outputs_fold_ids.npy"]
      )
      .status == 64)
    let short = try CLIRunner.run(base + ["--fold-ids", "\(encoding)/cli_regions.npy"])
    #expect(short.status == 1 && short.stderr.contains("labels but there are 40 stimuli"), "\(short.stderr)")
    let weights = try CLIRunner.run([
      "encode", "\(encoding)/banded_fixed_x.npy", "\(encoding)/banded_fixed_y.npy", "--model", "banded", "--bands",
      "4,7",
      "--band-weights", "0.5,0.5;1",
    ])
    #expect(
      weights.status == 1 && weights.stderr.contains("weighting 1 is not 2 positive numbers"), "\(weights.stderr)")
    let overlap = try CLIRunner.run(base + ["--cv", "shuffle-split:5:0.5", "--predictions", dir.file("p.npy")])
    #expect(overlap.status == 1 && overlap.stderr.contains("at most once"), "\(overlap.stderr)")
  }
}
