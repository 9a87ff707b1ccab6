import NeurometryLinearAlgebra

/// A TimeSeries (or ElectricalSeries, SpikeEventSeries, …) of an NWB file: its metadata, read at
/// once, and its data, read lazily by sample range or time window (a raw ElectricalSeries is
/// never loaded whole).
///
/// Sample times follow NWB (and pynwb's `timestamps` property): `starting_time + i / rate` when
/// the series has a rate, else the `timestamps` dataset. Values are `data · conversion + offset`
/// in `unit`.
public final class NWBTimeSeries: @unchecked Sendable {
  /// The series' metadata: path, type, unit, shape, scaling and timing.
  public let info: NWBTimeSeriesInfo
  /// `data`; nil for a series whose samples are elsewhere (an ImageSeries whose frames are in
  /// `external_file`) or absent.
  let data: HDF5Dataset?
  let timestampsDataset: HDF5Dataset?
  let file: HDF5File

  /// Reads the metadata of the series at `path`. It may lack `data` (frames in an external
  /// video, or none), and its `timestamps` may disagree with `data` in length: both are read as
  /// they are (as pynwb does) and only a read of times beyond `timestamps` is refused.
  /// `NWBSummary` turns these into warnings.
  init(file: HDF5File, path: String) throws {
    self.file = file
    let dataPath = HDF5File.join(path, "data")
    data = file.kind(of: dataPath) == .dataset ? try file.dataset(dataPath) : nil
    let type = (try? file.stringAttribute("neurodata_type", of: path)) ?? nil
    let conversion = try data.flatMap { try NWBTimeSeries.number($0, "conversion") } ?? 1
    let offset = try data.flatMap { try NWBTimeSeries.number($0, "offset") } ?? 0
    let resolution = try data.flatMap { try NWBTimeSeries.number($0, "resolution") }
    // pynwb reads a missing unit as 'unknown' (its default since NWB 2.0).
    let unit = (data.flatMap { try? $0.stringAttribute("unit") } ?? nil) ?? "unknown"
    var rate: Double? = nil
    var start: Double? = nil
    var timestamps: HDF5Dataset? = nil
    if file.kind(of: HDF5File.join(path, "starting_time")) == .dataset {
      let st = try file.dataset(HDF5File.join(path, "starting_time"))
      start = try st.readDoubles().first
      rate = try NWBTimeSeries.number(st, "rate")
      guard let r = rate, r > 0, r.isFinite else {
        throw NeurometryError.malformedFile(
          path: file.path, field: HDF5File.join(path, "starting_time"),
          message: "has rate \(rate.map { "\($0)" } ?? "missing"); expected a positive sampling rate in Hz")
      }
    } else if file.kind(of: HDF5File.join(path, "timestamps")) == .dataset {
      timestamps = try file.dataset(HDF5File.join(path, "timestamps"))
    }
    var external: [String]? = nil
    if file.kind(of: HDF5File.join(path, "external_file")) == .dataset {
      external = try file.dataset(HDF5File.join(path, "external_file")).readStrings()
    }
    timestampsDataset = timestamps
    info = NWBTimeSeriesInfo(
      path: path, neurodataType: type, unit: unit, shape: data?.shape, dtype: data?.type.descr,
      conversion: conversion, offset: offset, resolution: resolution, rate: rate, startingTime: start,
      timestampCount: timestamps?.shape.first, chunks: data?.chunks, externalFile: external)
  }

  static func number(_ d: HDF5Dataset, _ name: String) throws -> Double? {
    guard let a = try d.attribute(name), a.isNumeric, a.count == 1 else { return nil }
    return try a.doubles(context: "\(d.context) attribute '\(name)'").first
  }

  /// Number of samples: the length of the first axis of `data` (0 for a scalar or without `data`).
  public var sampleCount: Int { info.shape?.first ?? 0 }

  /// Times of samples `range` (seconds).
  public func times(_ range: Range<Int>) throws -> [Double] {
    try checkRange(range)
    if let rate = info.rate {
      let start = info.startingTime ?? 0
      return range.map { start + Double($0) / rate }
    }
    guard let ts = timestampsDataset else {
      throw NeurometryError.malformedFile(
        path: file.path, field: info.path, message: "has neither starting_time + rate nor timestamps")
    }
    let available = ts.shape.first ?? 0
    guard range.upperBound <= available else {
      throw NeurometryError.shapeMismatch(
        context: "\(file.path): \(info.path)",
        message:
          "timestamps has \(available.grouped) entries but data has \(sampleCount.grouped) samples: no times for samples \(available.grouped)..<\(range.upperBound.grouped)"
      )
    }
    return try ts.read(start: [range.lowerBound], count: [range.count]).doubles(context: ts.context)
  }

