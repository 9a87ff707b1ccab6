import Foundation
import NeurometryTestSupport
import Testing

/// The report's "Would we know?" section and null columns, through the real binary and Debian's
/// headless `chromium`: every confusion cell drawn equals the JSON twin's counts, the null
/// columns stand beside every region's scores, and the checks can be switched off.
@Suite struct WouldWeKnowReportTests {
  /// The JSON twin's checks, decoded exactly.
  struct Twin: Decodable {
    struct Result: Decodable {
      struct Identification: Decodable {
        struct Region: Decodable {
          struct Level: Decodable {
            struct Measure: Decodable {
              let label: String
              let accuracy: Double
              let confusion: [[Int]]
            }
            let measures: [Measure]
          }
          let region: String
          let levels: [Level]
        }
        let layers: [String]
        let regions: [Region]
        let warnings: [String]
      }
      struct Nulls: Decodable {
        struct Region: Decodable {
          struct Measure: Decodable {
            let label: String
            let calibrated: [Double?]
          }
          let measures: [Measure]
        }
        let permutations: Int
        let regions: [Region]
      }
      let identification: Identification?
      let nulls: Nulls?
    }
    let result: Result
  }

  @Test func sectionInABrowser() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let study = try ReportCommandTests.writeStudy(
      in: dir, region: "V4", bootstrap: 20,
      measures: [
        "rsa: {rdm: correlation, comparator: corr}", "cka: {kernel: linear}",
        "encoding: {folds: 4, alphas: [1, 100, 10000]}",
      ],
      extra: ["identify: {repetitions: 5, noise_scales: [1, 4]}", "null: {permutations: 19}"])
    let html = dir.file("report.html")
    let run = try CLIRunner.run(["report", study, "--output", html])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("identify: V4 at noise × 4.0 done"), "\(run.stderr)")
    #expect(run.stdout.contains("Would we know? 6 candidate layers") && run.stdout.contains("Against 19 stimulus"))
    let twin = try JSONDecoder().decode(
      Twin.self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("report.json"))))
    let id = try #require(twin.result.identification)
    let nulls = try #require(twin.result.nulls)
    // The flat region has no repetitions: left out of identification, with the reason.
    #expect(id.regions.map(\.region) == ["V4"])
    #expect(id.warnings.count == 1 && id.warnings[0].hasPrefix("flat: left out"))
    #expect(nulls.permutations == 19 && nulls.regions.count == 2)

    let dom = try ReportCommandTests.chromium(["--dump-dom", "file://" + html])
    #expect(dom.contains("<h2>Would we know?</h2>") && dom.contains("href=\"#would-we-know\""))
    #expect(dom.contains("flat: left out"))
    // One accuracy row per region identified, one cell per measure and noise scale.
    let table = try #require(dom.range(of: "<table class=\"identification\">"))
    let tableEnd = try #require(dom.range(of: "</table>", range: table.upperBound..<dom.endIndex))
    let rows = dom[table.upperBound..<tableEnd.lowerBound].components(separatedBy: "<tr>").count - 1
    #expect(rows == 2)  // header and V4
    // Every confusion cell equals the twin's share of the row's surrogates, exactly.
    let cell = try NSRegularExpression(
      pattern: #"<rect [^>]*class="nm-cell"[^>]*data-row="([^"]*)"[^>]*data-column="([^"]*)"[^>]*data-value="([^"]*)""#)
    var checked = 0
    var figures = 0
    for (s, level) in id.regions[0].levels.enumerated() {
      for (k, m) in level.measures.enumerated() {
        guard let start = dom.range(of: "id=\"confusion-0-\(s)-\(k)\"") else {
          Issue.record("no confusion-0-\(s)-\(k)")
          continue
        }
        figures += 1
        let end = dom.range(of: "</svg>", range: start.upperBound..<dom.endIndex)?.lowerBound ?? dom.endIndex
        let svg = String(dom[start.lowerBound..<end])
        for match in cell.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)) {
          let field = { (i: Int) in String(svg[Range(match.range(at: i), in: svg)!]) }
          let (t, l) = (
            try #require(id.layers.firstIndex(of: field(1))), try #require(id.layers.firstIndex(of: field(2)))
          )
          let row = m.confusion[t]
          #expect(Double(field(3)) == Double(row[l]) / Double(row.reduce(0, +)), "\(m.label) \(t) → \(l)")
          checked += 1
        }
        #expect(m.confusion.map { $0.reduce(0, +) } == [Int](repeating: 5, count: 6), "\(m.label)")
      }
    }
    #expect(figures == 2 * 3 && checked == 6 * 36)
    // The null columns beside every region's scores: 3 measures × 2 regions tables, one z per layer.
    #expect(dom.components(separatedBy: "<th title=\"(score − null mean) / null sd\">z</th>").count - 1 == 6)
    #expect(dom.contains("Against chance") && dom.contains("permuted 19 times"))
    // The dead-salmon baseline (20 feature-shuffled copies by default), one column per table.
    #expect(dom.components(separatedBy: ">dead<br>salmon</th>").count - 1 == 6)
    #expect(dom.contains("is the mean score of 20 copies of the layer"))

    // The flat region has no repetitions and the regions no common subjects: no tRSA grid, and why.
    #expect(!dom.contains("id=\"topology-grid\""))
    #expect(
      dom.contains("or repetitions of every stimulus in each region (&apos;flat&apos; has neither)")
        || dom.contains("('flat' has neither)"))

    // Switched off from the command line: no section, no keys in the twin.
    let off = try CLIRunner.run([
      "report", study, "--output", dir.file("off.html"), "--identify-repetitions", "0", "--null-permutations", "0",
      "--quiet",
    ])
    #expect(off.status == 0, "\(off.stderr)")
    let offPage = try String(contentsOfFile: dir.file("off.html"), encoding: .utf8)
    #expect(!offPage.contains("Would we know?") && !offPage.contains("null<br>95 %"))
    let offTwin = try String(contentsOfFile: dir.file("off.json"), encoding: .utf8)
    #expect(!offTwin.contains("\"identification\"") && !offTwin.contains("\"nulls\""))
    let bad = try CLIRunner.run(["report", study, "--output", dir.file("x.html"), "--identify-repetitions", "-1"])
    #expect(bad.status == 64 && bad.stderr.contains("--identify-repetitions must be at least 0"), "\(bad.stderr)")
  }

  /// The sample study's four regions, split halves of their repetitions: the tRSA grid drawn with
  /// every cell equal to the twin's (231 cells on or above the diagonal, 210 n/a below), and the
  /// paper's four regimes beside it.
  @Test func topologyGridOnTheSampleStudy() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let html = dir.file("sample.html")
    let run = try CLIRunner.run([
      "report", Fixtures.repositoryRoot + "/SampleData/study/study.yaml", "--output", html, "--bootstrap", "2",
      "--identify-repetitions", "2", "--null-permutations", "0", "--quiet",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    struct Twin: Decodable {
      struct Result: Decodable {
        struct Topology: Decodable {
          struct Grid: Decodable {
            let classes: [String]
            let levels: [Double]
            let accuracy: [[Double?]]
          }
          let source: String
          let grid: Grid
        }
        let topology: Topology
      }
      let result: Result
    }
    let twin = try JSONDecoder().decode(
      Twin.self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("sample.json"))))
    let grid = twin.result.topology.grid
    #expect(twin.result.topology.source == "split halves" && grid.classes == ["V4", "IT", "EVC", "LOC"])
    let dom = try ReportCommandTests.chromium(["--dump-dom", "file://" + html])
    let start = try #require(dom.range(of: "id=\"topology-grid\""))
    let end = try #require(dom.range(of: "</svg>", range: start.upperBound..<dom.endIndex))
    let svg = String(dom[start.lowerBound..<end.lowerBound])
    let cell = try NSRegularExpression(
      pattern:
        #"<rect [^>]*class="nm-cell[^"]*"[^>]*data-row="([^"]*)"[^>]*data-column="([^"]*)"[^>]*data-value="([^"]*)""#)
    var (finite, missing) = (0, 0)
    for match in cell.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)) {
      let field = { (i: Int) in String(svg[Range(match.range(at: i), in: svg)!]) }
      let labels = grid.levels.map { String(format: "%g", $0) }
      let (i, j) = (try #require(labels.firstIndex(of: field(1))), try #require(labels.firstIndex(of: field(2))))
      if let value = grid.accuracy[i][j] {
        #expect(Double(field(3)) == value, "cell \(i), \(j)")
        finite += 1
      } else {
        #expect(field(3) == "NaN")
        missing += 1
      }
    }
    #expect(finite == 231 && missing == 210)
    #expect(dom.contains("tRSA: which transform keeps the regions apart"))
    for regime in ["geometry", "paper defaults", "paper example", "topology"] {
      #expect(dom.contains("<td>\(regime)</td>"), "\(regime)")
    }
  }
}
