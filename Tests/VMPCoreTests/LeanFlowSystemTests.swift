import Testing
@testable import VMPCore

/// A system built from flows reads a_ij = z_ij / x_j and b_ij = z_ij / x_i straight from Z and x
/// (IOModel+FlowCoefficients.swift), forms I − A into the array that dgetrf factorises in place,
/// and forms A and B only when asked for them. Every result must be bit for bit what the formed
/// matrices give: the references below are computed the way IOSystem did before (A and B formed
/// up front, I − A copied into the LU, G from a copy of L) on random systems.
@Suite struct LeanFlowSystemTests {
    /// A random n-stage system: z_ij in [0, 100) with about a third of the cells 0 (some −0),
    /// x_j = column sum / c_j with c_j in [0.3, 0.85) (so ρ(A) < 1), or `heavy`: c_j in
    /// [0.9, 1.6), so some column sums of A exceed 1 and the cheap bound does not prove convergence.
    static func system(_ n: Int, seed: UInt64, heavy: Bool = false) throws -> (Matrix, [Double], [String]) {
        var rng = SplitMix64(state: seed)
        var z = Matrix(rows: n, cols: n)
        for i in 0..<n {
            for j in 0..<n {
                let u = rng.uniform()
                z[i, j] = u < 0.3 ? (u < 0.05 ? -0.0 : 0) : (rng.uniform() * 100).rounded(.down) + rng.uniform()
            }
        }
        let sums = z.columnSums
        let x = sums.map { s in
            let c = heavy ? 0.9 + 0.7 * rng.uniform() : 0.3 + 0.55 * rng.uniform()
            return s > 0 ? s / c : 50 + rng.uniform()
        }
        return (z, x, (1...n).map { "S\($0)" })
    }

    /// A and B formed as fromFlows did before: a_ij = z_ij / x_j, b_ij = z_ij / x_i.
    static func formed(_ z: Matrix, _ x: [Double]) -> (Matrix, Matrix) {
        var a = z, b = z
        for i in 0..<z.rows {
            for j in 0..<z.cols {
                a[i, j] = z[i, j] / x[j]
                b[i, j] = z[i, j] / x[i]
            }
        }
        return (a, b)
    }

    static let cases: [(Int, UInt64)] = [(1, 11), (2, 12), (5, 13), (17, 14), (40, 15), (64, 16)]

    @Test("L, G, linkages, bound and A, B equal the formed-matrix path", arguments: cases)
    func sameResults(n: Int, seed: UInt64) throws {
        let (z, x, ids) = try Self.system(n, seed: seed)
        let (a, b) = Self.formed(z, x)
        let sys = try IOSystem.fromFlows(Z: z, x: x, stageIDs: ids)

        // The old path: LU of a copy of I − A, dgetri on a copy of the factors, G from L.
        let lu = try LUFactorization(try a.identityMinus())
        let l = try lu.inverse()
        var g = l
        for i in 0..<n { for j in 0..<n { g[i, j] = l[i, j] * x[j] / x[i] } }

        #expect(try sys.L == l)
        #expect(try sys.G == g)
        #expect(try sys.directBackwardLinkages() == a.columnSums)
        #expect(try sys.directForwardLinkages() == b.rowSums)
        #expect(try sys.totalBackwardLinkages() == l.columnSums)
        #expect(try sys.totalForwardLinkages() == g.rowSums)
        #expect(try sys.normalisedBackwardLinkages(total: false) == IOSystem.normalise(a.columnSums))
        #expect(try sys.normalisedForwardLinkages(total: false) == IOSystem.normalise(b.rowSums))
        let bound = min(a.oneNorm, a.infinityNorm)
        #expect(try sys.convergenceBound(.pull) == bound)
        // A and B are formed on request, equal to the formed matrices, and then cached.
        #expect(sys.A == a)
        #expect(sys.B == b)
        #expect(try sys.coefficients(.pull) == a)
        #expect(try sys.coefficients(.push) == b)
        #expect(sys.factorizationCount == 1)
    }

    @Test("Single-stage and vector shocks equal the formed-matrix path (split included)", arguments: cases)
    func sameShocks(n: Int, seed: UInt64) throws {
        let (z, x, ids) = try Self.system(n, seed: seed)
        let (a, b) = Self.formed(z, x)
        let lean = try IOSystem.fromFlows(Z: z, x: x, stageIDs: ids)
        let lu = try LUFactorization(try a.identityMinus())
        var rng = SplitMix64(state: seed ^ 0xABCD)
        for k in [0, n / 2, n - 1] {
            for size in [1.0, -2.5, 0.0, -0.0, 1e-300] {
                var e = [Double](repeating: 0, count: n)
                e[k] = size
                // Pull: L e_k s by one solve; first round A Δx(0).
                let pullTotal = try lu.solve(e)
                let pullFirst = try a.multiply(e)
                let pull = try lean.pull(stage: ids[k], size: size)
                #expect(pull.total == pullTotal)
                #expect(pull.firstRound == pullFirst)
                #expect(pull.indirect == (0..<n).map { pullTotal[$0] - e[$0] - pullFirst[$0] })
                // Push: y = (I − A)⁻ᵀ (x̂⁻¹ v), Δx′_j = y_j x_j; first round Δx(0)ᵀ B.
                let y = try lu.solve(zip(e, x).map { $0 / $1 }, transposed: true)
                let pushTotal = zip(y, x).map { $0 * $1 }
                let pushFirst = try b.leftMultiply(e)
                let push = try lean.push(stage: ids[k], size: size)
                #expect(push.total == pushTotal)
                #expect(push.firstRound == pushFirst)
                #expect(push.indirect == (0..<n).map { pushTotal[$0] - e[$0] - pushFirst[$0] })
            }
        }
        // A vector impulse takes the general product (A or B formed on first use).
        let v = (0..<n).map { _ in rng.uniform() - 0.3 }
        let pv = try lean.pullResponse(finalDemand: v)
        #expect(pv.firstRound == (try a.multiply(v)))
        #expect(pv.total == (try lu.solve(v)))
        let qv = try lean.pushResponse(primaryInput: v)
        #expect(qv.firstRound == (try b.leftMultiply(v)))
        // Traces step round by round through the same first-round code.
        let trace = try lean.trace(stage: ids[0], size: 3, mode: .push, rounds: 4)
        var current = [Double](repeating: 0, count: n)
        current[0] = 3
        for r in 1...4 {
            current = try b.leftMultiply(current)
            #expect(trace.rounds[r] == current)
        }
    }

