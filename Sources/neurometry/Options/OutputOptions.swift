import ArgumentParser

/// Options every subcommand shares for its output.
struct OutputOptions: ParsableArguments {
  @Flag(name: .long, help: "Print one JSON object (schema neurometry/1) on stdout instead of the human summary.")
  var json = false
}
