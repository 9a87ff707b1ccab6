import Foundation
import Neurometry

/// The parsers fuzzed, by name: the file extension each input is written with and the reads that
/// run on it (errors are expected; only crashes, hangs and sanitizer reports are findings).
enum FuzzTarget: String, CaseIterable {
  case npy, npz, nifti, gzip, tsv, phy, hdf5, nwb, mat, activations

  var fileName: String {
    switch self {
    case .npy: return "input.npy"
    case .npz: return "input.npz"
    case .nifti: return "input.nii"
    case .gzip: return "input.nii.gz"
    case .tsv: return "events.tsv"
    case .phy: return "params.py"
    case .hdf5: return "input.h5"
    case .nwb: return "input.nwb"
    case .mat: return "input.mat"
    case .activations: return "activations.h5"
    }
  }

  /// Reads `path` as a user's file of this kind would be read.
  func read(_ path: String) {
    switch self {
    case .npy, .npz, .hdf5:
      _ = try? ArrayFile.shape(path, member: nil)
      _ = try? ArrayFile.read(path)
      _ = try? FileSummary.inspect(path)
    case .nifti, .gzip:
      _ = try? NIfTIImage.readHeader(path)
      _ = try? NIfTIImage.read(path)
      _ = try? FileSummary.inspect(path)
    case .tsv:
      _ = try? TSVTable.read(path)
      _ = try? ArrayFile.readLabels(path)
    case .phy:
      _ = try? PhyParameters.read(path)
    case .nwb:
      _ = try? NWBFile(path: path)
      _ = try? FileSummary.inspect(path)
    case .mat:
      _ = try? MATFile(path: path)
      _ = try? FileSummary.inspect(path)
    case .activations:
      // A network's layers in HDF5 (the form TorchLens/h5py exports take): every numeric dataset
      // as a layer, the stimulus ids found by name, then the layers reordered by those ids.
      if let activations = try? Activations.read(path), let ids = activations.stimulusIDs {
        _ = try? activations.reordered(to: ids.sorted())
      }
    }
  }
}

/// The target this process fuzzes and the file its inputs are written to.
nonisolated(unsafe) let fuzzTarget: FuzzTarget = {
  let name = ProcessInfo.processInfo.environment["NEUROMETRY_FUZZ_TARGET"] ?? ""
  guard let target = FuzzTarget(rawValue: name) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("set NEUROMETRY_FUZZ_TARGET to one of: \(names)\n".utf8))
    exit(2)
  }
  return target
}()

nonisolated(unsafe) let fuzzFile: String = {
  let folder = NSTemporaryDirectory() + "neurometry-fuzz-\(getpid())"
  try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  return folder + "/" + fuzzTarget.fileName
}()

/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(bytes: data, count: size)
  guard FileManager.default.createFile(atPath: fuzzFile, contents: bytes) else { return 0 }
  fuzzTarget.read(fuzzFile)
  return 0
}

/// libFuzzer's driver (compiler-rt), run from the entry point SwiftPM gives this executable.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The executable's entry point (SwiftPM links `main` to `<module>_main`): libFuzzer's driver over
/// `fuzzOneInput` with the process's arguments (corpus folders, -max_total_time, …).
@_cdecl("neurometry_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var count = argc
  var arguments = argv
  return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
