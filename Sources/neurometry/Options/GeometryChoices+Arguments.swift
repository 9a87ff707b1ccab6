import ArgumentParser
import Neurometry

// The closed sets of choices of `cka` and `shape`, as command-line values (their raw values).
extension CKAKernel: ExpressibleByArgument {}
extension CKAEstimator: ExpressibleByArgument {}
extension CKAForm: ExpressibleByArgument {}
extension RBFMedian: ExpressibleByArgument {}
extension ShapeScore: ExpressibleByArgument {}
extension ShapeGroup: ExpressibleByArgument {}
extension ShapeWhitening: ExpressibleByArgument {}
extension StochasticShapeKind: ExpressibleByArgument {}
extension StochasticInitialization: ExpressibleByArgument {}
extension GaussianFitWeights: ExpressibleByArgument {}