    @Test("A system that formed A and B first gives the same results as one that never did", arguments: cases)
    func formedFirstIsSame(n: Int, seed: UInt64) throws {
        let (z, x, ids) = try Self.system(n, seed: seed)
        let lean = try IOSystem.fromFlows(Z: z, x: x, stageIDs: ids)
        let formed = try IOSystem.fromFlows(Z: z, x: x, stageIDs: ids)
        _ = formed.A
        _ = formed.B
        #expect(try lean.L == formed.L)
        #expect(try lean.G == formed.G)
        #expect(try lean.keyStages() == formed.keyStages())
        #expect(try lean.keyStages(total: false) == formed.keyStages(total: false))
        #expect(try lean.outputMultipliers() == formed.outputMultipliers())
        for k in [0, n - 1] {
            #expect(try lean.pull(stage: ids[k], size: 2, normaliseOutput: true) == formed.pull(stage: ids[k], size: 2, normaliseOutput: true))
            #expect(try lean.push(stage: ids[k], size: 2, normaliseOutput: true) == formed.push(stage: ids[k], size: 2, normaliseOutput: true))
        }
    }

    @Test("Full mode gives the errors and L of a coefficients-only system with the same A", arguments: [(3, UInt64(21)), (8, 22), (30, 23)])
    func sameErrors(n: Int, seed: UInt64) throws {
        let (z, x, ids) = try Self.system(n, seed: seed, heavy: true)
        let (a, _) = Self.formed(z, x)
        let lean = try IOSystem.fromFlows(Z: z, x: x, stageIDs: ids)
        let given = try IOSystem.fromCoefficients(A: a, B: nil, stageIDs: ids)
        #expect(try lean.convergenceBound(.pull) == given.convergenceBound(.pull))
        #expect(Result { () throws(IOModelError) in try lean.L } == Result { () throws(IOModelError) in try given.L })
        #expect(Result { () throws(IOModelError) in try lean.pull(stage: ids[0], size: 1).total }
                == Result { () throws(IOModelError) in try given.pull(stage: ids[0], size: 1).total })
    }

    @Test("Coefficients too large to be finite are still refused when the system is built")
    func tinyOutputs() throws {
        let z = try Matrix([[1e300, 1], [2, 3]])
        #expect(throws: IOModelError.notFinite(what: "coefficients (x too small)")) {
            try IOSystem.fromFlows(Z: z, x: [1e-10, 5], stageIDs: ["S1", "S2"])
        }
        let z2 = try Matrix([[1, 1e300], [2, 3]])
        // b_12 = 1e300 / 1e-10 overflows although every a_ij is finite.
        #expect(throws: IOModelError.notFinite(what: "coefficients (x too small)")) {
            try IOSystem.fromFlows(Z: z2, x: [1e-10, 1e300], stageIDs: ["S1", "S2"])
        }
    }

    @Test("LU in place gives the factors, pivots and condition of the copying LU", arguments: [(1, UInt64(31)), (6, 32), (50, 33)])
    func inPlaceLU(n: Int, seed: UInt64) throws {
        let (z, x, _) = try Self.system(n, seed: seed)
        let m = try Self.formed(z, x).0.identityMinus()
        let copying = try LUFactorization(m)
        var elements = m.elements
        let inPlace = try LUFactorization(factorizing: &elements, n: n)
        #expect(elements.isEmpty)
        #expect(inPlace.factors == copying.factors)
        #expect(inPlace.pivots == copying.pivots)
        #expect(inPlace.reciprocalCondition == copying.reciprocalCondition)
        // Errors: the same as the copying initialiser's on the same matrix.
        for bad in [[1.0, 2, 2, 4], [1.0, .nan, 0, 1], [1.0, 1, 1, 1 + 1e-17], [0.0, 0, 0, 0]] {
            var elements = bad
            let inPlace = Result { () throws(LinearAlgebraError) in try LUFactorization(factorizing: &elements, n: 2).factors }
            let copying = Result { () throws(LinearAlgebraError) in try LUFactorization(try Matrix(rows: 2, cols: 2, elements: bad)).factors }
            #expect(inPlace == copying)
            #expect(throws: LinearAlgebraError.self) { try inPlace.get() }
        }
    }
}
