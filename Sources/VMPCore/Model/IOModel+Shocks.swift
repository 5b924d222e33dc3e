// Shocks on an IOSystem: single-stage and vector responses by one solve with the cached LU
// factors, split into the impulse, the first round and the later rounds, and the round-by-round
// trace of the power series (docs/model.md §4). IOModel.swift holds the system, its
// coefficients, inverses and linkages.

// MARK: - Results

/// The response of every stage to one shock, split into rounds of propagation.
///
/// total = direct + firstRound + indirect, element by element, where (pull; push analogously
/// with row vectors and B):
/// * direct = Δx(0) = the impulse itself (s e_k for a shock of size s at stage k),
/// * firstRound = Δx(1) = A Δx(0) (pull) or Δx(0)ᵀ B (push): the directly linked stages,
/// * indirect = Σ_{r≥2} Δx(r) = total − direct − firstRound (later rounds, including any
///   feedback through loops such as the S5→S2 recycling arc).
/// All values are in the unit of the shock (e.g. t/day).
public struct ShockResponse: Equatable, Sendable {
    public let mode: ShockMode
    /// Stage ids, in the order of the vectors below.
    public let stageIDs: [String]
    /// The shocked stage for a single-stage shock; `nil` for a vector impulse.
    public let shockedStage: String?
    /// The requested shock size s (for a vector impulse: its sum).
    public let size: Double
    /// Δx(0), the impulse actually applied (s e_k, or s e_k / l_kk with output normalisation).
    public let impulse: [Double]
    /// Total response Δx = L Δx(0) (pull) or Δx′ = Δx(0)ᵀ G (push).
    public let total: [Double]
    /// = impulse (round 0).
    public var direct: [Double] { impulse }
    /// Round 1.
    public let firstRound: [Double]
    /// Rounds 2, 3, … = total − direct − firstRound.
    public let indirect: [Double]

    public var totalSum: Double { total.reduce(0, +) }
    public var directSum: Double { impulse.reduce(0, +) }
    public var firstRoundSum: Double { firstRound.reduce(0, +) }
    public var indirectSum: Double { indirect.reduce(0, +) }

    /// The total response of stage `id`, or `nil` for an unknown id.
    public subscript(stage id: String) -> Double? {
        stageIDs.firstIndex(of: id).map { total[$0] }
    }
}

/// Round-by-round propagation of a shock (the power series, Miller & Blair 2009 §2.4):
/// Δx(0) = s e_k and Δx(r) = A Δx(r−1) (pull) or Δx(r)ᵀ = Δx(r−1)ᵀ B (push), so that
/// Σ_{r=0}^{R} Δx(r) → L e_k s (resp. s e_kᵀ G) as R → ∞ when ρ < 1.
public struct ShockTrace: Equatable, Sendable {
    public let mode: ShockMode
    public let stageIDs: [String]
    public let shockedStage: String
    public let size: Double
    /// `rounds[r]` = Δx(r), r = 0 … R (R + 1 vectors of n values).
    public let rounds: [[Double]]
    /// `cumulative[r]` = Σ_{q ≤ r} Δx(q).
    public let cumulative: [[Double]]
    /// The exact response from one LU solve (as ``IOSystem/response(stage:size:mode:normaliseOutput:)``).
    public let exact: [Double]
    /// `residuals[r]` = exact − cumulative[r].
    public let residuals: [[Double]]
    /// `residualNorms[r]` = max_i |residuals[r][i]| (∞-norm), in the unit of the shock.
    public let residualNorms: [Double]
}

extension IOSystem {
    // MARK: Shocks

    /// Demand-pull response to a shock of `size` s at `stage` k: Δx = L e_k s (docs/model.md §4.1), by
    /// one LU solve (I − A) Δx = s e_k with the cached factors. With `normaliseOutput`, the
    /// result is divided by l_kk so that Δx_k = s exactly (the shock is to k's output, not to its
    /// final delivery). Result in the unit of s.
    /// - Throws: ``IOModelError/unknownStage(_:)``, ``IOModelError/notFinite(what:)``, and as ``L``.
    public func pull(stage: String, size: Double, normaliseOutput: Bool = false) throws(IOModelError) -> ShockResponse {
        try response(stage: stage, size: size, mode: .pull, normaliseOutput: normaliseOutput)
    }

