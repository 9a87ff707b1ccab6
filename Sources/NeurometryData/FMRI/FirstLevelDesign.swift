import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// Builds first-level design matrices from events, as nilearn's `make_first_level_design_matrix`
/// does with `hrf_model="spm"` (or `"glover"`), the given drift model, `min_onset` and
/// `oversampling`; `FirstLevelModel`'s frame times `linspace(s·TR, (n − 1 + s)·TR, n)` with
/// `s = slice_time_ref`.
///
/// For each condition (sorted: numerically when every label is a number, otherwise by Unicode
/// code points, as `numpy.unique` sorts pandas' column):
/// 1. the events' boxcars (amplitude = modulation, duplicates of the same onset and duration
///    summed) are laid on the grid `linspace(t₀ + min_onset, t_max·(1 + 1/(n − 1)), N)` with
///    `N = rint((n − 1)/(t_max − t₀) · (t_max·(1 + 1/(n − 1)) − t₀ − min_onset) · oversampling + 1)`;
///    an event starts at the first grid point ≥ its onset and ends at the first ≥ onset + duration
///    (one point later for zero durations), as `_sample_condition` does;
/// 2. the boxcar is convolved with the HRF sampled on the same grid (TR = the smallest frame-time
///    step) and truncated to N points (`np.convolve(...)[:N]`);
/// 3. the result is interpolated linearly at the frame times (`scipy.interpolate.interp1d`).
///
/// Only the grid points the interpolation reads are convolved (two per scan), so the cost is
/// O(scans × kernel) per condition rather than O(N × kernel); the values are the same sums.
///
/// Differences from nilearn, on purpose: events whose onset is at or after the end of the run
/// (`scans × TR` seconds) or before `t₀ + min_onset` are errors (nilearn warns about the early ones
/// and silently models nothing for the late ones); a rank-deficient design is reported by the GLM,
/// not regularised (`full_rank`).
public struct FirstLevelDesign: Sendable, Equatable {
  /// The haemodynamic response model the events are convolved with (nilearn's `hrf_model`; default SPM).
  public var hrf: HRFModel = .spm
  /// Temporal oversampling of the event grid and the HRF (nilearn's default 50).
  public var oversampling: Int = 50
  /// The low-frequency drift regressors (nilearn's `drift_model`; default cosine).
  public var drift: DriftModel = .cosine
  /// Cut-off of the cosine drift in Hz (nilearn's default 0.01 Hz = 100 s).
  public var highPass: Double = 0.01
  /// Order of the polynomial drift.
  public var driftOrder: Int = 1
  /// Events may start this many seconds before the first scan (nilearn's default −24).
  public var minOnset: Double = -24
  /// Where in each TR the scan is taken as acquired, 0…1 (nilearn's `slice_time_ref`).
  public var sliceTimeReference: Double = 0

  /// A design builder with nilearn's defaults unless given: SPM HRF, oversampling 50, cosine drift with
  /// a 0.01 Hz high-pass, polynomial order 1, `min_onset` −24 s, `slice_time_ref` 0.
  public init(
    hrf: HRFModel = .spm, oversampling: Int = 50, drift: DriftModel = .cosine, highPass: Double = 0.01,
    driftOrder: Int = 1, minOnset: Double = -24, sliceTimeReference: Double = 0
  ) {
    self.hrf = hrf
    self.oversampling = oversampling
    self.drift = drift
    self.highPass = highPass
    self.driftOrder = driftOrder
    self.minOnset = minOnset
    self.sliceTimeReference = sliceTimeReference
  }

  /// The frame times of `scans` scans `repetitionTime` seconds apart (`FirstLevelModel`'s rule).
  public func frameTimes(scans: Int, repetitionTime: Double) -> [Double] {
    NumpyCompatible.linspace(
      sliceTimeReference * repetitionTime, (Double(scans - 1) + sliceTimeReference) * repetitionTime, scans)
  }

