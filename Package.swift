// swift-tools-version: 6.0
// Neurometry: how similar are brains and neural networks?
// Module graph and conventions: Docs/architecture.md (and DESIGN.md §1). A module imports only the
// modules listed before it here.
import PackageDescription

let aptLibraries: [String] = [
  "libopenblas-dev", "liblapacke-dev", "libfftw3-dev", "libhdf5-dev", "zlib1g-dev", "pkg-config",
]

let package = Package(
  name: "Neurometry",
  products: [
    .library(name: "Neurometry", targets: ["Neurometry"]),
    .executable(name: "neurometry", targets: ["neurometry"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    // Study files (YAML; JSON is YAML too). TOMLKit is mirrored but depends on swift-checkit, which is not.
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    // Logic-less templates that escape every value (the HTML report).
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    // `swift package generate-documentation` (DocC catalogues in Sources/<Module>/<Module>.docc; CI builds them).
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // C libraries (Debian packages; see .ci/run). Only files under a module's C/ folder import them.
    .systemLibrary(
      name: "CNeurometryBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(
      name: "CNeurometryLAPACK", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
    .systemLibrary(
      name: "CNeurometryFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
    .systemLibrary(
      name: "CNeurometryHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
    .systemLibrary(
      name: "CNeurometryZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // A read-only libhdf5 file driver that checks global heaps before libhdf5 trusts them.
    .target(name: "CNeurometryHDF5Guard", dependencies: ["CNeurometryHDF5"]),

    // Numerics: Matrix, BLAS/LAPACK/FFTW funnels, ranks, quantiles, seeded random streams.
    .target(
      name: "NeurometryLinearAlgebra",
      dependencies: [
        "CNeurometryBLAS", "CNeurometryLAPACK", "CNeurometryFFTW",
        .product(name: "Numerics", package: "swift-numerics"),
      ]),
    // File formats only, no science.
    .target(
      name: "NeurometryIO",
      dependencies: ["NeurometryLinearAlgebra", "CNeurometryHDF5", "CNeurometryHDF5Guard", "CNeurometryZlib"]),
    // Domain types and preprocessing.
    .target(name: "NeurometryData", dependencies: ["NeurometryIO"]),
    // RSA, CKA, shape metrics.
    .target(name: "NeurometrySimilarity", dependencies: ["NeurometryData"]),
    // Encoding models.
    .target(name: "NeurometryEncoding", dependencies: ["NeurometryData"]),
    // Model–brain studies: a study file → regions' patterns and layers → every measure per layer × region
    // with bootstrap intervals, noise ceilings and tests (Codable results).
    .target(
      name: "NeurometryStudy",
      dependencies: [
        "NeurometrySimilarity", "NeurometryEncoding", .product(name: "Yams", package: "Yams"),
      ]),
    // HTML reports and SVG figures (templates and CSS are resources).
    .target(
      name: "NeurometryReports",
      dependencies: ["NeurometryStudy", .product(name: "Mustache", package: "swift-mustache")],
      resources: [.copy("Templates")]),
    // Umbrella: `import Neurometry`.
    .target(
      name: "Neurometry",
      dependencies: [
        "NeurometryLinearAlgebra", "NeurometryIO", "NeurometryData", "NeurometrySimilarity",
        "NeurometryEncoding", "NeurometryStudy", "NeurometryReports",
      ]),
    // The command-line tool.
    .executableTarget(
      name: "neurometry",
      dependencies: [
        "Neurometry", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // The README's Swift examples, compiled and run by the tests (Tests/NeurometryCLITests/ReadmeExamplesTests).
    .executableTarget(name: "FromSwift", dependencies: ["Neurometry"], path: "Examples/FromSwift"),
    .executableTarget(name: "BestLayer", dependencies: ["Neurometry"], path: "Examples/BestLayer"),

    // Tests. Fixtures live in Tests/Fixtures/<area>/ with the Python script that made them.
    .target(
      name: "NeurometryTestSupport",
      dependencies: ["NeurometryLinearAlgebra", "NeurometryIO"],
      path: "Tests/NeurometryTestSupport"),
    .testTarget(
      name: "NeurometryLinearAlgebraTests",
      dependencies: ["NeurometryLinearAlgebra", "NeurometryTestSupport"]),
    .testTarget(
      name: "NeurometryIOTests",
      dependencies: ["NeurometryIO", "NeurometryTestSupport"]),
    .testTarget(
      name: "NeurometrySimilarityTests",
      dependencies: ["NeurometrySimilarity", "NeurometryTestSupport"]),
    .testTarget(
      name: "NeurometryDataTests",
      dependencies: ["NeurometryData", "NeurometryTestSupport"]),
    .testTarget(
      name: "NeurometryEncodingTests",
      dependencies: ["NeurometryEncoding", "NeurometryTestSupport"]),
    .testTarget(
      name: "NeurometryStudyTests",
      dependencies: ["NeurometryStudy", "NeurometryTestSupport"]),
    .testTarget(
      name: "NeurometryReportsTests",
      dependencies: ["NeurometryReports", "NeurometryTestSupport"]),
    .testTarget(
      name: "NeurometryCLITests",
      dependencies: ["neurometry", "FromSwift", "BestLayer", "NeurometryTestSupport"]),
  ]
)
