// swift-tools-version: 6.0
// Neurometry's benchmark runner: a separate package so that the library's own build and tests
// never compile it. It times the named workloads of ../../shared/bench (the peer benchmark) on
// the same input files and writes neurometry.json for compare.py. See README.md.
//
//   swift build -c release          # plain release (-O); never time a debug build
//   .build/release/neurometry-bench --help
import PackageDescription

let package = Package(
  name: "NeurometryBenchmarks",
  products: [
    .executable(name: "neurometry-bench", targets: ["neurometry-bench"])
  ],
  dependencies: [
    // The Neurometry package this folder lives in. Named explicitly, so that the product
    // reference below does not depend on the name of the checkout's folder.
    .package(name: "Neurometry", path: ".."),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    .executableTarget(
      name: "neurometry-bench",
      dependencies: [
        .product(name: "Neurometry", package: "Neurometry"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ])
  ]
)
