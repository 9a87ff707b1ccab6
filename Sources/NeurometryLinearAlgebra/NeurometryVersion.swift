/// Neurometry's version (semantic versioning), recorded in every JSON output and report.
public enum NeurometryVersion {
  public static let string = "0.1.0"
}
