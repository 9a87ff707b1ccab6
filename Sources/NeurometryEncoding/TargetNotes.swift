import NeurometryLinearAlgebra

/// What a fit found about its targets — the facts its warnings are written from, kept as facts
/// (column lists and counts) rather than sentences so that the notes of disjoint blocks of targets
/// combine into exactly the notes of one fit over all of them (`combined(_:)`): a run split by
/// targets (`CrossValidatedEncoding.evaluate(_:_:names:blocks:)`) then warns word for word as the
/// unsplit run.
///
/// Columns are those of the Y the fit was given; `mapped(to:)` renames them to a caller's columns.
public struct TargetNotes: Sendable, Codable, Equatable {
  /// How a fit chooses each target's penalty, for the warning about targets it could not score.
  public enum Selection: String, Sendable, Codable {
    /// α by (inner) cross-validation (`RidgeCV`).
    case alpha
    /// α by efficient leave-one-out (`RidgeLeaveOneOut`).
    case leaveOneOutAlpha
    /// Band weights and α by cross-validation (`BandedRidgeCV`).
    case bandWeights
  }

  /// Columns that held NaN and were dropped (`NaNTargetPolicy.drop`), increasing.
  public var dropped: [Int] = []
  /// Columns constant over the fit's samples (scores NaN), increasing.
  public var constant: [Int] = []
  /// Sentences about the fit as a whole, not about particular targets (e.g. PLS's component cap).
  public var messages: [String] = []
  /// Inner cross-validation fold scores that were NaN and left out of the means.
  public var nanFoldScores = 0
  /// Columns (not constant) with no defined selection score for any candidate, increasing.
  public var undefined: [Int] = []
  /// How the fit selects penalties (nil: it does not).
  public var selection: Selection? = nil

  /// No notes.
  public init() {}

  /// The notes with every column c renamed `columns[c]` (the fit's Y was those columns of the
  /// caller's); increasing lists stay increasing when `columns` is.
  public func mapped(to columns: [Int]) -> TargetNotes {
    var out = self
    out.dropped = dropped.map { columns[$0] }
    out.constant = constant.map { columns[$0] }
    out.undefined = undefined.map { columns[$0] }
    return out
  }

  /// The notes of one fit over the union of disjoint target blocks, given in column order: lists
  /// concatenated, counts added, messages once each in first-seen order.
  public static func combined(_ blocks: [TargetNotes]) -> TargetNotes {
    var out = TargetNotes()
    for b in blocks {
      out.dropped += b.dropped
      out.constant += b.constant
      for m in b.messages where !out.messages.contains(m) { out.messages.append(m) }
      out.nanFoldScores += b.nanFoldScores
      out.undefined += b.undefined
      out.selection = out.selection ?? b.selection
    }
    return out
  }

  /// The warnings, in this order: dropped targets, constant targets (`yName` names Y), messages,
  /// NaN fold scores, undefined targets.
  public func warnings(yName: String) -> [String] {
    var out: [String] = []
    if !dropped.isEmpty {
      let one = dropped.count == 1
      out.append(
        "\(dropped.count) target\(one ? "" : "s") of \(yName) had NaN and \(one ? "was" : "were") dropped (columns \(Self.list(dropped))); their outputs are NaN"
      )
    }
    if !constant.isEmpty {
      let one = constant.count == 1
      out.append(
        "\(constant.count) target\(one ? " is" : "s are") constant in \(yName) (columns \(Self.list(constant))); \(one ? "its score is" : "their scores are") NaN"
      )
    }
    out += messages
    if nanFoldScores > 0 {
      out.append(
        "\(nanFoldScores) fold scores were NaN (a target constant within a test fold) and were left out of the means")
    }
    if !undefined.isEmpty {
      let columns = Self.list(undefined)
      switch selection ?? .alpha {
      case .alpha:
        out.append(
          "\(undefined.count) targets had no defined CV score for any α (columns \(columns)); their α is the largest on the grid and their score is NaN"
        )
      case .leaveOneOutAlpha:
        out.append("\(undefined.count) targets had no defined leave-one-out score for any α (columns \(columns))")
      case .bandWeights:
        out.append(
          "\(undefined.count) targets had no defined CV score for any band weights (columns \(columns)); their outputs are NaN"
        )
      }
    }
    return out
  }

  /// Up to 10 indices, then "… (N in all)".
  static func list(_ indices: [Int]) -> String {
    let shown = indices.prefix(10).map(String.init).joined(separator: ", ")
    return indices.count > 10 ? shown + ", … (\(indices.count) in all)" : shown
  }
}
