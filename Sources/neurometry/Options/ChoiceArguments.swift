import ArgumentParser
import Neurometry

// Closed sets of choices of the library, as command-line arguments: ArgumentParser lists their
// values in --help and refuses others with exit status 64.

extension PhyClusterFilter: ExpressibleByArgument {}
extension HRFModel: ExpressibleByArgument {}
extension DriftModel: ExpressibleByArgument {}
extension SignalScaling: ExpressibleByArgument {}
