/// The ground metric of a shape distance after alignment (Williams et al. 2021, §2.2).
///
/// - `angular`: θ = arccos(⟨φ(X)Q, φ(Y)⟩_F / (‖φ(X)‖_F‖φ(Y)‖_F)) ∈ [0, π]; invariant to scaling.
/// - `euclidean`: ‖φ(X)Q − φ(Y)‖_F (Procrustes distance); scales with the data.
public enum ShapeScore: String, CaseIterable, Codable, Sendable {
  case angular
  case euclidean
}
