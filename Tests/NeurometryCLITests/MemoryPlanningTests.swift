import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// --max-memory on the real binary (issue 15): a run whose estimated peak exceeds the limit is
/// refused before its data are read, with the estimate, its largest arrays and the limit, and
/// writes nothing; a file that claims a huge shape is refused from its header alone.
@Suite struct MemoryPlanningTests {
  @Test func aFileClaimingAHugeShapeIsRefusedFromItsHeader() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    // A valid .npy header claiming 100,000 × 100,000 float64 (80 GB), followed by 64 bytes.
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
    bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
    bytes += [UInt8](repeating: 0, count: 64)
    try Data(bytes).write(to: URL(fileURLWithPath: dir.file("huge.npy")))
    let r = try CLIRunner.run(["rdm", dir.file("huge.npy"), "--output", dir.file("rdm.npz")])
    #expect(r.status == 1)
    #expect(r.stderr.contains("needs about 200.2 GB (patterns (100,000 × 100,000) 80.0 GB"), "\(r.stderr)")
    #expect(r.stderr.contains("(available memory) allowed"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.file("rdm.npz")))
  }

  @Test func everyPlannedCommandRefusesAboveTheLimitAndRunsBelowIt() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let x = Synthetic.gaussian(rows: 60, columns: 300, seed: 1)
    let y = Synthetic.gaussian(rows: 60, columns: 40, seed: 2)
    try NPYFile.write(x, to: dir.file("x.npy"))
    try NPYFile.write(y, to: dir.file("y.npy"))
    let (patterns, mask) = try SearchlightCommandTests().writeInputs(dir)
    let commands: [(name: String, arguments: [String], output: String?)] = [
      ("rdm", ["rdm", dir.file("x.npy"), "--output", dir.file("rdm.npz")], dir.file("rdm.npz")),
      ("cka", ["cka", dir.file("x.npy"), dir.file("y.npy")], nil),
      ("shape", ["shape", dir.file("x.npy"), dir.file("y.npy")], nil),
      ("noise", ["noise", dir.file("x.npy"), "--output", dir.file("prec.npy")], dir.file("prec.npy")),
      (
        "encode", ["encode", dir.file("x.npy"), dir.file("y.npy"), "--output", dir.file("enc.npz")], dir.file("enc.npz")
      ),
      (
        "searchlight",
        ["searchlight", patterns, "--mask", mask, "--radius", "2", "--threshold", "0.5", "--rdms", dir.file("sl.npz")],
        dir.file("sl.npz")
      ),
    ]
    for c in commands {
      let refused = try CLIRunner.run(c.arguments + ["--max-memory", "40M"])
      #expect(refused.status == 1, "\(c.name): \(refused.stderr)")
      #expect(refused.stderr.contains("needs about"), "\(c.name): \(refused.stderr)")
      #expect(refused.stderr.contains("more than the 40 MB (--max-memory) allowed"), "\(c.name): \(refused.stderr)")
      if let output = c.output { #expect(!FileManager.default.fileExists(atPath: output), "\(c.name) wrote \(output)") }
      let ran = try CLIRunner.run(c.arguments + ["--max-memory", "2G"])
      #expect(ran.status == 0, "\(c.name): \(ran.stderr)")
    }
    // The report checks after loading its data, before any measure runs.
    let report = try CLIRunner.run([
      "report", Fixtures.repositoryRoot + "/SampleData/study/study.yaml", "--output", dir.file("r.html"), "--quiet",
      "--max-memory", "40M",
    ])
    #expect(report.status == 1 && report.stderr.contains("report: needs about"), "\(report.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.file("r.html")))
    let usage = try CLIRunner.run(["cka", dir.file("x.npy"), dir.file("y.npy"), "--max-memory", "lots"])
    #expect(usage.status == 64 && usage.stderr.contains("expected a size such as 4G"), "\(usage.stderr)")
  }
}
