import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `encode --output` as .h5 (read back by our HDF5 reader and by `neurometry inspect`) holds exactly
/// the .npz's arrays, the target labels as strings and the parameters as attributes; the JSON
/// reports the run's peak memory.
@Suite struct EncodeOutputCommandTests {
  let activations = Fixtures.path("encoding", "cli_activations.npz")
  let repetitions = Fixtures.path("encoding", "cli_repetitions.npy")

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// Every .npz member equals the .h5 dataset of the same name (values, shape, strings).
  func expectSameArrays(npz npzPath: String, h5 h5Path: String) throws -> HDF5File {
    let npz = try NPZFile(path: npzPath)
    let h5 = try HDF5File(path: h5Path)
    #expect(try h5.children(of: "/").sorted() == npz.names.sorted())
    for name in npz.names {
      let a = try npz.array(named: name)
      let b = try h5.dataset("/" + name).read()
      #expect(a.shape == b.shape, "\(name)")
      if a.isNumeric {
        let (x, y) = (try a.doubles(context: name), try b.doubles(context: name))
        #expect(zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name) values differ")
      } else {
        #expect(a.strings == b.strings, "\(name)")
      }
    }
    return h5
  }

  @Test func ridgeOutputAsHDF5EqualsTheNPZWithLabelsAndParameters() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    // String labels that sort lexicographically differently from numerically.
    let labels = (0..<12).map { "c\($0 % 2 == 0 ? $0 : 10 + $0)" }
    try NPYFile.write(NDArray(shape: [12], values: .string(labels)), to: dir.file("targets.npy"))
    let common = [
      "encode", activations, repetitions, "--layer", "late", "--targets", dir.file("targets.npy"), "--json",
    ]
    let a = try CLIRunner.run(common + ["--output", dir.file("r.npz")])
    let b = try CLIRunner.run(common + ["--output", dir.file("r.h5")])
    #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
    let h5 = try expectSameArrays(npz: dir.file("r.npz"), h5: dir.file("r.h5"))
    #expect(try h5.dataset("/targets").readStrings() == labels)
    #expect(try h5.dataset("/scores").shape == [12])
    #expect(try h5.stringAttribute("model") == "ridge")
    #expect(try h5.stringAttribute("score") == "pearson")
    #expect(try h5.stringAttribute("cv")?.isEmpty == false)
    #expect(try h5.stringAttribute("activations") == "\(activations):late")
    #expect(try h5.attribute("ceiling_splits")?.integers(context: "") == [10])
    #expect(try h5.attribute("features")?.integers(context: "") == [9])
    let result = try #require(try json(b.stdout)["result"] as? [String: Any])
    let peak = try #require(result["peak_memory_bytes"] as? Int)
    #expect(peak > 1 << 20 && peak < 1 << 36, "peak \(peak)")
    #expect(result["output"] as? String == dir.file("r.h5"))
  }

  @Test func bandedOutputCarriesTheBandPenalties() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let common = [
      "encode", activations, repetitions, "--layer", "early", "--layer", "late", "--model", "banded", "--iterations",
      "4", "--alphas", "logspace:-1:3:5",
    ]
    let a = try CLIRunner.run(common + ["--output", dir.file("b.npz")])
    let b = try CLIRunner.run(common + ["--output", dir.file("b.hdf5")])
    #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
    let h5 = try expectSameArrays(npz: dir.file("b.npz"), h5: dir.file("b.hdf5"))
    let bandAlphas = try h5.dataset("/band_alphas").read()
    #expect(bandAlphas.shape == [2, 12])
    // himalaya: α = 1 / Σ_b exp(δ_b) and α/γ_b = exp(−δ_b), so 1/α = Σ_b 1/(α/γ_b).
    let m = try bandAlphas.matrix(context: "band_alphas")
    let alphas = try h5.dataset("/alphas").readDoubles()
    for j in 0..<12 where !alphas[j].isNaN {
      assertClose(1 / alphas[j], 1 / m[0, j] + 1 / m[1, j], rtol: 1e-12, "target \(j)")
    }
    #expect(try h5.stringAttribute("model") == "banded-ridge")
  }

  @Test func theHDF5OutputOpensWithInspect() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try CLIRunner.run([
      "encode", activations, repetitions, "--layer", "late", "--output", dir.file("r.h5"),
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("peak memory"))
    let i = try CLIRunner.run(["inspect", dir.file("r.h5"), "--json"])
    #expect(i.status == 0, "\(i.stderr)")
    for name in ["/scores", "/split_scores", "/alphas", "/ceiling", "/normalized", "/targets"] {
      #expect(i.stdout.contains("\"\(name)\""), "inspect lists \(name)")
    }
  }

  @Test func otherExtensionsAreUsageErrorsAndTargetLabelsMustMatch() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let csv = try CLIRunner.run([
      "encode", activations, repetitions, "--layer", "late", "--output", dir.file("r.csv"),
    ])
    #expect(csv.status == 64)
    #expect(csv.stderr.contains("--output must end in .npz or .h5"), "\(csv.stderr)")
    try NPYFile.write(NDArray(shape: [3], values: .string(["a", "b", "c"])), to: dir.file("t.npy"))
    let wrong = try CLIRunner.run([
      "encode", activations, repetitions, "--layer", "late", "--targets", dir.file("t.npy"), "--output",
      dir.file("r.h5"),
    ])
    #expect(wrong.status == 1)
    #expect(wrong.stderr.contains("t.npy: has 3 labels but there are 12 targets"), "\(wrong.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.file("r.h5")))
  }
}
