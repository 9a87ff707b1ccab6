import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The kinds of bad input every subcommand is fed (issue 16).
enum BadInput: String, CaseIterable, Sendable {
  case truncated, wrongType, nonFinite, mismatchedCounts, singular, empty, constant, hugeShape, bomb
}

/// What a subcommand must do with one bad input: refuse it (exit 1, one line on stderr naming the
/// bad file, containing each fragment), or compute a value the mathematics defines (exit 0) and,
/// where it is a caveat, say so in the JSON `warnings` (a fragment of one of them).
enum BadInputOutcome: Sendable, CustomStringConvertible {
  case refused([String])
  case computed(warning: String?)

  var description: String {
    switch self {
    case .refused(let f): return "refused \(f)"
    case .computed(let w): return "computed" + (w.map { " with warning '\($0)'" } ?? "")
    }
  }
}

/// One run of the battery: the arguments (with the bad file among them), the bad file's name, and
/// what must happen.
struct BadInputCase: Sendable {
  let kind: BadInput
  let arguments: [String]
  let badFile: String
  let outcome: BadInputOutcome
}

/// Writes the inputs of the battery into a temporary folder: a good base file for each slot and
/// one bad file per kind.
struct BadInputFiles {
  let dir: TemporaryDirectory

  /// A seeded Gaussian matrix as .npy.
  @discardableResult
  func matrix(_ name: String, rows: Int, columns: Int, seed: UInt64 = 1) throws -> String {
    try write(name, NDArray(Synthetic.gaussian(rows: rows, columns: columns, seed: seed)))
  }

  @discardableResult
  func write(_ name: String, _ array: NDArray) throws -> String {
    try NPYFile.write(array, to: dir.file(name), overwrite: true)
    return name
  }

  /// `array` as .npy with its last 40 bytes cut off.
  func truncated(_ name: String, _ array: NDArray) throws -> String {
    let bytes = NPYFile.encode(array)
    try bytes.prefix(bytes.count - 40).write(to: URL(fileURLWithPath: dir.file(name)))
    return name
  }

  /// Strings where numbers belong.
  func strings(_ name: String, shape: [Int]) throws -> String {
    try write(name, NDArray(shape: shape, values: .string(Array(repeating: "a", count: shape.reduce(1, *)))))
  }

  /// `array` with a NaN at its second value.
  func withNaN(_ name: String, _ array: NDArray) throws -> String {
    var values = try array.doubles(context: name)
    values[1] = .nan
    return try write(name, NDArray(shape: array.shape, values: .float64(values)))
  }

  /// A version-1 .npy header claiming 10¹² float64 values (8 TB) over 800 bytes of data.
  func hugeShape(_ name: String, shape: String = "(1000000, 1000000)") throws -> String {
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
    header += String(repeating: " ", count: 127 - 10 - header.count) + "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0]
    bytes += Array(header.utf8) + [UInt8](repeating: 0, count: 800)
    try Data(bytes).write(to: URL(fileURLWithPath: dir.file(name)))
    return name
  }

  /// One file per kind of bad input made from `base` (`prefix`-kind.npy): cut short, as strings,
  /// with a NaN, and the given mismatched, singular, empty and constant variants; the huge-shape
  /// claim and the bomb are shared.
  func variants(
    _ prefix: String, base: NDArray, mismatched: NDArray, singular: NDArray, empty: NDArray, constant: NDArray
  ) throws -> [BadInput: String] {
    [
      .truncated: try truncated("\(prefix)-truncated.npy", base),
      .wrongType: try strings("\(prefix)-strings.npy", shape: base.shape),
      .nonFinite: try withNaN("\(prefix)-nan.npy", base),
      .mismatchedCounts: try write("\(prefix)-mismatched.npy", mismatched),
      .singular: try write("\(prefix)-singular.npy", singular),
      .empty: try write("\(prefix)-empty.npy", empty),
      .constant: try write("\(prefix)-constant.npy", constant),
      .hugeShape: try hugeShape("huge.npy"),
      .bomb: FileManager.default.fileExists(atPath: dir.file("bomb.npz")) ? "bomb.npz" : try bomb(),
    ]
  }

