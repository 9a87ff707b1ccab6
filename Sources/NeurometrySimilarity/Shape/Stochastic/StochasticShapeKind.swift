/// The stochastic shape metrics (Duong et al. 2023): `gaussian` (`GaussianShapeMetric`, means and
/// covariances of the repeats) or `energy` (`EnergyShapeMetric`, the repeats themselves).
public enum StochasticShapeKind: String, CaseIterable, Codable, Sendable {
  case gaussian
  case energy
}
