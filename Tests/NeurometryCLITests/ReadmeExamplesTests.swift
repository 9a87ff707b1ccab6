import Foundation
import NeurometryTestSupport
import Testing

/// The README's Swift examples are the files Examples/*/main.swift, character for character, and
/// those programs (built with the package) run on the sample data: the short one prints its RDM,
/// the longer one (NWB spikes → patterns, every layer → correlation RDMs, rho-a and linear CKA,
/// best layer; at most 15 lines) finds the sample study's ground truth, IT ← layer5.
@Suite struct ReadmeExamplesTests {
  static let readme = (try? String(contentsOfFile: Fixtures.repositoryRoot + "/README.md", encoding: .utf8)) ?? ""

  static func source(_ name: String) throws -> String {
    try String(contentsOfFile: Fixtures.repositoryRoot + "/Examples/\(name)/main.swift", encoding: .utf8)
  }

  @Test(arguments: ["FromSwift", "BestLayer"]) func readmeShowsTheProgramAsWritten(_ name: String) throws {
    let code = try Self.source(name)
    #expect(Self.readme.contains("```swift\n" + code + "```\n"), "README.md lacks Examples/\(name)/main.swift verbatim")
  }

  @Test func fromSwiftRuns() throws {
    let r = try CLIRunner.run([], program: "FromSwift")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "gram 24×24, 24 singular values\nRDM of 24 conditions; tau-a with itself 1.0\n")
  }

  @Test func bestLayerFindsTheGroundTruth() throws {
    #expect(try Self.source("BestLayer").split(separator: "\n").count <= 15)
    let r = try CLIRunner.run([], program: "BestLayer")
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 7 && lines.last == "best layer (rho-a): /layer5", "\(r.stdout)")
    // CKA agrees that layer 5 is closest.
    let cka = lines.dropLast().compactMap { line -> (String, Double)? in
      guard let range = line.range(of: "linear CKA ") else { return nil }
      return (String(line.prefix { $0 != ":" }), Double(line[range.upperBound...]) ?? .nan)
    }
    #expect(cka.max { $0.1 < $1.1 }?.0 == "/layer5")
  }
}
