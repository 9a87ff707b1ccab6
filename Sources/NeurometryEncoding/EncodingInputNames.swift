/// Names of the two inputs, used in error messages and warnings (the CLI passes file names).
public struct EncodingInputNames: Sendable, Equatable, Codable {
  /// The features (network activations), n_samples × n_features.
  public var x: String
  /// The targets (brain responses), n_samples × n_targets.
  public var y: String

  /// Names for messages; "X" and "Y" by default.
  public init(x: String = "X", y: String = "Y") {
    self.x = x
    self.y = y
  }
}