  /// The design of one run of `scans` scans, TR `repetitionTime` seconds. `confounds`
  /// (scans × k, with names) are appended after the conditions, as nilearn's `add_regs`.
  public func make(
    events: BIDSEvents, scans: Int, repetitionTime: Double, confounds: (names: [String], values: Matrix)? = nil
  ) throws -> DesignMatrix {
    guard repetitionTime > 0, repetitionTime.isFinite else {
      throw NeurometryError.invalidInput(
        context: "design", message: "repetition time is \(repetitionTime), expected > 0 s")
    }
    guard scans >= 2 else {
      throw NeurometryError.invalidInput(context: "design", message: "\(scans) scan(s); a design needs at least 2")
    }
    guard (0...1).contains(sliceTimeReference) else {
      throw NeurometryError.invalidInput(
        context: "design", message: "slice time reference \(sliceTimeReference) must be between 0 and 1")
    }
    let end = Double(scans) * repetitionTime
    let times = frameTimes(scans: scans, repetitionTime: repetitionTime)
    for k in 0..<events.count {
      if events.onsets[k] >= end {
        throw NeurometryError.invalidInput(
          context: "\(events.path): line \(events.lineNumbers[k])",
          message:
            "onset \(events.onsets[k]) s is at or after the end of the run (\(scans) scans × TR \(repetitionTime) s = \(end) s): events of another run, or a TR in the wrong unit?"
        )
      }
      if events.onsets[k] < times[0] + minOnset {
        throw NeurometryError.invalidInput(
          context: "\(events.path): line \(events.lineNumbers[k])",
          message:
            "onset \(events.onsets[k]) s is more than \(-minOnset) s before the first scan; such events cannot be modelled"
        )
      }
    }
    return try make(events: events, frameTimes: times, confounds: confounds)
  }

  /// The design sampled at the given frame times (increasing, at least 2).
  public func make(
    events: BIDSEvents, frameTimes times: [Double], confounds: (names: [String], values: Matrix)? = nil
  ) throws -> DesignMatrix {
    let n = times.count
    guard n >= 2, zip(times, times.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw NeurometryError.invalidInput(context: "design", message: "frame times must be at least 2 and increasing")
    }
    guard oversampling >= 1 else {
      throw NeurometryError.invalidInput(context: "design", message: "oversampling is \(oversampling), expected ≥ 1")
    }
    var warnings = events.warnings
    let conditions = Labels(text: events.conditions).distinctSorted
    let zeroDuration = Set(zip(events.conditions, events.durations).filter { $0.1 == 0 }.map { $0.0 })
    if !zeroDuration.isEmpty {
      warnings.append(
        "conditions with zero-duration (impulse) events: \(Labels(text: Array(zeroDuration)).distinctSorted.joined(separator: ", "))"
      )
    }
    // The high-resolution grid (_sample_condition / _compute_n_frames_high_res).
    let (mini, maxi) = (times.min() ?? 0, times.max() ?? 0)
    var nHigh = Double(n - 1) * 1.0 / (maxi - mini)
    nHigh *= (maxi * (1 + 1.0 / Double(n - 1)) - mini - minOnset) * Double(oversampling)
    nHigh += 1
    let gridCount = Int(nHigh.rounded(.toNearestOrEven))
    let grid = NumpyCompatible.linspace(mini + minOnset, maxi * (1 + 1.0 / Double(n - 1)), gridCount)
    let tr = zip(times, times.dropFirst()).map { $1 - $0 }.min() ?? 0
    let kernel = try hrf.kernel(repetitionTime: tr, oversampling: oversampling)
    // Which grid points the interpolation reads, and with what weights.
    var lows = [Int](repeating: 0, count: n)
    for (s, t) in times.enumerated() {
      let idx = Swift.min(Swift.max(NumpyCompatible.searchsortedLeft(grid, t), 1), gridCount - 1)
      lows[s] = idx - 1
    }
    var columns: [[Double]] = []
    for condition in conditions {
      let regressor = sampledRegressor(events: events, condition: condition, grid: grid)
      let convolved = { (index: Int) -> Double in
        // np.convolve(regressor, kernel)[index] = Σ_k regressor[index − k] · kernel[k]
        var sum = 0.0
        let kmax = Swift.min(index, kernel.count - 1)
        if kmax >= 0 { for k in 0...kmax { sum += regressor[index - k] * kernel[k] } }
        return sum
      }
      var column = [Double](repeating: 0, count: n)
      for s in 0..<n {
        let lo = lows[s]
        let hi = lo + 1
        let (yLo, yHi) = (convolved(lo), convolved(hi))
        let slope = (yHi - yLo) / (grid[hi] - grid[lo])
        column[s] = slope * (times[s] - grid[lo]) + yLo
      }
      columns.append(column)
    }
    var names = conditions
    if let confounds {
      guard confounds.values.rows == n, confounds.names.count == confounds.values.columns else {
        throw NeurometryError.shapeMismatch(
          context: "design",
          message:
            "confounds have \(confounds.values.rows) rows and \(confounds.names.count) names for \(confounds.values.columns) columns; the run has \(n) scans"
        )
      }
      guard confounds.values.isFinite else {
        throw NeurometryError.invalidInput(context: "design", message: "confounds contain NaN or infinite values")
      }
      for j in 0..<confounds.values.columns { columns.append(confounds.values.column(j)) }
      names += confounds.names
    }
    let (driftColumns, driftWarnings) = try driftRegressors(times)
    warnings += driftWarnings
    columns += driftColumns
    names += (1..<driftColumns.count).map { "drift_\($0)" } + ["constant"]
    var seen = Set<String>()
    for name in names where !seen.insert(name).inserted {
      throw NeurometryError.invalidInput(
        context: "design",
        message: "two regressors are named '\(name)' (a condition named like a drift or confound column?)")
    }
    let matrix = Matrix(rows: n, columns: columns.count) { i, j in columns[j][i] }
    return DesignMatrix(
      matrix: matrix, columnNames: names, conditionCount: conditions.count, frameTimes: times, warnings: warnings)
  }

