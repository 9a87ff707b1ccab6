import NeurometryIO
import NeurometryLinearAlgebra

extension Trials.Column {
  /// The column as typed labels (`Labels`): integer and float columns are numeric, sorted by
  /// value (a NaN is refused, naming the trial), string columns are text, sorted by Unicode
  /// scalars. `context` names the table and column in errors.
  public func typedLabels(context: String) throws -> Labels {
    switch self {
    case .integers, .numbers: return try Labels(NDArray(shape: [count], values: arrayValues), context: context)
    case .strings(let v): return try Labels(v, kind: .text, context: context)
    }
  }

  private var arrayValues: NDArray.Values {
    switch self {
    case .integers(let v): return .int64(v)
    case .numbers(let v): return .float64(v)
    case .strings(let v): return .string(v)
    }
  }
}
