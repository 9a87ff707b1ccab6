import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `neurometry searchlight` on the real binary: rsatoolbox's searchlight RDMs (sl_* fixtures of
/// make_rsa.py: a 7×6×5 mask, radius 2, threshold 0.5, 12 volumes of 4 events) from a 4-D NIfTI,
/// and model maps in the mask's space equal to each sphere's Pearson r with the model.
@Suite struct SearchlightCommandTests {
  let rsa = Fixtures.directory + "/rsa"

  /// The fixture volume (12 × 210 in rsatoolbox's C order) as a float64 4-D NIfTI, and the mask.
  func writeInputs(_ dir: TemporaryDirectory) throws -> (patterns: String, mask: String) {
    let data = try Fixtures.matrix("rsa", "sl_data")
    let mask = try Fixtures.vector("rsa", "sl_mask")
    let (nx, ny, nz) = (7, 6, 5)
    var volume = [Double](repeating: 0, count: nx * ny * nz * data.rows)
    var maskValues = [Double](repeating: 0, count: nx * ny * nz)
    for i in 0..<nx {
      for j in 0..<ny {
        for k in 0..<nz {
          let c = (i * ny + j) * nz + k
          maskValues[i + nx * (j + ny * k)] = mask[c]
          for t in 0..<data.rows { volume[i + nx * (j + ny * (k + nz * t))] = data[t, c] }
        }
      }
    }
    let identity = [[2.0, 0, 0, -7], [0, 2, 0, -6], [0, 0, 2, -5], [0, 0, 0, 1]]
    try NIfTIImage.write(
      values: volume, shape: [nx, ny, nz, data.rows], affine: identity, to: dir.file("betas.nii.gz"),
      dataType: .float64)
    try NIfTIImage.write(
      values: maskValues, shape: [nx, ny, nz], affine: identity, to: dir.file("mask.nii.gz"), dataType: .uint8)
    return (dir.file("betas.nii.gz"), dir.file("mask.nii.gz"))
  }

