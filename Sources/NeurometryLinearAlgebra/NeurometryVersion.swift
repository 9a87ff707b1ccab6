/// Neurometry's version (semantic versioning), recorded in every JSON output and report.
public enum NeurometryVersion {
  /// The version as `major.minor.patch`, e.g. `"0.1.0"`.
  public static let string = "0.1.0"
}
