import ArgumentParser
import Foundation
import Neurometry

/// The study a command works on: a study file, or for simple studies the activations and regions
/// as flags (`report`, `identify`).
struct StudyOptions: ParsableArguments {
  @Argument(help: "The study file (YAML or JSON). Omit it to describe a study with the flags below.")
  var study: String?

  @Option(help: "Without a study file: the activations (.npz, .npy or HDF5 with stimulus ids).")
  var activations: String?

  @Option(
    name: .customLong("region"),
    help:
      "Without a study file: NAME=PATTERNS, a region and its patterns file (.h5 from `neurometry patterns`, or .npy with <stem>_conditions.npy); repeatable."
  )
  var regions: [String] = []

  @Option(help: "Without a study file: comma-separated measures (rsa, cka, shape, encoding).")
  var measures: String = "rsa,cka,encoding"

  @Option(help: "Random seed (overrides the study file's).")
  var seed: UInt64?

  func validate() throws {
    if study == nil && activations == nil {
      throw ValidationError("give a study file, or --activations with --region NAME=PATTERNS")
    }
    if study != nil && (activations != nil || !regions.isEmpty) {
      throw ValidationError("--activations and --region describe a study without a file; give one or the other")
    }
    if study == nil && regions.isEmpty {
      throw ValidationError("--activations needs at least one --region NAME=PATTERNS")
    }
  }

  /// The files named on the command line (for the partial results' provenance).
  var inputFiles: [String] {
    study.map { [$0] }
      ?? ([activations].compactMap { $0 } + regions.compactMap { $0.split(separator: "=").last.map(String.init) })
  }

  /// The study from the file, or from the flags, with --seed applied.
  func specification() throws -> StudySpecification {
    var spec = try fileOrFlags()
    if let seed { spec.seed = seed }
    return spec
  }

  private func fileOrFlags() throws -> StudySpecification {
    if let study { return try StudyFile.read(study) }
    let kinds = try measures.split(separator: ",").map { name -> MeasureKind in
      let n = name.trimmingCharacters(in: .whitespaces)
      guard let k = MeasureKind(rawValue: n) else {
        throw NeurometryError.invalidInput(
          context: "--measures",
          message: "unknown measure '\(n)' (expected: \(MeasureKind.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      return k
    }
    let regionSpecs = try regions.map { text -> RegionSpecification in
      guard let eq = text.firstIndex(of: "="), eq != text.startIndex, text.index(after: eq) != text.endIndex else {
        throw NeurometryError.invalidInput(context: "--region '\(text)'", message: "expected NAME=PATTERNS")
      }
      return RegionSpecification(
        name: String(text[..<eq]),
        subjects: [
          SubjectSpecification(source: .patterns(PatternsSource(file: String(text[text.index(after: eq)...]))))
        ])
    }
    let spec = StudySpecification(
      name: "Model–brain study", activations: ActivationsSpecification(file: activations ?? ""),
      regions: regionSpecs, measures: kinds.map(MeasureSpecification.defaults))
    try spec.validate()
    return spec
  }
}
