import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `neurometry report` on the real binary, its page opened in a real headless browser (Debian's
/// `chromium`, installed by .ci/run).
@Suite(.serialized) struct ReportCommandTests {
  static let sample = Fixtures.repositoryRoot + "/SampleData/study"

  /// A study over the sample data with a hostile region name and a region without repetitions
  /// (which must produce a warning).
  /// A study of the sample activations against V4 of the sample NWB file and a flat patterns file
  /// (64 stimuli), with `measures` (YAML lines) and `name`, `seed`, `bootstrap` as given.
  static func writeStudy(
    in dir: TemporaryDirectory, name: String = "Browser check", region: String = "\"<script>alert(1)</script>\"",
    seed: Int = 5, bootstrap: Int = 40,
    measures: [String] = ["rsa: {rdm: correlation, comparator: corr}", "cka: {kernel: linear}"],
    extra: [String] = []
  ) throws -> String {
    let ids = (1...64).map { String(format: "img_%03d", $0) }
    var g = RandomStream(seed: 3)
    try NPYFile.write(
      Matrix(rows: 64, columns: 12, elements: g.gaussians(64 * 12)), to: dir.file("flat.npy"))
    try NPYFile.write(NDArray(shape: [64], values: .string(ids.reversed())), to: dir.file("flat_conditions.npy"))
    let text = """
      name: \(name)
      seed: \(seed)
      bootstrap: \(bootstrap)
      activations: {file: \(sample)/activations.npz}
      regions:
        - name: \(region)
          spikes:
            nwb: \(sample)/ecephys/sub-monkeyA_ecephys.nwb
            units: {location: V4}
            window: [0.05, 0.25]
            align: stim_on
            condition: stimulus_id
        - name: flat
          patterns: {file: flat.npy}
      measures:
      \(measures.map { "  " + $0 }.joined(separator: "\n"))
      \(extra.joined(separator: "\n"))
      """
    try text.write(toFile: dir.file("study.yaml"), atomically: true, encoding: .utf8)
    return dir.file("study.yaml")
  }

  static func chromium(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "chromium \(arguments.first ?? "") failed: is Debian's chromium installed?")
    return String(decoding: data, as: UTF8.self)
  }

  /// The JSON twin's scores, decoded exactly (JSONSerialization on Linux rounds some doubles).
  struct Twin: Decodable {
    struct Result: Decodable {
      struct Measure: Decodable {
        struct Region: Decodable {
          let region: String
          let scores: [Double?]
        }
        let measure: String
        let regions: [Region]
      }
      let measures: [Measure]
    }
    let result: Result
  }

  @Test func reportPageInABrowser() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let study = try Self.writeStudy(in: dir)
    let html = dir.file("report.html")
    let run = try CLIRunner.run(["report", study, "--output", html])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("neurometry report: [24/24]"))
    #expect(run.stdout.contains("best layer2"))
    let page = try String(contentsOfFile: html, encoding: .utf8)
    let twin = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("report.json"))))
        as? [String: Any])
    #expect(twin["schema"] as? String == "neurometry/1")
    #expect(twin["command"] as? String == "report")
    let result = try #require(twin["result"] as? [String: Any])

    // Nothing loaded from outside the file.
    for pattern in [#"\bsrc\s*="#, #"href\s*=\s*["'](?!#)"#, #"url\("#, #"@import"#] {
      #expect(page.range(of: pattern, options: .regularExpression) == nil, "found \(pattern)")
    }

    let dom = try Self.chromium(["--dump-dom", "file://" + html])
    // The hostile name is text, not a script element.
    #expect(!dom.contains("<script"))
    #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    // Every layer and region present.
    let layers = try #require(result["layers"] as? [[String: Any]]).compactMap { $0["name"] as? String }
    #expect(layers.count == 6)
    for name in layers + ["flat"] { #expect(dom.contains(name), "\(name)") }
    // Warnings shown.
    let warnings = try #require(result["warnings"] as? [String])
    #expect(warnings.contains { $0.contains("flat") && $0.contains("no split-half noise ceiling") })
    #expect(dom.contains("no split-half noise ceiling"))

    // Heatmap cells equal the JSON twin's values, exactly.
    let measures = try JSONDecoder().decode(
      Twin.self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("report.json")))
    )
    .result.measures
    let cell = try NSRegularExpression(
      pattern: #"<rect [^>]*class="nm-cell"[^>]*data-row="([^"]*)"[^>]*data-column="([^"]*)"[^>]*data-value="([^"]*)""#)
    var checked = 0
    for (k, m) in measures.enumerated() {
      _ = m.measure
      guard let start = dom.range(of: "id=\"heatmap-\(k)\"") else {
        Issue.record("no heatmap-\(k)")
        continue
      }
      let end = dom.range(of: "</svg>", range: start.upperBound..<dom.endIndex)?.lowerBound ?? dom.endIndex
      let svg = String(dom[start.lowerBound..<end])
      let regions = m.regions
      for match in cell.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)) {
        let field = { (i: Int) in String(svg[Range(match.range(at: i), in: svg)!]) }
        let region = field(2).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        guard let l = layers.firstIndex(of: field(1)),
          let scores = regions.first(where: { $0.region == region })?.scores
        else {
          Issue.record("cell \(field(1)) × \(region) not in the JSON twin")
          continue
        }
        #expect(Double(field(3)) == scores[l], "\(field(1)) × \(region)")
        checked += 1
      }
    }
    #expect(checked == 2 * 6 * 2)

    // A screenshot renders (Docs/report-screenshot.png is one, looked at).
    let png = dir.file("page.png")
    _ = try Self.chromium(["--screenshot=\(png)", "--window-size=1200,2000", "file://" + html])
    let size = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
    #expect(size > 50_000)
  }

  /// Two runs with the same seed give the same bits (every number but the timings).
  @Test func sameSeedSameBits() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let study = try Self.writeStudy(in: dir)
    var texts: [String] = []
    for k in 0..<2 {
      let run = try CLIRunner.run(["report", study, "--output", dir.file("r\(k).html"), "--quiet"])
      #expect(run.status == 0, "\(run.stderr)")
      let json = try String(contentsOfFile: dir.file("r\(k).json"), encoding: .utf8)
      let timings = try #require(json.range(of: #""timings" : \{[^}]*\}"#, options: .regularExpression))
      texts.append(json.replacingCharacters(in: timings, with: ""))
    }
    #expect(texts[0].contains("\"best_probability\""))
    #expect(texts[0] == texts[1])
  }

  @Test func outputsAreNotReplacedWithoutForce() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let study = try Self.writeStudy(in: dir)
    try "mine".write(toFile: dir.file("report.json"), atomically: true, encoding: .utf8)
    let run = try CLIRunner.run(["report", study, "--output", dir.file("report.html"), "--quiet"])
    #expect(run.status == 1)
    #expect(
      run.stderr == "neurometry: error: \(dir.file("report.json")): already exists; pass --force to overwrite it\n")
    #expect(!FileManager.default.fileExists(atPath: dir.file("report.html")))
    #expect(try String(contentsOfFile: dir.file("report.json"), encoding: .utf8) == "mine")
    let forced = try CLIRunner.run(["report", study, "--output", dir.file("report.html"), "--quiet", "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(forced.stderr.isEmpty)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("partial") }
    #expect(leftovers.isEmpty)
  }

  /// Ctrl-C during the computation leaves neither output nor a temporary file.
  @Test func interruptedRunLeavesNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let (status, message) = try CLIRunner.signalled(
      ["report", Self.sample + "/study.yaml", "--output", dir.file("r.html"), "--bootstrap", "20000", "--quiet"],
      signal: SIGINT, after: 3)  // SIGINT, as Ctrl-C sends
    #expect(status == 130)
    #expect(message == "neurometry: interrupted; no output was written\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  /// A study from flags alone: activations, NAME=PATTERNS regions, measures.
  @Test func studyFromFlags() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    _ = try Self.writeStudy(in: dir)  // writes flat.npy + flat_conditions.npy
    let run = try CLIRunner.run([
      "report", "--activations", "\(Self.sample)/activations.h5", "--region", "noise=\(dir.file("flat.npy"))",
      "--measures", "rsa,shape", "--bootstrap", "20", "--seed", "4", "--output", dir.file("r.html"), "--quiet",
      "--json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let twin = try String(contentsOfFile: dir.file("r.json"), encoding: .utf8)
    #expect(run.stdout == twin)
    #expect(twin.contains("\"measure\" : \"shape\""))
    #expect(twin.contains("\"higher_is_better\" : false"))
    #expect(twin.contains("\"bootstrap\" : 20"))
    #expect(twin.contains("\"seed\" : 4"))
  }

  @Test func badStudiesGetOneLine() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try "activations: {file: a.npz}\nregions: []\nmeasures: [rsa, magic]\n".write(
      toFile: dir.file("bad.yaml"), atomically: true, encoding: .utf8)
    let run = try CLIRunner.run(["report", dir.file("bad.yaml"), "--output", dir.file("r.html")])
    #expect(run.status == 1)
    #expect(
      run.stderr
        == "neurometry: error: \(dir.file("bad.yaml")): measures[1]: unknown value 'magic' (expected one of: rsa, cka, shape, encoding)\n"
    )
    let usage = try CLIRunner.run(["report", "--output", dir.file("r.html")])
    #expect(usage.status == 64)
    let flags = try CLIRunner.run([
      "report", "--activations", "\(Self.sample)/activations.h5", "--region", "V4", "--output", dir.file("r.html"),
    ])
    #expect(flags.status == 1)
    #expect(flags.stderr == "neurometry: error: --region 'V4': expected NAME=PATTERNS\n")
  }
}