    /// Supply-push response to a shock of `size` s at `stage` k: Δx′ = s e_kᵀ G (docs/model.md §4.1), by
    /// one transposed solve: (I − B)ᵀ y = s e_k in coefficients mode, or in full mode
    /// (I − A)ᵀ y = (s / x_k) e_k and Δx′_j = y_j x_j (G = x̂⁻¹ L x̂). With `normaliseOutput`,
    /// divided by g_kk so that Δx′_k = s. Result in the unit of s.
    /// - Throws: ``IOModelError/unknownStage(_:)``, ``IOModelError/notFinite(what:)``, and as ``G``.
    public func push(stage: String, size: Double, normaliseOutput: Bool = false) throws(IOModelError) -> ShockResponse {
        try response(stage: stage, size: size, mode: .push, normaliseOutput: normaliseOutput)
    }

    /// ``pull(stage:size:normaliseOutput:)`` or ``push(stage:size:normaliseOutput:)`` by `mode`.
    public func response(stage: String, size: Double, mode: ShockMode,
                         normaliseOutput: Bool = false) throws(IOModelError) -> ShockResponse {
        let k = try index(of: stage)
        guard size.isFinite else { throw .notFinite(what: "shock size") }
        var impulse = Array(repeating: 0.0, count: count)
        impulse[k] = size
        var total = try solve(impulse, mode: mode)
        if normaliseOutput && size != 0 {
            let diag = total[k] / size   // l_kk (pull) or g_kk (push)
            guard diag != 0, diag.isFinite else { throw .notFinite(what: "output normalisation (diagonal is 0)") }
            impulse[k] = size / diag
            total = total.map { $0 / diag }
        }
        return try split(mode: mode, stage: stage, size: size, impulse: impulse, total: total)
    }

    /// Demand-pull response to a final-demand vector Δy (one entry per stage): Δx = L Δy, by one
    /// LU solve. Units: those of Δy.
    /// - Throws: ``IOModelError/dimensionMismatch(what:expected:actual:)``, ``IOModelError/notFinite(what:)``, as ``L``.
    public func pullResponse(finalDemand: [Double]) throws(IOModelError) -> ShockResponse {
        try vectorResponse(finalDemand, mode: .pull)
    }

    /// Supply-push response to a primary-input vector Δw (one entry per stage): Δx′ = Δwᵀ G, by
    /// one transposed LU solve. Units: those of Δw.
    /// - Throws: ``IOModelError/dimensionMismatch(what:expected:actual:)``, ``IOModelError/notFinite(what:)``, as ``G``.
    public func pushResponse(primaryInput: [Double]) throws(IOModelError) -> ShockResponse {
        try vectorResponse(primaryInput, mode: .push)
    }

    private func vectorResponse(_ v: [Double], mode: ShockMode) throws(IOModelError) -> ShockResponse {
        guard v.count == count else {
            throw .dimensionMismatch(what: mode == .pull ? "final demand" : "primary input", expected: count, actual: v.count)
        }
        guard v.allSatisfy({ $0.isFinite }) else { throw .notFinite(what: "shock vector") }
        let total = try solve(v, mode: mode)
        return try split(mode: mode, stage: nil, size: v.reduce(0, +), impulse: v, total: total)
    }

    /// L v (pull) or (vᵀ G)ᵀ (push) by one solve with the cached factors.
    func solve(_ v: [Double], mode: ShockMode) throws(IOModelError) -> [Double] {
        let lu = try solver(mode)
        let out: [Double]
        switch (mode, construction, x) {
        case (.pull, _, _):
            out = try la("pull response") { () throws(LinearAlgebraError) in try lu.solve(v) }
        case (.push, .flows, let x?):
            // vᵀ G = vᵀ x̂⁻¹ L x̂  ⇒  y = Lᵀ (x̂⁻¹ v), result_j = y_j x_j.
            let u = zip(v, x).map { $0 / $1 }
            let y = try la("push response") { () throws(LinearAlgebraError) in try lu.solve(u, transposed: true) }
            out = zip(y, x).map { $0 * $1 }
        case (.push, _, _):
            out = try la("push response") { () throws(LinearAlgebraError) in try lu.solve(v, transposed: true) }
        }
        guard out.allSatisfy({ $0.isFinite }) else { throw .notFinite(what: "\(mode.rawValue) response") }
        return out
    }