  /// The .npz fuzzing found: a member of 172 compressed bytes declaring 2.75 GB.
  func bomb(_ name: String = "bomb.npz") throws -> String {
    try FileManager.default.copyItem(
      atPath: Fixtures.path("fuzz", "npz/member-declares-2.75e9-bytes-from-172.npz"), toPath: dir.file(name))
    return name
  }
}

/// Every subcommand that reads arrays × every kind of bad input, through the real binary: exit 1
/// with one line naming the file, or a documented value (with its warning), never a trap, never a
/// hang (each run is killed after 60 s and fails the test). The bad input goes into the slot the
/// subcommand reads first; the other inputs are good.
@Suite struct BadInputBatteryTests {
  /// The cases for one subcommand, with its files written into `files.dir`.
  static func cases(_ command: String, _ f: BadInputFiles) throws -> [BadInputCase] {
    func filled(_ shape: [Int], _ value: (Int) -> Double) -> NDArray {
      NDArray(shape: shape, values: .float64((0..<shape.reduce(1, *)).map(value)))
    }
    func gaussian(_ rows: Int, _ columns: Int, _ seed: UInt64, shape: [Int]? = nil, absolute: Bool = false)
      -> NDArray
    {
      let m = Synthetic.gaussian(rows: rows, columns: columns, seed: seed)
      return NDArray(
        shape: shape ?? [rows, columns], values: .float64(absolute ? m.elements.map { Swift.abs($0) } : m.elements))
    }
    // Patterns and representations: 12 stimuli × 7 channels; a second representation 12 × 5.
    let patterns = try f.variants(
      "patterns", base: gaussian(12, 7, 3), mismatched: gaussian(9, 7, 5),
      // Rank 2: every row a mix of two fixed rows.
      singular: filled([12, 7]) { k in Double(k / 7 % 3) * Double(k % 7) + Double(k / 7 % 2) },
      empty: filled([0, 7]) { _ in 0 }, constant: filled([12, 7]) { _ in 1 })
    try f.write("labels.npy", NDArray(shape: [12], values: .int64((0..<12).map { Int64($0 / 2) })))
    try f.matrix("other.npy", rows: 12, columns: 5, seed: 4)
    // RDM vectors: 7 subjects (or 1 RDM) × 15 dissimilarities of 6 conditions; models 4 × 15.
    let rdms = try f.variants(
      "rdms", base: gaussian(7, 15, 6, absolute: true), mismatched: gaussian(7, 10, 7, absolute: true),
      singular: filled([7, 15]) { k in Double(k % 15 < 7 ? 1 : 2) }, empty: filled([0, 15]) { _ in 0 },
      constant: filled([7, 15]) { _ in 1 })
    try f.write("models.npy", gaussian(4, 15, 8, absolute: true))
    // Encoding: 40 stimuli × 8 features (the bad input), responses 40 × 3.
    let activations = try f.variants(
      "activations", base: gaussian(40, 8, 9), mismatched: gaussian(30, 8, 10),
      singular: filled([40, 8]) { k in Double(k / 8 % 5) }, empty: filled([0, 8]) { _ in 0 },
      constant: filled([40, 8]) { _ in 2 })
    try f.matrix("responses.npy", rows: 40, columns: 3, seed: 11)
    // Split-half ceiling: 4 repetitions × 12 stimuli × 5 targets.
    let repetitions = try f.variants(
      "repetitions", base: gaussian(4, 60, 12, shape: [4, 12, 5]), mismatched: gaussian(12, 5, 13),
      singular: filled([2, 12, 5]) { k in Double(k % 60 / 5) }, empty: filled([0, 12, 5]) { _ in 0 },
      constant: filled([4, 12, 5]) { _ in 3 })
    // Noise: 40 residual rows × 6 channels.
    let residuals = try f.variants(
      "residuals", base: gaussian(40, 6, 14), mismatched: gaussian(3, 6, 15),
      singular: filled([4, 6]) { k in Double((k * 7) % 5) }, empty: filled([0, 6]) { _ in 0 },
      constant: filled([40, 6]) { _ in 1 })

    /// The same arguments around each bad file, with the outcomes of this subcommand.
    func around(
      _ files: [BadInput: String], _ outcomes: [BadInput: BadInputOutcome], _ args: (String) -> [String]
    ) -> [BadInputCase] {
      BadInput.allCases.map { kind in
        let file = files[kind]!
        return BadInputCase(kind: kind, arguments: args(file), badFile: file, outcome: outcomes[kind] ?? .refused([]))
      }
    }
    let readErrors: [BadInput: BadInputOutcome] = [
      .truncated: .refused(["truncated?"]), .wrongType: .refused(["holds strings", "expected numbers"]),
      .hugeShape: .refused(["header says shape (1000000, 1000000)"]),
      .bomb: .refused(["declares 2,751,463,648 bytes uncompressed"]),
    ]
    func merged(_ extra: [BadInput: BadInputOutcome]) -> [BadInput: BadInputOutcome] {
      readErrors.merging(extra) { _, new in new }
    }
    let memory = BadInputOutcome.refused(["needs about", "GB"])

    switch command {
    case "inspect":
      // inspect describes whatever the file holds; only unreadable files are refused.
      let described = BadInputOutcome.computed(warning: nil)
      return around(
        patterns,
        merged([
          .wrongType: described, .nonFinite: described, .mismatchedCounts: described, .singular: described,
          .empty: described, .constant: described,
        ])
      ) { ["inspect", $0, "--json"] }
    case "convert":
      // convert copies values as they are (to check them elsewhere): NaN, empty and constant arrays too.
      let copied = BadInputOutcome.computed(warning: nil)
      return around(
        patterns,
        merged([
          .wrongType: copied, .nonFinite: copied, .mismatchedCounts: copied, .singular: copied, .empty: copied,
          .constant: copied,
        ])
      ) { ["convert", $0, "--output", "converted-\($0).npy", "--json"] }
    case "rdm":
      return around(
        patterns,
        merged([
          .nonFinite: .refused(["non-finite value (nan)"]), .mismatchedCounts: .refused(["has 12 labels but"]),
          .singular: .computed(warning: nil), .empty: .refused(["has 12 labels but"]),
          .constant: .refused(["constant"]), .hugeShape: memory,
        ])
      ) { ["rdm", $0, "--conditions", "labels.npy", "--method", "correlation", "--json"] }
    case "cka", "shape":
      // Both compare two representations of the same stimuli; a constant one has no centred
      // variance, so CKA and the angular shape distance are undefined.
      return around(
        patterns,
        merged([
          .nonFinite: .refused(["non-finite value (nan)"]), .mismatchedCounts: .refused(["has 9 rows"]),
          .singular: .computed(warning: nil), .empty: .refused(["has 0 rows"]), .constant: .refused(["undefined"]),
          .hugeShape: memory,
        ])
      ) { [command, $0, "other.npy", "--json"] }
    case "compare":
      // A NaN dissimilarity is a missing pair (rsatoolbox's convention): refused when the two sets
      // miss different pairs. Ties and a constant RDM have a cosine.
      return around(
        rdms,
        merged([
          .nonFinite: .refused(["missing (NaN) pairs at different positions"]),
          .mismatchedCounts: .refused(["5 and 6 conditions"]), .singular: .computed(warning: nil),
          .empty: .refused(["holds no RDMs"]), .constant: .computed(warning: nil),
        ])
      ) { ["compare", $0, "models.npy", "--json"] }
    case "evaluate":
      return around(
        rdms,
        merged([
          .nonFinite: .refused(["missing (NaN) pairs at different positions"]),
          .mismatchedCounts: .refused(["has 6 conditions but the data have 5"]), .singular: .computed(warning: nil),
          .empty: .refused(["holds no RDMs"]), .constant: .computed(warning: nil),
        ])
      ) { ["evaluate", $0, "--models", "models.npy", "--json"] }
    case "encode":
      // Rank-deficient features are what ridge regularises; constant ones predict the mean, and
      // the split scores that leaves undefined are counted in a warning.
      return around(
        activations,
        merged([
          .nonFinite: .refused(["non-finite"]), .mismatchedCounts: .refused(["has 30 stimuli (rows) but"]),
          .singular: .computed(warning: nil), .empty: .refused(["has 0 stimuli"]),
          .constant: .computed(warning: "constant on a test set"),
        ])
      ) { ["encode", $0, "responses.npy", "--json"] }
    case "ceiling":
      // Perfectly reliable targets have a ceiling of 1; constant ones have none, said per column.
      return around(
        repetitions,
        merged([
          .nonFinite: .refused(["non-finite"]),
          .mismatchedCounts: .refused(["expected repetitions × stimuli × targets"]),
          .singular: .computed(warning: nil), .empty: .refused(["repetitions"]),
          .constant: .computed(warning: "no defined split-half reliability"),
        ])
      ) { ["ceiling", $0, "--json"] }
    case "noise":
      // Fewer residual rows than channels (3 × 6) or a rank-deficient residual matrix: the sample
      // covariance is singular and the shrinkage estimate is what makes it invertible (said).
      let shrunk = BadInputOutcome.computed(warning: "sample covariance is singular")
      return around(
        residuals,
        merged([
          .nonFinite: .refused(["non-finite value (nan)"]), .mismatchedCounts: shrunk, .singular: shrunk,
          .empty: .refused(["needs at least 2 residual rows"]), .constant: .refused(["zero residual variance"]),
          .hugeShape: memory,
        ])
      ) { ["noise", $0, "--output", "precision-\($0).npy", "--json"] }
    case "patterns":
      // NWB files written by h5py (Tests/Fixtures/badinput/make_badinput.py).
      let nwb = { (name: String) in Fixtures.path("badinput", "nwb/\(name).nwb") }
      let files: [BadInput: String] = [
        .truncated: Fixtures.path("nwb", "broken/truncated.nwb"), .wrongType: nwb("wrong_dtype"),
        .nonFinite: nwb("nan_spike"), .mismatchedCounts: nwb("mismatched"), .singular: nwb("silent_unit"),
        .empty: nwb("empty"), .constant: nwb("constant"), .hugeShape: nwb("huge"), .bomb: nwb("bomb"),
      ]
      let tooBig = BadInputOutcome.refused(["more values than this machine's memory holds"])
      return around(
        files,
        [
          .truncated: .refused(["truncated?"]), .wrongType: .refused(["holds strings", "expected numbers"]),
          .nonFinite: .refused(["spike time nan", "must be finite"]),
          .mismatchedCounts: .refused(["column 'stimulus'", "has 4 rows but", "has 6"]),
          // A unit that never fires is a column of zeros (said); equal counts everywhere are counts.
          .singular: .computed(warning: "no spikes"), .empty: .refused(["has no units"]),
          .constant: .computed(warning: nil), .hugeShape: tooBig, .bomb: tooBig,
        ]
      ) {
        [
          "patterns", "--spikes", $0, "--condition", "stimulus", "--window", "0:0.5", "--output", "p.npy", "--force",
          "--json",
        ]
      }
    case "searchlight":
      // The searchlight sample's betas, changed by make_badinput.py (nibabel).
      let sample = Fixtures.repositoryRoot + "/SampleData/searchlight/"
      let nifti = { (name: String) in Fixtures.path("badinput", "nifti/\(name).nii.gz") }
      let files: [BadInput: String] = [
        .truncated: Fixtures.path("nifti", "broken/truncated.nii.gz"), .wrongType: nifti("complex"),
        .nonFinite: nifti("nan"), .mismatchedCounts: nifti("short"), .singular: nifti("repeated"),
        .empty: nifti("empty"), .constant: nifti("constant"), .hugeShape: nifti("claims-256GB"),
        .bomb: nifti("bomb"),
      ]
      return around(
        files,
        [
          .truncated: .refused(["truncated?"]), .wrongType: .refused(["complex"]),
          .nonFinite: .refused(["non-finite value (nan) at voxel (10, 6, 5), scan 3"]),
          .mismatchedCounts: .refused(["has 40 volumes but 48 condition labels"]),
          // Identical volumes: every sphere's RDM is constant, so its correlation with the model is
          // undefined (reported as 0, said); all voxels constant: no pattern correlation at all.
          .singular: .computed(warning: "are constant"), .empty: .refused(["has 0 volumes"]),
          .constant: .refused(["is constant across channels"]), .hugeShape: .refused(["needs about", "GB"]),
          // 512 MB of zeros after the image in the gzip stream: inflating stops at the header's size.
          .bomb: .computed(warning: nil),
        ]
      ) {
        [
          "searchlight", $0, "--mask", sample + "mask.nii.gz", "--conditions", sample + "conditions.txt", "--models",
          sample + "models.npz", "--maps", "maps.nii.gz", "--force", "--json",
        ]
      }
    case "report", "identify":
      // Activations (.npz: stimulus ids and one layer) against one region's patterns (identify:
      // each stimulus presented twice, for the noise level); the bad input is the activations file.
      let ids = (0..<12).map { "s" + ($0 < 10 ? "0" : "") + "\($0)" }
      func idArray(_ list: [String]) -> NDArray { NDArray(shape: [list.count], values: .string(list)) }
      try f.write("region.npy", gaussian(12, 5, 20))
      try f.write("region_conditions.npy", idArray(ids))
      try f.write("repeated.npy", gaussian(24, 5, 24))
      try f.write("repeated_conditions.npy", idArray(ids + ids))
      // identify compares candidates: a second, sound layer beside the one under test.
      func activations(_ name: String, _ layer: NDArray, ids list: [String] = ids) throws -> String {
        let other = command == "identify" ? [("other", gaussian(list.count, 6, 25))] : []
        try NPZFile.write(
          [("stimulus_ids", idArray(list)), ("layer", layer)] + other, to: f.dir.file(name), overwrite: true)
        return name
      }
      let good = try activations("good.npz", gaussian(12, 7, 21))
      let bytes = try Data(contentsOf: URL(fileURLWithPath: f.dir.file(good)))
      try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: f.dir.file("truncated.npz")))
      var withNaN = Synthetic.gaussian(rows: 12, columns: 7, seed: 22).elements
      withNaN[10] = .nan
      let files: [BadInput: String] = [
        .truncated: "truncated.npz",
        .wrongType: try activations(
          "strings.npz", NDArray(shape: [12, 7], values: .string(Array(repeating: "a", count: 84)))),
        .nonFinite: try activations("nan.npz", NDArray(shape: [12, 7], values: .float64(withNaN))),
        .mismatchedCounts: try activations("nine.npz", gaussian(9, 7, 23), ids: Array(ids.prefix(9))),
        // Rank 2, no constant row: row i is (i mod 3 + 1)·j + (i mod 2).
        .singular: try activations(
          "rankdef.npz", filled([12, 7]) { k in Double(k / 7 % 3 + 1) * Double(k % 7) + Double(k / 7 % 2) }),
        .empty: try activations("empty.npz", filled([0, 7]) { _ in 0 }, ids: []),
        .constant: try activations("constant.npz", filled([12, 7]) { _ in 1 }),
        .hugeShape: Fixtures.path("badinput", "activations/huge.h5"),
        .bomb: patterns[.bomb]!,
      ]
      return around(
        files,
        [
          .truncated: .refused(["truncated?"]),
          // identify: the string layer is not a candidate, which leaves one.
          .wrongType: .refused([command == "report" ? "no numeric" : "needs at least 2 candidate layers"]),
          .nonFinite: .refused(["non-finite value (nan)"]),
          .mismatchedCounts: .refused(["3 not in nine.npz: 's09', 's10', 's11'"]),
          .singular: .computed(warning: nil), .empty: .refused(["stimul"]),
          .constant: .refused(["layer 'layer'", "constant"]),
          .hugeShape: .refused(["more values than this machine's memory holds"]),
          .bomb: .refused(["declares 2,751,463,648 bytes uncompressed"]),
        ]
      ) {
        command == "report"
          ? [
            "report", "--activations", $0, "--region", "V1=region.npy", "--measures", "rsa,cka", "--bootstrap", "10",
            "--seed", "1", "--output", "report.html", "--force", "--quiet", "--json",
          ]
          : [
            "identify", "--activations", $0, "--region", "V1=repeated.npy", "--measures", "rsa,cka",
            "--repetitions", "3", "--seed", "1", "--quiet", "--json",
          ]
      }
    case "merge":
      // Partial results of `evaluate --shard K/2`, then each spoiled (JSON, not arrays).
      let rsa = Fixtures.directory + "/rsa"
      func evaluate(_ shard: String, _ partial: String, samples: String = "20") throws {
        let r = try CLIRunner.run(
          [
            "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--bootstrap", "patterns",
            "--samples", samples, "--shard", shard, "--partial", partial,
          ], in: f.dir.path)
        #expect(r.status == 0, "evaluate --shard \(shard): \(r.stderr)")
      }
      try evaluate("0/2", "p0.json")
      try evaluate("1/2", "p1.json")
      try evaluate("1/2", "other-run.json", samples: "21")
      let text = try String(contentsOfFile: f.dir.file("p0.json"), encoding: .utf8)
      func spoil(_ name: String, _ content: String) throws -> String {
        try content.write(toFile: f.dir.file(name), atomically: true, encoding: .utf8)
        return name
      }
      let files: [BadInput: String] = [
        .truncated: try spoil("truncated.json", String(text.prefix(text.count / 2))),
        .wrongType: try spoil(
          "wrong-type.json", text.replacingOccurrences(of: "\"count\":2", with: "\"count\":\"two\"")),
        .nonFinite: try spoil("nan.json", text.replacingOccurrences(of: "\"elements\":[", with: "\"elements\":[NaN,")),
        .mismatchedCounts: "other-run.json", .singular: "p0.json", .empty: try spoil("empty.json", ""),
        .constant: "p0.json",
        .hugeShape: try spoil(
          "huge.json", text.replacingOccurrences(of: "\"count\":2", with: "\"count\":1000000000000")),
        .bomb: try spoil("deep.json", String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)),
      ]
      let notPartial = BadInputOutcome.refused(["is not a partial result"])
      // Each spoiled partial is merged with the other shard; a duplicate is merged with itself.
      return BadInput.allCases.map { kind in
        let file = files[kind]!
        let others: [String] =
          kind == .singular
          ? ["p0.json"] : kind == .constant ? [] : kind == .mismatchedCounts ? ["p0.json"] : ["p1.json"]
        let outcome: BadInputOutcome =
          switch kind {
          case .mismatchedCounts: .refused(["other-run.json"])
          case .singular: .refused(["is given twice"])
          case .constant: .refused(["1 of 2 shards is missing"])
          case .hugeShape: .refused(["huge.json"])
          default: notPartial
          }
        return BadInputCase(
          kind: kind, arguments: ["merge", file] + others + ["--json"], badFile: file, outcome: outcome)
      }
    default:
      return []
    }
  }

  static let commands = [
    "inspect", "convert", "rdm", "cka", "shape", "compare", "evaluate", "encode", "ceiling", "noise", "patterns",
    "searchlight", "merge", "report", "identify",
  ]

  /// Every subcommand `neurometry --help` lists is in the battery, except `measures`, which reads
  /// no input.
  @Test func everySubcommandIsCovered() throws {
    let help = try CLIRunner.run(["--help"]).stdout
    let section = help.components(separatedBy: "SUBCOMMANDS:").last ?? ""
    let listed = section.split(separator: "\n").compactMap { line -> String? in
      let words = line.split(separator: " ")
      guard line.hasPrefix("  "), !line.hasPrefix("   "), let first = words.first, first != "See" else { return nil }
      return String(first)
    }
    #expect(listed.count == 16, "\(listed)")
    #expect(Set(listed).subtracting(["measures"]) == Set(Self.commands))
    #expect(Self.commands.count * BadInput.allCases.count == 135)
  }

  @Test(arguments: commands)
  func everyKindOfBadInput(command: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let cases = try Self.cases(command, BadInputFiles(dir: dir))
    #expect(cases.map(\.kind) == BadInput.allCases, "\(command): every kind once")
    for c in cases {
      let r = try CLIRunner.run(c.arguments, in: dir.path, timeout: 60)
      let what = "\(command) × \(c.kind.rawValue) (\(c.badFile))"
      #expect(!r.signaled && !r.timedOut, "\(what): \(r.signaled ? "trapped" : "hung")\n\(r.stderr)")
      switch c.outcome {
      case .refused(let fragments):
        #expect(r.status == 1, "\(what): exit \(r.status), expected a refusal\n\(r.stdout)\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(what): one line, got: \(r.stderr)")
        #expect(r.stderr.contains(c.badFile), "\(what): the error names the file: \(r.stderr)")
        for fragment in fragments { #expect(r.stderr.contains(fragment), "\(what): '\(fragment)' in \(r.stderr)") }
      case .computed(let warning):
        #expect(r.status == 0, "\(what): exit \(r.status), expected a value\n\(r.stderr)")
        if let warning {
          let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
          let warnings = json?["warnings"] as? [String] ?? []
          #expect(warnings.contains { $0.contains(warning) }, "\(what): warning '\(warning)' in \(warnings)")
        }
      }
    }
  }
}
