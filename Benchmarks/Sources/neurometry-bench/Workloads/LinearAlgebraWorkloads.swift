import Neurometry

extension Workloads {
  /// Dense linear algebra: the machine's BLAS limit.
  static var linearAlgebra: [Workload] {
    [
      // Peer: numpy `c = a @ b; return c[:4, :4].copy()`. Ours allocates the 4000×4000 result as
      // numpy does, and keeps the same 4×4 block that the peer saves.
      Workload(
        "gemm-limit", dataset: "gemm", gflop: 2.0 * 4000 * 4000 * 4000 / 1e9,
        doc: "gemm(a, b), float64 4000x4000x4000: practical BLAS limit, reported as GFLOP/s",
        load: { data in
          (a: try data.matrix("gemm", "a", shape: (4000, 4000)), b: try data.matrix("gemm", "b", shape: (4000, 4000)))
        },
        run: { input in gemm(input.a, input.b).topLeft(4, 4) },
        check: { block, data in try OutputCheck.againstPeer(block, workload: "gemm-limit", data: data, tolerance: 1e-10)
        },
        memory: { input in
          Matrix.productMemoryEstimate(rows: input.a.rows, inner: input.a.columns, columns: input.b.columns)
        })
    ]
  }
}
