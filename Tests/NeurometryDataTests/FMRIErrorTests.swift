import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Every documented fMRI error, with its message: masks and atlases that do not fit the data,
/// events outside the run, rank-deficient designs, NaN inside the region, inconsistent TRs.
@Suite struct FMRIErrorTests {
  static let bold1 = Fixtures.path("fmri", "bids/sub-01/func/sub-01_task-objects_run-1_bold.nii.gz")

  func events(_ text: String) throws -> BIDSEvents {
    try BIDSEvents(table: try TSVTable.parse(text, path: "ev.tsv"))
  }

  @Test func maskOfAnotherShape() throws {
    let run = try FMRIRun.load(bold: Self.bold1)
    let mask = try VoxelMask.read(Fixtures.path("fmri", "mask_wrong_shape.nii.gz"))
    expectNeurometryError([
      "mask_wrong_shape.nii.gz", "has voxel grid (6, 5, 3)", "run-1_bold.nii.gz has (6, 5, 4)", "resample",
    ]) {
      _ = try FMRIPatternEstimator().fit(runs: [run], region: .mask(mask))
    }
  }

  @Test func maskWithAnotherAffine() throws {
    let run = try FMRIRun.load(bold: Self.bold1)
    let good = try VoxelMask.read(Fixtures.path("fmri", "mask.nii.gz"))
    var rows = good.grid.affine.rows
    rows[0][3] += 1.5
    let shifted = VoxelMask(
      grid: VoxelGrid(shape: good.grid.shape, affine: NIfTIAffine(rows: rows, source: .sform)), voxels: good.voxels,
      source: "shifted.nii.gz")
    expectNeurometryError(["shifted.nii.gz", "same shape", "different affine"]) {
      _ = try FMRIPatternEstimator().fit(runs: [run], region: .mask(shifted))
    }
  }

  @Test func masksMustBeBinary() throws {
    expectNeurometryError(["mask_nonbinary.nii.gz", "is not a binary mask", "more than two values"]) {
      _ = try VoxelMask.read(Fixtures.path("fmri", "mask_nonbinary.nii.gz"))
    }
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let affine: [[Double]] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    try NIfTIImage.write(
      values: [0, 0, 0, 0], shape: [2, 2, 1], affine: affine, to: dir.file("empty.nii"), dataType: .uint8)
    expectNeurometryError(["empty.nii", "only the value 0", "empty"]) { _ = try VoxelMask.read(dir.file("empty.nii")) }
    try NIfTIImage.write(
      values: [1, 2, 1, 2], shape: [2, 2, 1], affine: affine, to: dir.file("two.nii"), dataType: .uint8)
    expectNeurometryError(["two.nii", "neither of them 0"]) { _ = try VoxelMask.read(dir.file("two.nii")) }
    try NIfTIImage.write(values: [0, 1.5, 1, 2], shape: [2, 2, 1], affine: affine, to: dir.file("frac.nii"))
    expectNeurometryError(["frac.nii", "voxel (1, 0, 0) is 1.5", "whole numbers"]) {
      _ = try LabelAtlas.read(dir.file("frac.nii"))
    }
    try NIfTIImage.write(
      values: [0, 0, 0, 0], shape: [2, 2, 1], affine: affine, to: dir.file("bg.nii"), dataType: .int16)
    expectNeurometryError(["bg.nii", "no labelled voxels"]) { _ = try LabelAtlas.read(dir.file("bg.nii")) }
  }

  @Test func eventsBeyondTheRun() throws {
    let late = try BIDSEvents.read(Fixtures.path("fmri", "events/broken/late.tsv"))
    expectNeurometryError([
      "late.tsv: line 3", "onset 130.0 s is at or after the end of the run (60 scans × TR 2.0 s = 120.0 s)",
    ]) {
      _ = try FirstLevelDesign().make(events: late, scans: 60, repetitionTime: 2)
    }
    let early = try BIDSEvents.read(Fixtures.path("fmri", "events/broken/early.tsv"))
    expectNeurometryError(["early.tsv: line 2", "onset -30.0 s is more than 24.0 s before the first scan"]) {
      _ = try FirstLevelDesign().make(events: early, scans: 60, repetitionTime: 2)
    }
  }

  @Test func rankDeficientDesignsNameTheirRegressor() throws {
    let twins = try events("onset\tduration\ttrial_type\n4\t2\ta\n4\t2\tb\n30\t2\ta\n30\t2\tb\n")
    let d = try FirstLevelDesign().make(events: twins, scans: 40, repetitionTime: 2)
    expectNeurometryError([
      "GLM (run 1)", "singular matrix", "has rank 3",
      "regressor 'b' is a linear combination of the regressors before it (a)",
    ]) {
      _ = try GeneralLinearModel().fit(Matrix(rows: 40, columns: 3, repeating: 1), design: d, context: "run 1")
    }
    let silent = try events("onset\tduration\ttrial_type\tmodulation\n4\t2\ta\t1\n10\t2\tz\t0\n")
    let dz = try FirstLevelDesign().make(events: silent, scans: 40, repetitionTime: 2)
    expectNeurometryError(["regressor 'z' is all zeros (no events of this condition fall in the run?)"]) {
      _ = try GeneralLinearModel().fit(Matrix(rows: 40, columns: 2, repeating: 1), design: dz, context: "run 1")
    }
    let many = try events("onset\tduration\ttrial_type\n0\t1\ta\n1\t1\tb\n2\t1\tc\n3\t1\td\n")
    let dm = try FirstLevelDesign(drift: .none).make(events: many, scans: 4, repetitionTime: 1)
    expectNeurometryError(["the design has 4 scans but 5 regressors (a, b, c, d, constant)"]) {
      _ = try GeneralLinearModel().fit(Matrix(rows: 4, columns: 1, repeating: 1), design: dm, context: "run 1")
    }
  }

