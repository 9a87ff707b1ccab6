import ArgumentParser
import Neurometry

// The library's closed sets of choices as command-line values (their raw values are the names).
extension RDMMethod: ExpressibleByArgument {}
extension RDMComparator: ExpressibleByArgument {}
extension NoiseCovarianceMethod: ExpressibleByArgument {
  /// The names of `allCases`, and rsatoolbox's spellings (shrinkage_diag, shrinkage_eye).
  public init?(argument: String) {
    self.init(rawValue: argument.replacingOccurrences(of: "_", with: "-"))
  }
}
extension PoissonCVFolds: ExpressibleByArgument {}
extension UnbalancedWeighting: ExpressibleByArgument {}
extension DiagonalWhitening: ExpressibleByArgument {}
extension RDMTransform.Kind: ExpressibleByArgument {}
extension GeoTopologicalTransform.Scale: ExpressibleByArgument {}
extension GeodesicTransform.DisconnectedPairs: ExpressibleByArgument {}
extension ModelTests.Kind: ExpressibleByArgument {}
extension RSAModel.Kind: ExpressibleByArgument {}
extension RSAModelFitter.Method: ExpressibleByArgument {}
extension MultipleComparisons: ExpressibleByArgument {}
