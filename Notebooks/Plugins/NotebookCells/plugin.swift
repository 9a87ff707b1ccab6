import Foundation
import PackagePlugin

/// Builds each notebook target's main.swift from its notebook.swift (`notebook-cells`).
@main struct NotebookCells: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
    let input = target.directoryURL.appending(path: "notebook.swift")
    let output = context.pluginWorkDirectoryURL.appending(path: "main.swift")
    return [
      .buildCommand(
        displayName: "Notebook cells of \(target.name)", executable: try context.tool(named: "notebook-cells").url,
        arguments: [input.path(), output.path()], inputFiles: [input], outputFiles: [output])
    ]
  }
}
