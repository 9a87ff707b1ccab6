import Foundation
import Ink

// render-notebook [--all | NAME …] [--output DIR]
//
// Runs each notebook (built beside this program by `swift build --package-path Notebooks`) from
// the repository root with NEUROMETRY_NOTEBOOK_CELLS=1, splits its output by cell, and writes
// DIR/NAME.html (default .build/notebooks): the Markdown cells rendered, each code cell with its
// output and figures under it. A notebook that exits non-zero marks the cell it failed in, and
// the command exits 1.

struct Cell {
  enum Kind { case markdown, code }
  var kind: Kind
  var lines: [String]
  /// Code cells: their number, counting from 1 (the marker the program prints).
  var number: Int
}

/// The cells of a notebook source: `// %% [markdown]` starts a Markdown cell (its lines are
/// comments, `// ` removed), `// %%` a code cell; lines before the first marker are code cell 0.
func cells(of source: String) -> [Cell] {
  var out: [Cell] = []
  var code = 0
  for line in source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("// %%") {
      if trimmed.contains("[markdown]") {
        out.append(Cell(kind: .markdown, lines: [], number: 0))
      } else {
        code += 1
        out.append(Cell(kind: .code, lines: [], number: code))
      }
      continue
    }
    if out.isEmpty { out.append(Cell(kind: .code, lines: [], number: 0)) }
    if out[out.count - 1].kind == .markdown {
      var text = trimmed
      if text.hasPrefix("//") { text = String(text.dropFirst(2)) }
      if text.hasPrefix(" ") { text = String(text.dropFirst()) }
      out[out.count - 1].lines.append(text)
    } else {
      out[out.count - 1].lines.append(line)
    }
  }
  return out.map { c in
    var c = c
    while c.lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { c.lines.removeLast() }
    while c.lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { c.lines.removeFirst() }
    return c
  }.filter { !$0.lines.isEmpty || $0.kind == .code && $0.number > 0 }
}

/// One cell's output: text and figures in the order printed.
enum Piece {
  case text(String)
  case figure(caption: String, svg: String)
}

/// The program's standard output split by cell marker.
func outputs(of stdout: String) -> (pieces: [Int: [Piece]], lastCell: Int) {
  var pieces: [Int: [Piece]] = [:]
  var cell = 0
  var text: [String] = []
  var figure: (caption: String, lines: [String])? = nil
  func flush() {
    if !text.isEmpty { pieces[cell, default: []].append(.text(text.joined(separator: "\n"))) }
    text = []
  }
  for line in stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
    if line.hasPrefix("\u{1E}cell ") {
      flush()
      cell = Int(line.dropFirst(6)) ?? cell
    } else if line.hasPrefix("\u{1E}svg ") {
      flush()
      figure = (String(line.dropFirst(5)), [])
    } else if line == "\u{1E}end", let f = figure {
      pieces[cell, default: []].append(.figure(caption: f.caption, svg: f.lines.joined(separator: "\n")))
      figure = nil
    } else if figure != nil {
      figure?.lines.append(line)
    } else {
      text.append(line)
    }
  }
  while text.last?.isEmpty == true { text.removeLast() }
  flush()
  return (pieces, cell)
}