    /// One propagation round: A v (pull) or vᵀ B (push).
    func step(_ v: [Double], mode: ShockMode) throws(IOModelError) -> [Double] {
        let source = try coefficientSource(mode)
        if v.count == count, let k = v.indices.first(where: { v[$0] != 0 }), !v[(k + 1)...].contains(where: { $0 != 0 }),
           mode == .pull || construction == .flows {
            // One shocked stage k: A v is column k times v_k (pull), vᵀ B is v_k times row k (push),
            // O(n) instead of O(n²). The coefficients are finite (checked when the system is built),
            // so every other product is ±0 and adds nothing; `+ 0` turns −0 into +0 as the full sum
            // (which starts at +0) does. `DataPathFastTests` and `LeanFlowSystemTests` keep it equal.
            let vk = v[k]
            return source.withCoefficients { c in
                mode == .pull ? (0..<count).map { i in c(i, k) * vk + 0.0 } : (0..<count).map { j in 0.0 + vk * c(k, j) }
            }
        }
        let m = try coefficients(mode)
        switch mode {
        case .pull: return try la("round") { () throws(LinearAlgebraError) in try m.multiply(v) }
        case .push: return try la("round") { () throws(LinearAlgebraError) in try m.leftMultiply(v) }
        }
    }

    private func split(mode: ShockMode, stage: String?, size: Double, impulse: [Double],
                       total: [Double]) throws(IOModelError) -> ShockResponse {
        let first = try step(impulse, mode: mode)
        let indirect = (0..<count).map { total[$0] - impulse[$0] - first[$0] }
        return ShockResponse(mode: mode, stageIDs: stageIDs, shockedStage: stage, size: size,
                             impulse: impulse, total: total, firstRound: first, indirect: indirect)
    }

    /// Round-by-round propagation of a shock of `size` s at `stage` k for r = 0 … `rounds`:
    /// Δx(0) = s e_k, Δx(r) = A Δx(r−1) (pull) or Δx(r)ᵀ = Δx(r−1)ᵀ B (push), their cumulative
    /// sums, and the residual against the exact solve (L = I + A + A² + …, Miller & Blair 2009
    /// §2.4; docs/model.md §4.4). In a serial chain each round moves the effect one stage.
    /// - Throws: ``IOModelError/invalidRounds(_:)`` (rounds < 0 or > ``maxTraceRounds``),
    ///   ``IOModelError/unknownStage(_:)``, ``IOModelError/notFinite(what:)``, and as ``L`` / ``G``
    ///   (including ``IOModelError/notConvergent(spectralRadius:)``: a diverging series has no exact value).
    public func trace(stage: String, size: Double, mode: ShockMode, rounds: Int) throws(IOModelError) -> ShockTrace {
        guard rounds >= 0, rounds <= Self.maxTraceRounds else { throw .invalidRounds(rounds) }
        let k = try index(of: stage)
        guard size.isFinite else { throw .notFinite(what: "shock size") }
        var current = Array(repeating: 0.0, count: count)
        current[k] = size
        let exact = try solve(current, mode: mode)
        var roundVectors = [current]
        var cumulative = [current]
        var sum = current
        roundVectors.reserveCapacity(rounds + 1)
        cumulative.reserveCapacity(rounds + 1)
        for _ in 0..<rounds {
            current = try step(current, mode: mode)
            for i in 0..<count { sum[i] += current[i] }
            roundVectors.append(current)
            cumulative.append(sum)
        }
        guard sum.allSatisfy({ $0.isFinite }) else { throw .notFinite(what: "trace") }
        let residuals = cumulative.map { c in (0..<count).map { exact[$0] - c[$0] } }
        let norms = residuals.map { r in r.reduce(0.0) { max($0, abs($1)) } }
        return ShockTrace(mode: mode, stageIDs: stageIDs, shockedStage: stage, size: size, rounds: roundVectors,
                          cumulative: cumulative, exact: exact, residuals: residuals, residualNorms: norms)
    }
}
