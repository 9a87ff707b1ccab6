// swift-tools-version: 6.1
// libFuzzer targets for Neurometry's parsers (issue 16). One executable, `neurometry-fuzz`, whose
// target is chosen by NEUROMETRY_FUZZ_TARGET; built with -sanitize=fuzzer,address by run.sh:
//
//   Tests/Fuzz/run.sh npy 60        # fuzz the NPY reader for 60 seconds
//
// Every input is written to a temporary file with the target's extension and read through the
// public entry point a user's file goes through (ArrayFile.read, NIfTIImage.read, …): an error is
// fine, a crash, a hang or an ASan report is a finding.
import PackageDescription

let package = Package(
  name: "NeurometryFuzz",
  dependencies: [.package(name: "Neurometry", path: "../..")],
  targets: [
    .executableTarget(
      name: "neurometry-fuzz", dependencies: [.product(name: "Neurometry", package: "Neurometry")],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])])
  ]
)