func escape(_ s: String) -> String {
  s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

let style = """
  body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
    color: #1d2330; line-height: 1.5; }
  h1, h2, h3 { line-height: 1.2; }
  pre { background: #f4f6f8; border-radius: 6px; padding: 0.75rem 1rem; overflow-x: auto; font-size: 0.85rem; }
  pre.code { border-left: 4px solid #4a6fa5; }
  pre.output { background: #fff; border: 1px solid #d9dee5; }
  .cell { margin: 1.25rem 0; }
  .label { font-size: 0.75rem; color: #6b7585; margin-bottom: -0.6rem; }
  figure { margin: 0.75rem 0; } figcaption { font-size: 0.85rem; color: #4b5563; }
  .failed pre.code { border-left-color: #c0392b; }
  .error { background: #fdecea; border: 1px solid #c0392b; border-radius: 6px; padding: 0.75rem 1rem; }
  .banner { background: #c0392b; color: white; padding: 0.5rem 1rem; border-radius: 6px; }
  """

/// The page of one notebook run.
func page(name: String, cells: [Cell], pieces: [Int: [Piece]], failedCell: Int?, errorText: String) -> String {
  let parser = MarkdownParser()
  var body: [String] = []
  if let failedCell {
    body.append("<p class=\"banner\" id=\"failed\">This notebook failed in code cell \(failedCell).</p>")
  }
  for cell in cells {
    switch cell.kind {
    case .markdown:
      body.append("<div class=\"cell markdown\">\(parser.html(from: cell.lines.joined(separator: "\n")))</div>")
    case .code:
      let failed = cell.number == failedCell
      var html = "<div class=\"cell code\(failed ? " failed" : "")\" id=\"cell-\(cell.number)\">"
      html += "<div class=\"label\">[\(cell.number)]</div>"
      html += "<pre class=\"code\"><code>\(escape(cell.lines.joined(separator: "\n")))</code></pre>"
      for piece in pieces[cell.number] ?? [] {
        switch piece {
        case .text(let t):
          html += "<pre class=\"output\">\(escape(t))</pre>"
        case .figure(let caption, let svg):
          html += "<figure>\(svg)<figcaption>\(escape(caption))</figcaption></figure>"
        }
      }
      if failed { html += "<pre class=\"error\">\(escape(errorText))</pre>" }
      body.append(html + "</div>")
    }
  }
  return """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>\(escape(name)) — Neurometry notebook</title>
    <style>\(style)</style></head>
    <body>
    \(body.joined(separator: "\n"))
    </body></html>

    """
}

/// Runs the notebook program and returns its status, standard output and standard error.
func run(_ program: String, in directory: URL) throws -> (status: Int32, stdout: String, stderr: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: program)
  process.currentDirectoryURL = directory
  var environment = ProcessInfo.processInfo.environment
  environment["NEUROMETRY_NOTEBOOK_CELLS"] = "1"
  environment["SWIFT_BACKTRACE"] = "enable=no"
  process.environment = environment
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("out")
  let errURL = scratch.appendingPathComponent("err")
  _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
  _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
  let out = try FileHandle(forWritingTo: outURL)
  let err = try FileHandle(forWritingTo: errURL)
  process.standardOutput = out
  process.standardError = err
  try process.run()
  process.waitUntilExit()
  try out.close()
  try err.close()
  return (
    process.terminationStatus, String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
    String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
  )
}

// MARK: - Command line

var arguments = Array(CommandLine.arguments.dropFirst())
var outputDirectory = ".build/notebooks"
var names: [String] = []
let binDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
// The notebooks package folder: the current folder when it has the notebooks, else Notebooks/.
let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let packageFolder =
  FileManager.default.fileExists(atPath: cwd.appendingPathComponent("rsa-spikes/notebook.swift").path)
  ? cwd : cwd.appendingPathComponent("Notebooks")
let repositoryRoot = packageFolder.deletingLastPathComponent()
while !arguments.isEmpty {
  let a = arguments.removeFirst()
  switch a {
  case "--output": outputDirectory = arguments.isEmpty ? outputDirectory : arguments.removeFirst()
  case "--all":
    names += ((try? FileManager.default.contentsOfDirectory(atPath: packageFolder.path)) ?? []).filter {
      $0 != "failing-example"
        && FileManager.default.fileExists(atPath: packageFolder.appendingPathComponent("\($0)/notebook.swift").path)
    }.sorted()
  case "--help", "-h":
    print("usage: render-notebook [--all | NAME …] [--output DIR]")
    exit(0)
  default: names.append(a)
  }
}
guard !names.isEmpty else {
  FileHandle.standardError.write(Data("render-notebook: name notebooks or give --all\n".utf8))
  exit(64)
}
try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
var failures = 0
for name in names {
  let source = packageFolder.appendingPathComponent("\(name)/notebook.swift")
  guard let text = try? String(contentsOf: source, encoding: .utf8) else {
    FileHandle.standardError.write(Data("render-notebook: no notebook \(source.path)\n".utf8))
    exit(1)
  }
  let program = binDirectory.appendingPathComponent(name).path
  guard FileManager.default.isExecutableFile(atPath: program) else {
    FileHandle.standardError.write(
      Data("render-notebook: \(program) is not built; run swift build --package-path Notebooks\n".utf8))
    exit(1)
  }
  let start = Date()
  let result = try run(program, in: repositoryRoot)
  let (pieces, lastCell) = outputs(of: result.stdout)
  let failed = result.status != 0
  // The error: what the program wrote before a crash's backtrace.
  let errorText =
    (result.stderr.components(separatedBy: "\n*** ").first ?? result.stderr)
    .components(separatedBy: "\nCurrent stack trace:").first ?? result.stderr
  let html = page(
    name: name, cells: cells(of: text), pieces: pieces, failedCell: failed ? lastCell : nil,
    errorText: "exit status \(result.status)\n" + errorText)
  let path = (outputDirectory as NSString).appendingPathComponent("\(name).html")
  try html.write(toFile: path, atomically: true, encoding: .utf8)
  let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
  if failed {
    failures += 1
    print("\(name): FAILED in code cell \(lastCell) (\(seconds) s) → \(path)")
    FileHandle.standardError.write(Data("\(name), code cell \(lastCell): \(errorText)\n".utf8))
  } else {
    print("\(name): \(pieces.values.reduce(0) { $0 + $1.count }) outputs (\(seconds) s) → \(path)")
  }
}
exit(failures == 0 ? 0 : 1)