  /// The boxcar of one condition on the grid (nilearn's `_sample_condition`), before convolution.
  func sampledRegressor(events: BIDSEvents, condition: String, grid: [Double]) -> [Double] {
    // Duplicated events (same onset and duration) first merged, amplitudes summed in order of
    // appearance (nilearn's handle_modulation_of_duplicate_events).
    var merged: [(onset: Double, duration: Double, value: Double)] = []
    var position: [String: Int] = [:]
    for k in 0..<events.count where events.conditions[k] == condition {
      let key = "\(events.onsets[k].bitPattern):\(events.durations[k].bitPattern)"
      if let p = position[key] {
        merged[p].value += events.modulations[k]
      } else {
        position[key] = merged.count
        merged.append((events.onsets[k], events.durations[k], events.modulations[k]))
      }
    }
    let tmax = grid.count
    var regressor = [Double](repeating: 0, count: tmax)
    let onsets = merged.map { Swift.min(NumpyCompatible.searchsortedLeft(grid, $0.onset), tmax - 1) }
    for (t, e) in zip(onsets, merged) { regressor[t] += e.value }
    for (i, e) in merged.enumerated() {
      var t = Swift.min(NumpyCompatible.searchsortedLeft(grid, e.onset + e.duration), tmax - 1)
      if t < tmax - 1 && t == onsets[i] { t += 1 }
      regressor[t] -= e.value
    }
    for i in 1..<tmax { regressor[i] += regressor[i - 1] }
    return regressor
  }

  /// The drift columns (constant last) and any warning.
  func driftRegressors(_ times: [Double]) throws -> (columns: [[Double]], warnings: [String]) {
    let n = times.count
    var warnings: [String] = []
    switch drift {
    case .none:
      return ([[Double](repeating: 1, count: n)], [])
    case .cosine:
      guard highPass >= 0, highPass.isFinite else {
        throw NeurometryError.invalidInput(context: "design", message: "high_pass \(highPass) Hz must be ≥ 0")
      }
      let dt = (times[n - 1] - times[0]) / Double(n - 1)
      if highPass * dt >= 0.5 {
        warnings.append(
          "high-pass cut-off \(highPass) Hz spans all frequencies the TR can sample and saturates the design; lower it")
      }
      let order = Swift.min(n - 1, Int((2 * Double(n) * highPass * dt).rounded(.down)))
      let normalizer = (2.0 / Double(n)).squareRoot()
      var columns: [[Double]] = []
      for k in stride(from: 1, through: order, by: 1) {
        columns.append((0..<n).map { t in normalizer * cos((Double.pi / Double(n)) * (Double(t) + 0.5) * Double(k)) })
      }
      columns.append([Double](repeating: 1, count: n))
      return (columns, warnings)
    case .polynomial:
      guard driftOrder >= 0 else {
        throw NeurometryError.invalidInput(context: "design", message: "drift order \(driftOrder) must be ≥ 0")
      }
      let tmax = times.max() ?? 1
      var pol: [[Double]] = (0...driftOrder).map { k in times.map { Foundation.pow($0 / tmax, Double(k)) } }
      // nilearn's orthogonalize: each column minus its projection on the columns before it.
      for i in 1..<pol.count {
        let previous = Matrix(rows: n, columns: i) { r, c in pol[c][r] }
        let target = Matrix(rows: n, columns: 1, elements: pol[i])
        let coefficients = try previous.leastSquares(target).solution
        let projection = previous * coefficients
        for r in 0..<n { pol[i][r] -= projection[r, 0] }
      }
      return (Array(pol.dropFirst()) + [pol[0]], warnings)
    }
  }

}