  /// Samples `range` as rows × channels, scaled (`data · conversion + offset`). 1-D data is one
  /// column; trailing axes beyond the second are flattened in C order.
  public func samples(_ range: Range<Int>) throws -> Matrix {
    try checkRange(range)
    guard let data else { throw noData() }
    let raw = try data.readRows(range)
    let values = try raw.doubles(context: data.context)
    let columns = raw.shape.dropFirst().reduce(1, *)
    let (c, o) = (info.conversion, info.offset)
    return Matrix(rows: range.count, columns: columns, elements: values.map { $0 * c + o })
  }

  /// The first sample index whose time is ≥ `t` (binary search; `sampleCount` when none).
  public func sampleIndex(atOrAfter t: Double) throws -> Int {
    let n = sampleCount
    if let rate = info.rate {
      let start = info.startingTime ?? 0
      func time(_ i: Int) -> Double { start + Double(i) / rate }
      let guess = ((t - start) * rate).rounded(.down)
      var k = guess.isNaN ? 0 : Int(Swift.max(0, Swift.min(Double(n), guess)))
      while k > 0 && time(k - 1) >= t { k -= 1 }
      while k < n && time(k) < t { k += 1 }
      return k
    }
    let all = try times(0..<n)
    var lo = 0
    var hi = n
    while lo < hi {
      let mid = (lo + hi) / 2
      if all[mid] < t { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The samples with times in `[start, end)`: their times and values (rows × channels).
  public func window(from start: Double, to end: Double) throws -> (times: [Double], values: Matrix) {
    guard start.isFinite, end.isFinite, end >= start else {
      throw NeurometryError.invalidInput(
        context: "\(file.path): \(info.path)", message: "window [\(start), \(end)) is not a finite interval")
    }
    let lo = try sampleIndex(atOrAfter: start)
    let hi = Swift.max(lo, try sampleIndex(atOrAfter: end))
    return (try times(lo..<hi), try samples(lo..<hi))
  }

  private func noData() -> NeurometryError {
    let elsewhere = info.externalFile.map { " (its frames are in \($0.map { "'\($0)'" }.joined(separator: ", ")))" }
    return NeurometryError.malformedFile(
      path: file.path, field: info.path, message: "has no data in this file\(elsewhere ?? "")")
  }

  private func checkRange(_ range: Range<Int>) throws {
    guard range.lowerBound >= 0, range.upperBound <= sampleCount else {
      throw NeurometryError.invalidInput(
        context: "\(file.path): \(info.path)",
        message: "samples \(range.lowerBound)..<\(range.upperBound) are outside 0..<\(sampleCount.grouped)")
    }
  }
}

/// What a TimeSeries holds, without its data (for `inspect` and planning windowed reads).
public struct NWBTimeSeriesInfo: Sendable, Codable, Equatable {
  /// The series' group path, e.g. `/acquisition/ElectricalSeries`.
  public let path: String
  /// `TimeSeries`, `ElectricalSeries`, …
  public let neurodataType: String?
  /// The `unit` attribute of `data`, the unit of the scaled values (e.g. "volts"); "unknown"
  /// when absent, as pynwb reads it.
  public let unit: String
  /// Shape of `data` (samples first); nil when the series has no `data` in the file.
  public let shape: [Int]?
  /// numpy-like type string of `data` as stored, e.g. `<i2` (see `HDF5DataType.descr`); nil
  /// without `data`.
  public let dtype: String?
  /// The `conversion` attribute: the factor that turns stored values into `unit` (1 when absent).
  public let conversion: Double
  /// The `offset` attribute: added after `conversion` (0 when absent).
  public let offset: Double
  /// The `resolution` attribute: the smallest meaningful difference between values, in `unit`
  /// (NWB writes −1 for unknown; nil when absent).
  public let resolution: Double?
  /// Sampling rate in Hz (nil when the series has timestamps).
  public let rate: Double?
  /// The `starting_time` dataset: the time of the first sample in seconds (nil when the series has timestamps).
  public let startingTime: Double?
  /// Number of entries in `timestamps` (nil when the series has a rate instead).
  public let timestampCount: Int?
  /// Chunk dimensions of `data`, nil when it is contiguous or compact.
  public let chunks: [Int]?
  /// The `external_file` paths of an ImageSeries whose frames are stored outside the NWB file
  /// (behaviour videos on DANDI), nil otherwise.
  public var externalFile: [String]? = nil

  enum CodingKeys: String, CodingKey {
    case path, neurodataType = "neurodata_type", unit, shape, dtype, conversion, offset, resolution, rate
    case startingTime = "starting_time", timestampCount = "timestamp_count", chunks
    case externalFile = "external_file"
  }
}
