import ArgumentParser
import Foundation
import Neurometry

/// `neurometry convert INPUT --output OUT.npy|OUT.h5 [--dataset M] [--mask MASK | --atlas ATLAS]`:
/// any array Neurometry reads, written as it reads it (`ArrayExtraction`).
struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Write any array Neurometry reads to .npy or .h5, to check its values outside.",
    discussion: """
      INPUT: an .npy, an .npz member, an HDF5/NWB dataset or a MATLAB v7.3 variable (--dataset), \
      or a NIfTI image (its voxels, shape (x, y, z[, t]), as nibabel's get_fdata()). With --mask a \
      4-D NIfTI series becomes scans × voxels inside the mask (nilearn NiftiMasker order); with \
      --atlas, scans × regions of region means (nilearn NiftiLabelsMasker, strategy mean). The \
      .h5 output holds /data and, for --mask/--atlas, the column labels in /columns.
      """)

  @Argument(help: "The file to read.")
  var input: String

  @Option(name: .long, help: "The member of an .npz, the dataset of an HDF5/NWB file, the variable of a MAT file.")
  var dataset: String?

  @Option(name: .long, help: "A binary NIfTI mask: INPUT (4-D NIfTI) becomes scans × voxels inside it.")
  var mask: String?

  @Option(name: .long, help: "A NIfTI label atlas: INPUT (4-D NIfTI) becomes scans × region means.")
  var atlas: String?

  @Option(name: .long, help: "With --atlas: its label table (.tsv with index/name, or FSL/AFNI .txt).")
  var labels: String?

  @Option(name: .long, help: "Where to write (.npy or .h5).")
  var output: String

  @Flag(name: .long, help: "Replace an existing output file.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  struct Result: Encodable {
    let shape: [Int]
    /// The element type in INPUT (numpy's dtype.str) and the one written.
    let sourceDtype: String
    let dtype: String
    let columns: [String]?
    let output: String
    enum CodingKeys: String, CodingKey { case shape, sourceDtype = "source_dtype", dtype, columns, output }
  }

  func validate() throws {
    if mask != nil && atlas != nil { throw ValidationError("give --mask or --atlas, not both") }
    if labels != nil && atlas == nil { throw ValidationError("--labels names the regions of --atlas") }
  }

  func run() throws {
    try reportingDataErrors(inputs: [input]) {
      try SquareMatrixOutput.requireWritable(output, force: force)
      let reduction = mask.map { ArrayExtraction.Reduction.mask($0) } ?? atlas.map { .atlas($0, labels: labels) }
      let (array, columns) = try ArrayExtraction.read(input, member: dataset, reduction: reduction)
      try ArrayExtraction.write(array, columns: columns, to: output, overwrite: force)
      var inputs = ["input": input]
      inputs["mask"] = mask
      inputs["atlas"] = atlas
      inputs["labels"] = labels
      let result = Result(
        shape: array.shape, sourceDtype: array.sourceType, dtype: array.values.defaultType, columns: columns,
        output: output)
      try printReport(
        command: "convert", json: outputOptions.json, inputs: inputs, parameters: { ["dataset": dataset] },
        result: result, warnings: []
      ) {
        "\(input)\(dataset.map { ":" + $0 } ?? "") \(NDArray.describe(shape: array.shape)) \(result.sourceDtype)"
          + (columns.map {
            " (\($0.count) columns: \($0.prefix(6).joined(separator: ", "))\($0.count > 6 ? ", …" : ""))"
          } ?? "")
          + " → \(output)"
      }
    }
  }
}