  @Test func nanInsideTheMaskIsNamedButOutsideIsIgnored() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let image = try NIfTIImage.read(Self.bold1)
    let mask = try VoxelMask.read(Fixtures.path("fmri", "mask.nii.gz"))
    let inside = mask.voxels[5]
    let outside = try #require((0..<mask.grid.voxelCount).first { !mask.voxels.contains($0) })
    let (i, j, k) = mask.grid.coordinates(inside)
    for (voxel, name) in [(inside, "nan_in.nii.gz"), (outside, "nan_out.nii.gz")] {
      var values = image.values
      values[voxel + 7 * mask.grid.voxelCount] = .nan  // scan 7
      try NIfTIImage.write(
        values: values, shape: image.shape, affine: image.affine.rows, to: dir.file(name), repetitionTime: 2)
    }
    let events = try BIDSEvents.read(Fixtures.path("fmri", "bids/sub-01/func/sub-01_task-objects_run-1_events.tsv"))
    let bad = FMRIRun(
      series: try VolumeSeries.read(dir.file("nan_in.nii.gz")), events: events, repetitionTime: 2, label: "1")
    expectNeurometryError(["nan_in.nii.gz", "(nan) at voxel (\(i), \(j), \(k)), scan 7", "inside the mask"]) {
      _ = try FMRIPatternEstimator().fit(runs: [bad], region: .mask(mask))
    }
    let fine = FMRIRun(
      series: try VolumeSeries.read(dir.file("nan_out.nii.gz")), events: events, repetitionTime: 2, label: "1")
    #expect(try FMRIPatternEstimator().fit(runs: [fine], region: .mask(mask)).perRun.observationCount == 3)
    let atlas = try LabelAtlas.read(Fixtures.path("fmri", "atlas.nii.gz"))
    if let region = atlas.regionVoxels.firstIndex(where: { $0.contains(inside) }) {
      expectNeurometryError(["(nan) at voxel (\(i), \(j), \(k)), scan 7", "region \(atlas.labels[region])"]) {
        _ = try FMRIPatternEstimator().fit(runs: [bad], region: .atlas(atlas))
      }
    }
  }

  @Test func runsMustBe4DAndLabelledOnce() throws {
    expectNeurometryError(["mask.nii.gz", "an fMRI run needs 4 dimensions"]) {
      _ = try VolumeSeries.read(Fixtures.path("fmri", "mask.nii.gz"))
    }
    let run = try FMRIRun.load(bold: Self.bold1)
    let mask = try VoxelMask.read(Fixtures.path("fmri", "mask.nii.gz"))
    expectNeurometryError(["run labels repeat (1, 1)"]) {
      _ = try FMRIPatternEstimator().fit(runs: [run, run], region: .mask(mask))
    }
    expectNeurometryError(["no runs given"]) { _ = try FMRIPatternEstimator().fit(runs: [], region: .mask(mask)) }
    let empty = FMRIRun(
      series: run.series, events: try events("onset\tduration\ttrial_type\n"), repetitionTime: 2, label: "1")
    expectNeurometryError(["ev.tsv", "has no events", "run 1"]) {
      _ = try FMRIPatternEstimator().fit(runs: [empty], region: .mask(mask))
    }
  }

  @Test func sidecarThatContradictsTheHeader() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let image = try NIfTIImage.read(Self.bold1)
    let bold = dir.file("sub-02_task-objects_run-1_bold.nii.gz")
    try NIfTIImage.write(
      values: image.values, shape: image.shape, affine: image.affine.rows, to: bold, repetitionTime: 2)
    try FileManager.default.copyItem(
      atPath: Fixtures.path("fmri", "bids/sub-01/func/sub-01_task-objects_run-1_events.tsv"),
      toPath: dir.file("sub-02_task-objects_run-1_events.tsv"))
    try Data(#"{"RepetitionTime": 2.5}"#.utf8).write(to: URL(fileURLWithPath: dir.file("task-objects_bold.json")))
    expectNeurometryError(["sub-02_task-objects_run-1_bold.nii.gz", "header says TR 2.0 s", "RepetitionTime 2.5 s"]) {
      _ = try FMRIRun.load(bold: bold)
    }
    #expect(try FMRIRun.load(bold: bold, repetitionTime: 2).repetitionTimeSource == "given")
    try FileManager.default.removeItem(atPath: dir.file("task-objects_bold.json"))
    #expect(try FMRIRun.load(bold: bold).repetitionTimeSource == "NIfTI header")
  }
}
