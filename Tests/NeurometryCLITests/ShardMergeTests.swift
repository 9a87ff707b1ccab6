import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `--shard K/N` + `neurometry merge` on the real binary (DESIGN.md §7, issue 15): for every
/// shardable command, the N = 1, 3 and 7 shards merged write the same bytes as one unsplit run and
/// print the same report; a missing, duplicated or foreign shard and a changed input are refused.
@Suite struct ShardMergeTests {
  /// Runs `arguments(tag)` unsplit (tag "single") and, for N = 1, 3, 7, as N shards (tag "nN")
  /// merged from their partials given in reverse order; every file of `outputs(tag)` must be
  /// byte-identical to the unsplit run's and the JSON reports equal once the tag is replaced.
  /// `normalize` (for outputs that record timings) turns reports and files into text to compare.
  /// `reportOnly` normalises the reports only (e.g. the run's peak memory).
  static func expectShardsMergeToOneRun(
    in dir: TemporaryDirectory, counts: [Int] = [1, 3, 7], normalize: ((String) -> String)? = nil,
    reportOnly: ((String) -> String)? = nil, arguments: (String) -> [String], outputs: (String) -> [String]
  ) throws {
    func report(_ text: String, tag: String) -> String {
      let text = text.replacingOccurrences(of: "-\(tag).", with: "-TAG.")
      return reportOnly?(normalize?(text) ?? text) ?? normalize?(text) ?? text
    }
    let single = try CLIRunner.run(arguments("single") + ["--json"], in: dir.path)
    #expect(single.status == 0, "\(single.stderr)")
    for n in counts {
      let tag = "n\(n)"
      var partials: [String] = []
      for k in 0..<n {
        let partial = "part-\(outputs(tag)[0])-\(k).json"
        let r = try CLIRunner.run(
          arguments(tag) + ["--shard", "\(k)/\(n)", "--partial", partial, "--json"], in: dir.path)
        #expect(r.status == 0, "shard \(k)/\(n): \(r.stderr)")
        #expect(r.stdout.contains("\"shard\" : \"\(k)/\(n)\""))
        partials.append(partial)
      }
      for file in outputs(tag) { #expect(!FileManager.default.fileExists(atPath: dir.file(file)), "\(file) early") }
      let merged = try CLIRunner.run(["merge"] + partials.reversed() + ["--json"], in: dir.path)
      #expect(merged.status == 0, "merge of \(n): \(merged.stderr)")
      #expect(report(merged.stdout, tag: tag) == report(single.stdout, tag: "single"), "report of \(n) shards")
      for (a, b) in zip(outputs("single"), outputs(tag)) {
        if let normalize {
          let (x, y) = try (
            String(contentsOfFile: dir.file(a), encoding: .utf8), String(contentsOfFile: dir.file(b), encoding: .utf8)
          )
          #expect(normalize(x) == normalize(y), "\(b) (\(n) shards) differs from \(a)")
        } else {
          let same = FileManager.default.contentsEqual(atPath: dir.file(a), andPath: dir.file(b))
          #expect(same, "\(b) (\(n) shards) differs from \(a)")
        }
      }
    }
  }

  @Test func searchlightMapsMergeBitForBit() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let (patterns, mask) = try SearchlightCommandTests().writeInputs(dir)
    let rdms = try Fixtures.matrix("rsa", "sl_rdms_correlation")
    try NPZFile.write(
      [
        ("dissimilarities", NDArray(Matrix(rows: 3, columns: rdms.columns) { r, c in rdms[[0, 5, 9][r], c] })),
        ("conditions", NDArray(shape: [4], values: .string(["e1", "e10", "e2", "e3"]))),
      ], to: dir.file("models.npz"))
    let events = Fixtures.path("rsa", "sl_events.npy")
    for method in ["correlation", "crossnobis"] {
      try Self.expectShardsMergeToOneRun(in: dir) { tag in
        [
          "searchlight", patterns, "--mask", mask, "--radius", "2", "--threshold", "0.5", "--conditions", events,
          "--method", method, "--models", "models.npz", "--maps", "maps-\(method)-\(tag).nii.gz",
        ]
      } outputs: {
        ["maps-\(method)-\($0).nii.gz"]
      }
    }
  }

