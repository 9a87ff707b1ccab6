import Foundation

// notebook-cells NOTEBOOK.swift MAIN.swift
//
// Writes the program of a notebook: its imports first, then a prelude, then the notebook's lines
// with, before each code cell (`// %%`, not `// %% [markdown]`), a call that prints a cell marker
// (U+001E "cell K") when NEUROMETRY_NOTEBOOK_CELLS is set. `#sourceLocation` keeps every compiler
// message and crash on the notebook's own lines.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
  FileHandle.standardError.write(Data("usage: notebook-cells NOTEBOOK.swift MAIN.swift\n".utf8))
  exit(64)
}
let (input, output) = (arguments[1], arguments[2])
let text = try String(contentsOfFile: input, encoding: .utf8)
let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
let quoted = input.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
var imports: [String] = []
var body: [String] = []
var cell = 0
for (index, line) in lines.enumerated() {
  let trimmed = line.trimmingCharacters(in: .whitespaces)
  if trimmed.hasPrefix("// %%") && !trimmed.contains("[markdown]") {
    cell += 1
    body.append("__notebookCell(\(cell))")
    body.append("#sourceLocation(file: \"\(quoted)\", line: \(index + 1))")
  }
  if trimmed.hasPrefix("import ") {
    imports.append(trimmed)
    body.append("")
  } else {
    body.append(line)
  }
}
let prelude = [
  "import Foundation",
  "let __notebookMarkers = ProcessInfo.processInfo.environment[\"NEUROMETRY_NOTEBOOK_CELLS\"] != nil",
  "if __notebookMarkers { setvbuf(stdout, nil, _IONBF, 0) }",
  "func __notebookCell(_ k: Int) { if __notebookMarkers { print(\"\\u{1E}cell \\(k)\") } }",
  "#sourceLocation(file: \"\(quoted)\", line: 1)",
]
let program = (Array(Set(imports)).sorted() + prelude + body).joined(separator: "\n") + "\n"
if (try? String(contentsOfFile: output, encoding: .utf8)) != program {
  try program.write(toFile: output, atomically: true, encoding: .utf8)
}
