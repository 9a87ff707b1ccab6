// swift-tools-version: 6.1
// Neurometry's notebooks: literate Swift programs, one executable per notebook, written as cells
// (`// %% [markdown]` Markdown in comments, `// %%` code) in <name>/notebook.swift. The
// NotebookCells build plugin turns each into the program's main.swift, marking where each code
// cell starts (only when NEUROMETRY_NOTEBOOK_CELLS is set), so that render-notebook can run it and
// put every cell's output under its code in one HTML page. See README.md.
//
//   swift run --package-path Notebooks rsa-spikes                 # run one notebook
//   swift run --package-path Notebooks render-notebook --all      # run and render every notebook
import PackageDescription

let notebooks = [
  "rsa-spikes", "fmri-roi", "networks-brains", "encoding-models", "cli-walkthrough", "failing-example",
]

let package = Package(
  name: "NeurometryNotebooks",
  products: [.executable(name: "render-notebook", targets: ["render-notebook"])]
    + notebooks.map { .executable(name: $0, targets: [$0]) },
  dependencies: [
    .package(name: "Neurometry", path: ".."),
    // Markdown → HTML for the narrative cells.
    .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
  ],
  targets: [
    .executableTarget(name: "notebook-cells", path: "Sources/notebook-cells"),
    .plugin(
      name: "NotebookCells", capability: .buildTool(), dependencies: ["notebook-cells"],
      path: "Plugins/NotebookCells"),
    .target(
      name: "NotebookSupport", dependencies: [.product(name: "Neurometry", package: "Neurometry")],
      path: "Sources/NotebookSupport"),
    .executableTarget(
      name: "render-notebook", dependencies: [.product(name: "Ink", package: "Ink")],
      path: "Sources/render-notebook"),
  ]
    + notebooks.map { name in
      .executableTarget(
        name: name,
        dependencies: [.product(name: "Neurometry", package: "Neurometry"), "NotebookSupport"],
        path: name, exclude: ["notebook.swift"], plugins: ["NotebookCells"])
    },
  // Notebooks are scripts: top-level state, read by the functions a cell defines.
  swiftLanguageModes: [.v5]
)