  @Test func rdmsAndMapsMatchRsatoolbox() throws {
    let dir = try TemporaryDirectory()
    let (patterns, mask) = try writeInputs(dir)
    let expected = try Fixtures.matrix("rsa", "sl_rdms_correlation")
    // Two model RDMs: the spheres of centres 0 and 5 themselves.
    try NPZFile.write(
      [
        (
          "dissimilarities", NDArray(Matrix(rows: 2, columns: expected.columns) { r, c in expected[r == 0 ? 0 : 5, c] })
        ),
        ("conditions", NDArray(shape: [4], values: .string(["e1", "e10", "e2", "e3"]))),
      ], to: dir.file("models.npz"))
    let r = try CLIRunner.run([
      "searchlight", patterns, "--mask", mask, "--radius", "2", "--threshold", "0.5", "--conditions",
      "\(rsa)/sl_events.npy", "--models", dir.file("models.npz"), "--maps", dir.file("maps.nii.gz"), "--rdms",
      dir.file("rdms.npz"), "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let npz = try NPZFile(path: dir.file("rdms.npz"))
    let rdms = try npz.array(named: "dissimilarities").matrix(context: "rdms")
    assertClose(rdms, expected, rtol: 1e-9, atol: 1e-14, "searchlight RDMs vs rsatoolbox")
    let centers = try Fixtures.vector("rsa", "sl_r2_t05_centers").map { Int($0) }
    #expect(try npz.array(named: "rdm_voxel_index").strings == centers.map(String.init))
    // Maps: x × y × z × 2, each centre's Pearson r with the model, NaN elsewhere.
    let maps = try NIfTIImage.read(dir.file("maps.nii.gz"))
    #expect(maps.shape == [7, 6, 5, 2])
    #expect(maps.affine.rows[0][0] == 2 && maps.affine.rows[0][3] == -7)
    func pearson(_ a: [Double], _ b: [Double]) -> Double {
      let (ma, mb) = (a.reduce(0, +) / Double(a.count), b.reduce(0, +) / Double(b.count))
      let (ca, cb) = (a.map { $0 - ma }, b.map { $0 - mb })
      return zip(ca, cb).map(*).reduce(0, +)
        / (ca.map { $0 * $0 }.reduce(0, +) * cb.map { $0 * $0 }.reduce(0, +)).squareRoot()
    }
    var mapped = 0
    for (n, c) in centers.enumerated() {
      let (i, rest) = c.quotientAndRemainder(dividingBy: 30)
      let (j, k) = rest.quotientAndRemainder(dividingBy: 5)
      for (m, model) in [0, 5].enumerated() {
        let want = pearson(expected.row(model), expected.row(n))
        assertClose(maps.value(at: [i, j, k, m]), want, rtol: 1e-6, atol: 1e-7, "centre \(n), model \(m)")
        mapped += 1
      }
    }
    #expect(mapped == 2 * centers.count)
    #expect(maps.value(at: [centers[0] / 30, (centers[0] % 30) / 5, centers[0] % 5, 0]) == 1)
    let nonCenters = maps.values.prefix(210).filter(\.isNaN).count
    #expect(nonCenters == 210 - centers.count)
    #expect(r.stdout.contains("\"peaks\""))
    // Without --rdms the maps are streamed (no RDM kept): the same maps.
    let streamed = try CLIRunner.run([
      "searchlight", patterns, "--mask", mask, "--radius", "2", "--threshold", "0.5", "--conditions",
      "\(rsa)/sl_events.npy", "--models", dir.file("models.npz"), "--maps", dir.file("streamed.nii.gz"),
    ])
    #expect(streamed.status == 0, "\(streamed.stderr)")
    let again = try NIfTIImage.read(dir.file("streamed.nii.gz"))
    #expect(again.values.count == maps.values.count)
    #expect(zip(again.values, maps.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
  }

  /// Crossnobis with --runs: runs that are the k-th repetition of each condition give the default
  /// folds, so the RDMs are the same with and without them; runs of the wrong length are refused.
  @Test func crossnobisWithRuns() throws {
    let dir = try TemporaryDirectory()
    let (patterns, mask) = try writeInputs(dir)
    let events = try Fixtures.array("rsa", "sl_events").strings
    var seen: [String: Int] = [:]
    let runs = events.map { e -> Int64 in
      defer { seen[e, default: 0] += 1 }
      return Int64(seen[e, default: 0])
    }
    try NPYFile.write(NDArray(shape: [runs.count], values: .int64(runs)), to: dir.file("runs.npy"))
    func rdms(_ extra: [String], _ name: String) throws -> Matrix {
      let r = try CLIRunner.run(
        [
          "searchlight", patterns, "--mask", mask, "--radius", "2", "--threshold", "0.5", "--method", "crossnobis",
          "--conditions", "\(rsa)/sl_events.npy", "--rdms", dir.file(name),
        ] + extra)
      #expect(r.status == 0, "\(r.stderr)")
      return try NPZFile(path: dir.file(name)).array(named: "dissimilarities").matrix(context: name)
    }
    let withRuns = try rdms(["--runs", dir.file("runs.npy")], "runs.npz")
    let without = try rdms([], "default.npz")
    assertClose(withRuns, without, rtol: 1e-12, atol: 1e-14, "crossnobis folds")
    #expect(withRuns.rows == (try Fixtures.vector("rsa", "sl_r2_t05_centers")).count)
    let short = try CLIRunner.run([
      "searchlight", patterns, "--mask", mask, "--radius", "2", "--threshold", "0.5", "--method", "crossnobis",
      "--runs", "\(rsa)/bal_runs.npy", "--rdms", dir.file("x.npz"),
    ])
    #expect(short.status == 1 && short.stderr.contains("run labels were given"), "\(short.stderr)")
  }

  @Test func errors() throws {
    let dir = try TemporaryDirectory()
    let (patterns, mask) = try writeInputs(dir)
    #expect(try CLIRunner.run(["searchlight", patterns, "--mask", mask]).status == 64)
    #expect(try CLIRunner.run(["searchlight", patterns, "--mask", mask, "--maps", dir.file("m.nii")]).status == 64)
    let none = try CLIRunner.run([
      "searchlight", patterns, "--mask", mask, "--radius", "4", "--threshold", "1", "--rdms", dir.file("r.npz"),
    ])
    #expect(none.status == 1 && none.stderr.contains("no searchlight centre passes the threshold"), "\(none.stderr)")
    let labels = try CLIRunner.run([
      "searchlight", patterns, "--mask", mask, "--conditions", "\(rsa)/bal_runs.npy", "--rdms", dir.file("r.npz"),
    ])
    #expect(labels.status == 1 && labels.stderr.contains("12 volumes but"), "\(labels.stderr)")
    let grid = try CLIRunner.run([
      "searchlight", patterns, "--mask", Fixtures.path("fmri", "mask.nii.gz"), "--rdms", dir.file("r.npz"),
    ])
    #expect(grid.status == 1 && grid.stderr.contains("resample one onto the other"), "\(grid.stderr)")
  }
}

/// `searchlight --noise-residuals` on the real binary: crossnobis with a precision per sphere from
/// its own voxels' residuals equals rsatoolbox run sphere by sphere (make_searchlight_noise.py).
@Suite struct SearchlightNoiseCommandTests {
  /// Rows × 210 (rsatoolbox's C order over 7 × 6 × 5) as a 4-D float64 NIfTI (file order).
  static func volume(_ m: Matrix, to path: String) throws {
    let (nx, ny, nz) = (7, 6, 5)
    var values = [Double](repeating: 0, count: nx * ny * nz * m.rows)
    for i in 0..<nx {
      for j in 0..<ny {
        for k in 0..<nz {
          for t in 0..<m.rows { values[i + nx * (j + ny * (k + nz * t))] = m[t, (i * ny + j) * nz + k] }
        }
      }
    }
    // The affine of `SearchlightCommandTests.writeInputs`'s mask.
    let affine = [[2.0, 0, 0, -7], [0, 2, 0, -6], [0, 0, 2, -5], [0, 0, 0, 1]]
    try NIfTIImage.write(values: values, shape: [nx, ny, nz, m.rows], affine: affine, to: path, dataType: .float64)
  }

  @Test func perSphereNoiseOnTheBinary() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let (_, mask) = try SearchlightCommandTests().writeInputs(dir)
    try Self.volume(try Fixtures.matrix("rsa", "sln_data"), to: dir.file("noise-betas.nii.gz"))
    try Self.volume(try Fixtures.matrix("rsa", "sln_residuals"), to: dir.file("residuals.nii.gz"))
    let r = try CLIRunner.run([
      "searchlight", dir.file("noise-betas.nii.gz"), "--mask", mask, "--radius", "1.5", "--threshold", "0.5",
      "--method",
      "crossnobis", "--conditions", Fixtures.path("rsa", "sln_conds.npy"), "--runs",
      Fixtures.path("rsa", "sln_runs.npy"), "--noise-residuals", dir.file("residuals.nii.gz"), "--rdms",
      dir.file("rdms.npz"), "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("\"noise_method\" : \"shrinkage-diag\""), "\(r.stdout)")
    let rdms = try NPZFile(path: dir.file("rdms.npz")).array(named: "dissimilarities").matrix(context: "rdms")
    assertClose(rdms, try Fixtures.matrix("rsa", "sln_rdms"), rtol: 1e-9, atol: 1e-12, "per-sphere crossnobis")
    let wrongMethod = try CLIRunner.run([
      "searchlight", dir.file("noise-betas.nii.gz"), "--mask", mask, "--radius", "1.5", "--threshold", "0.5",
      "--noise-residuals", dir.file("residuals.nii.gz"), "--rdms", dir.file("other.npz"),
    ])
    #expect(wrongMethod.status == 1 && wrongMethod.stderr.contains("applies to mahalanobis and crossnobis"))
  }
}