  @Test func evaluateBootstrapsMergeBitForBit() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let rsa = Fixtures.directory + "/rsa"
    // corr goes through the weighted-pair path, spearman through resampled RDMs; dual bootstraps
    // three resamplings per sample.
    for (method, resampling) in [("corr", "both"), ("spearman", "patterns"), ("cosine", "dual")] {
      try Self.expectShardsMergeToOneRun(in: dir) { tag in
        [
          "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--method", method, "--bootstrap",
          resampling, "--samples", "40", "--seed", "11", "--output", "evals-\(method)-\(tag).npy",
        ]
      } outputs: {
        ["evals-\(method)-\($0).npy"]
      }
    }
    let crossval = try CLIRunner.run(
      [
        "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--scheme", "crossval", "--shard",
        "0/2", "--partial", "p.json",
      ], in: dir.path)
    #expect(crossval.status == 64 && crossval.stderr.contains("runs unsplit"), "\(crossval.stderr)")
  }

  /// `identify` split over its repetitions (7; N = 1, 3, 7 shards): the merged JSON equals the
  /// unsplit run's, confusion counts and intervals included; more shards than repetitions and a
  /// partial of another run are refused.
  @Test func identifyMergesBitForBit() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    _ = try ReportCommandTests.writeStudy(
      in: dir, name: "Identify shards", region: "V4", seed: 9, bootstrap: 2,
      measures: ["rsa: {rdm: correlation, comparator: spearman}", "cka: {kernel: linear}", "encoding: {folds: 4}"],
      extra: ["identify: {repetitions: 7, noise_scales: [1, 3]}"])
    let arguments = ["identify", "study.yaml", "--quiet"]
    let single = try CLIRunner.run(arguments + ["--json"], in: dir.path)
    #expect(single.status == 0, "\(single.stderr)")
    #expect(single.stdout.contains("\"repetitions\" : 7"))
    for n in [1, 3, 7] {
      var partials: [String] = []
      for k in 0..<n {
        let partial = "identify-\(n)-\(k).json"
        let r = try CLIRunner.run(arguments + ["--shard", "\(k)/\(n)", "--partial", partial], in: dir.path)
        #expect(r.status == 0, "shard \(k)/\(n): \(r.stderr)")
        #expect(r.stdout.contains("identify shard \(k)/\(n): repetitions"), "\(r.stdout)")
        partials.append(partial)
      }
      let merged = try CLIRunner.run(["merge"] + partials.reversed() + ["--json"], in: dir.path)
      #expect(merged.status == 0, "merge of \(n): \(merged.stderr)")
      #expect(merged.stdout == single.stdout, "merge of \(n) shards")
    }
    let tooMany = try CLIRunner.run(arguments + ["--shard", "0/8", "--partial", "x.json"], in: dir.path)
    #expect(tooMany.status == 1 && tooMany.stderr.contains("has no repetitions"), "\(tooMany.stderr)")
    let other = try CLIRunner.run(
      arguments + ["--repetitions", "3", "--shard", "0/3", "--partial", "other.json"], in: dir.path)
    #expect(other.status == 0, "\(other.stderr)")
    let mixed = try CLIRunner.run(["merge", "identify-3-1.json", "identify-3-2.json", "other.json"], in: dir.path)
    #expect(mixed.status != 0 && !mixed.stderr.isEmpty, "\(mixed.stdout)")
  }

  /// A study with every measure (RSA, CKA, shape, encoding) over two regions: 4 × 2 × 6 = 48
  /// units. The page and its twin equal the unsplit run's but for the timings.
  @Test func reportMergesBitForBit() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    _ = try ReportCommandTests.writeStudy(
      in: dir, name: "Shards", region: "V4", seed: 9, bootstrap: 30,
      measures: [
        "rsa: {rdm: correlation, comparator: spearman}", "cka: {kernel: linear, estimator: debiased}",
        "shape: {alpha: 1}", "encoding: {model: ridge, folds: 5, alphas: [1, 100, 10000]}",
      ])
    func withoutTimings(_ text: String) -> String {
      text.replacingOccurrences(of: #""timings" : \{[^}]*\}"#, with: "", options: .regularExpression)
        .replacingOccurrences(of: #"<li>[a-z]+: [0-9.e-]+ s</li>"#, with: "", options: .regularExpression)
    }
    try Self.expectShardsMergeToOneRun(in: dir, normalize: withoutTimings) { tag in
      ["report", "study.yaml", "--output", "report-\(tag).html", "--quiet"]
    } outputs: {
      ["report-\($0).html", "report-\($0).json"]
    }
  }

  /// Encoding split by target blocks (4 targets each, 11 blocks): ridge with inner K-fold, with
  /// leave-one-out, and banded ridge; a NaN target dropped, a constant one, and one constant in a
  /// single training set (so a split's own warning must be rebuilt from every shard's notes); the
  /// ceiling from repetitions and the per-region summaries are computed at the merge.
  @Test func encodeTargetBlocksMergeBitForBit() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let (n, p, t) = (40, 10, 46)
    var random = NumpyRandomState(seed: 5)
    let x = Matrix(rows: n, columns: p) { _, _ in random.nextGaussian() }
    let w = Matrix(rows: p, columns: t) { _, _ in random.nextGaussian() }
    var y = gemm(x, w)
    var repetitions: [Double] = []
    for _ in 0..<3 {
      repetitions += y.elements.map { $0 + 2 * random.nextGaussian() }
    }
    for i in 0..<n {
      y[i, 3] = i == 5 ? .nan : y[i, 3]
      y[i, 7] = 2
      y[i, 11] = i == 0 ? 1 : 0
    }
    try NPZFile.write(
      [
        ("a", NDArray(x.selectingColumns(Array(0..<6)))), ("b", NDArray(x.selectingColumns(Array(6..<p)))),
        ("all", NDArray(x)),
      ], to: dir.file("x.npz"))
    try NPYFile.write(y, to: dir.file("y.npy"))
    try NPYFile.write(NDArray(shape: [3, n, t], values: .float64(repetitions)), to: dir.file("reps.npy"))
    try NPYFile.write(
      NDArray(shape: [t], values: .string((0..<t).map { $0 % 3 == 0 ? "V1" : "IT" })), to: dir.file("regions.npy"))
    let peak = { (text: String) in
      text.replacingOccurrences(of: #""peak_memory_bytes" : [0-9]+"#, with: "", options: .regularExpression)
    }
    let common = ["y.npy", "--drop-nan-targets", "--target-block", "4", "--alphas", "0.1,10,1000"]
    let models: [(String, [String], String)] = [
      ("ridge", ["--layer", "all", "--repetitions", "reps.npy", "--regions", "regions.npy"], "npz"),
      ("loo", ["--layer", "all", "--inner-cv", "loo", "--score", "r2"], "h5"),
      ("banded", ["--layer", "a", "--layer", "b", "--model", "banded", "--iterations", "4"], "npz"),
    ]
    for (name, options, format) in models {
      try Self.expectShardsMergeToOneRun(in: dir, reportOnly: peak) { tag in
        ["encode", "x.npz"] + common + options + [
          "--output", "enc-\(name)-\(tag).\(format)", "--predictions", "pred-\(name)-\(tag).npy",
          "--coefficients", "coef-\(name)-\(tag).h5",
        ]
      } outputs: {
        ["enc-\(name)-\($0).\(format)", "pred-\(name)-\($0).npy", "coef-\(name)-\($0).h5"]
      }
    }
    let single = try CLIRunner.run(["encode", "x.npz", "--layer", "all"] + common + ["--json"], in: dir.path)
    let warnings = try #require(
      (try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])?["warnings"] as? [String])
    #expect(warnings.contains { $0.contains("dropped (columns 3)") }, "\(warnings)")
    #expect(warnings.contains { $0.contains("constant in y.npy (columns 7)") }, "\(warnings)")
    #expect(warnings.contains { $0.hasPrefix("split 0: ") && $0.contains("columns 7, 11") }, "\(warnings)")
    let pls = try CLIRunner.run(
      ["encode", "x.npz", "--layer", "all", "y.npy", "--model", "pls", "--shard", "0/2", "--partial", "p.json"],
      in: dir.path)
    #expect(pls.status == 64 && pls.stderr.contains("does not split by targets"), "\(pls.stderr)")
    // A label file of the wrong length is refused by the shard, before any fit and without a partial.
    try NPYFile.write(NDArray(shape: [3], values: .string(["a", "b", "c"])), to: dir.file("short.npy"))
    let short = try CLIRunner.run(
      ["encode", "x.npz", "--layer", "all"] + common + [
        "--regions", "short.npy", "--shard", "0/2", "--partial", "short.json",
      ], in: dir.path)
    #expect(short.status == 1 && short.stderr.contains("short.npy"), "\(short.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.file("short.json")))
  }

  @Test func incompleteOrMixedShardsAreRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let (patterns, mask) = try SearchlightCommandTests().writeInputs(dir)
    let rdms = try Fixtures.matrix("rsa", "sl_rdms_correlation")
    try NPZFile.write(
      [
        ("dissimilarities", NDArray(Matrix(rows: 1, columns: rdms.columns) { _, c in rdms[0, c] })),
        ("conditions", NDArray(shape: [4], values: .string(["e1", "e10", "e2", "e3"]))),
      ], to: dir.file("models.npz"))
    func shard(_ spec: String, radius: String = "2", partial: String) throws -> CLIRunner.Result {
      try CLIRunner.run(
        [
          "searchlight", patterns, "--mask", mask, "--radius", radius, "--threshold", "0.5", "--conditions",
          Fixtures.path("rsa", "sl_events.npy"), "--models", "models.npz", "--maps", "maps.nii.gz", "--shard", spec,
          "--partial", partial,
        ], in: dir.path)
    }
    for k in 0..<3 { #expect(try shard("\(k)/3", partial: "p\(k).json").status == 0) }
    #expect(try shard("0/3", radius: "1.5", partial: "other.json").status == 0)
    let missing = try CLIRunner.run(["merge", "p0.json", "p2.json"], in: dir.path)
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("1 of 3 shards is missing (1/3)"), "\(missing.stderr)")
    let twice = try CLIRunner.run(["merge", "p0.json", "p1.json", "p1.json", "p2.json"], in: dir.path)
    #expect(twice.stderr.contains("shard 1/3 is given twice: p1.json and p1.json"), "\(twice.stderr)")
    let mixed = try CLIRunner.run(["merge", "other.json", "p1.json", "p2.json"], in: dir.path)
    #expect(mixed.stderr.contains("come from different runs"), "\(mixed.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.file("maps.nii.gz")))
    // K counts from 0; a Slurm array numbered from 1 gets a message saying so.
    let outOfRange = try shard("3/3", partial: "p3.json")
    #expect(outOfRange.status != 0)
    #expect(outOfRange.stderr.contains("0/3 … 2/3"), "\(outOfRange.stderr)")
    let noPartial = try CLIRunner.run(
      ["searchlight", patterns, "--mask", mask, "--models", "models.npz", "--maps", "m.nii.gz", "--shard", "0/2"],
      in: dir.path)
    #expect(noPartial.stderr.contains("--shard needs --partial"), "\(noPartial.stderr)")
    // An existing partial is kept without --force.
    let again = try shard("0/3", partial: "p0.json")
    #expect(again.status == 1 && again.stderr.contains("p0.json"), "\(again.stderr)")
    // An input changed after the shards ran.
    let models = try Data(contentsOf: URL(fileURLWithPath: dir.file("models.npz")))
    Thread.sleep(forTimeInterval: 0.01)
    try (models + Data()).write(to: URL(fileURLWithPath: dir.file("models.npz")))
    let changed = try CLIRunner.run(["merge", "p0.json", "p1.json", "p2.json"], in: dir.path)
    #expect(changed.stderr.contains("models.npz has changed"), "\(changed.stderr)")
    // Not a partial result at all.
    let foreign = try CLIRunner.run(["merge", "models.npz"], in: dir.path)
    #expect(foreign.status == 1 && foreign.stderr.contains("is not a partial result"), "\(foreign.stderr)")
  }
}

/// `Shard`: parsing, the unit ranges tiling any count, and the completeness check.
@Suite struct ShardTests {
  @Test func unitsTileEveryCountExactlyOnce() throws {
    for total in [0, 1, 2, 5, 7, 10, 100, 1001] {
      for n in [1, 2, 3, 7, 13] {
        let ranges = try (0..<n).map { try Shard(index: $0, count: n).units(of: total) }
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == total)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        let sizes = ranges.map(\.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "\(total) units in \(n) shards: \(sizes)")
      }
    }
  }

  @Test func parsingAndCompleteness() throws {
    #expect(try Shard(parsing: "2/7") == Shard(index: 2, count: 7))
    for bad in ["7/7", "-1/3", "1/0", "1", "a/b", "1/2/3", ""] {
      #expect(throws: NeurometryError.self, "\(bad)") { try Shard(parsing: bad) }
    }
    let shards = try [0, 2, 1].map { try Shard(index: $0, count: 3) }
    try Shard.requireComplete(shards, sources: ["a", "b", "c"])
    let message = errorMessage { try Shard.requireComplete(Array(shards.prefix(2)), sources: ["a", "b"]) }
    #expect(message.contains("1 of 3 shards is missing (1/3)"), "\(message)")
  }
}
