import Foundation
import Testing
@testable import VMPCore

// Tests of Model/LinearAlgebra.swift and Model/IOModel.swift against the peer values written by
// Scripts/peer/make_expected.py (Fixtures/io, see its README.md), plus worked examples from
// docs/model.md §4.6, error cases, and a random n = 50 system.

// MARK: - Helpers

private let relTol = 1e-9
/// Absolute floor for entries whose exact value is 0 (structural zeros reached by rounding).
private let absFloor = 1e-15

private func close(_ a: Double, _ b: Double, rel: Double = relTol, abs floor: Double = absFloor) -> Bool {
    abs(a - b) <= max(rel * max(abs(a), abs(b)), floor)
}

private func expectClose(_ actual: [Double], _ expected: [Double], _ what: String,
                         rel: Double = relTol, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): length", sourceLocation: sourceLocation)
    for (k, (a, e)) in zip(actual, expected).enumerated() where !close(a, e, rel: rel) {
        Issue.record("\(what)[\(k)]: got \(a), expected \(e)", sourceLocation: sourceLocation)
    }
}

private func expectClose(_ actual: Matrix, _ expected: Matrix, _ what: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.rows == expected.rows && actual.cols == expected.cols, "\(what): shape",
            sourceLocation: sourceLocation)
    for i in 0..<min(actual.rows, expected.rows) {
        for j in 0..<min(actual.cols, expected.cols) where !close(actual[i, j], expected[i, j]) {
            Issue.record("\(what)[\(i),\(j)]: got \(actual[i, j]), expected \(expected[i, j])",
                         sourceLocation: sourceLocation)
        }
    }
}

private let stages = ["S1", "S2", "S3", "S4", "S5"]
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent("io")

/// A fixture CSV: header row, then `stage,v1,v2,…` rows.
private struct Table {
    var header: [String]
    var labels: [String]
    var values: [[Double]]

    init(_ system: String, _ file: String) throws {
        let url = fixtures.appendingPathComponent(system).appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let first = lines.first else { throw FixtureError.empty(file) }
        header = first.split(separator: ",").map(String.init)
        labels = []
        values = []
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            labels.append(cells[0])
            var row: [Double] = []
            for cell in cells.dropFirst() {
                guard let v = Double(cell) else { throw FixtureError.badNumber(file, cell) }
                row.append(v)
            }
            values.append(row)
        }
    }

    var matrix: Matrix { get throws { try Matrix(values) } }

    func column(_ name: String) throws -> [Double] {
        guard let c = header.firstIndex(of: name), c > 0 else { throw FixtureError.noColumn(name) }
        return values.map { $0[c - 1] }
    }

    func scalar(_ name: String) throws -> Double {
        guard let r = labels.firstIndex(of: name) else { throw FixtureError.noColumn(name) }
        return values[r][0]
    }
}

private enum FixtureError: Error {
    case empty(String)
    case badNumber(String, String)
    case noColumn(String)
}

/// The system a fixture folder describes: full mode for `illustration` (Z.csv, x.csv),
/// coefficients-only mode otherwise (A.csv, B.csv).
private func loadSystem(_ name: String) throws -> IOSystem {
    if name == "illustration" {
        let z = try Table(name, "Z.csv").matrix
        let x = try Table(name, "x.csv").column("x")
        return try IOSystem.fromFlows(Z: z, x: x, stageIDs: stages)
    }
    return try IOSystem.fromCoefficients(A: try Table(name, "A.csv").matrix, B: try Table(name, "B.csv").matrix,
                                         stageIDs: stages)
}


// MARK: - Peer comparison

@Suite("IO model")
struct IOModelTests {
    static let systems = ["pub2015", "pub2020", "illustration"]

    @Test("A, B, L, G, linkages, indices, key stages and responses match the Python peer", arguments: systems)
    func matchesPeer(system name: String) throws {
        let sys = try loadSystem(name)
        #expect(sys.construction == (name == "illustration" ? .flows : .coefficients))
        let a = try #require(sys.A)
        let b = try #require(sys.B)
        expectClose(a, try Table(name, "A.csv").matrix, "\(name) A")
        expectClose(b, try Table(name, "B.csv").matrix, "\(name) B")
        expectClose(try sys.L, try Table(name, "L.csv").matrix, "\(name) L")
        expectClose(try sys.G, try Table(name, "G.csv").matrix, "\(name) G")

        let link = try Table(name, "linkages.csv")
        #expect(link.labels == stages)
        expectClose(try sys.directBackwardLinkages(), try link.column("A_colsum"), "\(name) A colsum")
        expectClose(try sys.totalBackwardLinkages(), try link.column("L_colsum"), "\(name) L colsum")
        expectClose(try sys.directForwardLinkages(), try link.column("B_rowsum"), "\(name) B rowsum")
        expectClose(try sys.totalForwardLinkages(), try link.column("G_rowsum"), "\(name) G rowsum")
        expectClose(try sys.normalisedBackwardLinkages(total: false), try link.column("BL_direct_norm"), "\(name) BL(d)")
        expectClose(try sys.normalisedBackwardLinkages(), try link.column("BL_total_norm"), "\(name) BL")
        expectClose(try sys.normalisedForwardLinkages(total: false), try link.column("FL_direct_norm"), "\(name) FL(d)")
        expectClose(try sys.normalisedForwardLinkages(), try link.column("FL_total_norm"), "\(name) FL")
        let expectedKeys = zip(stages, try link.column("key_total")).filter { $0.1 == 1 }.map(\.0)
        #expect(try sys.keyStages() == expectedKeys)

        let scalars = try Table(name, "scalars.csv")
        #expect(close(try sys.spectralRadius(.pull), try scalars.scalar("rho_A"), rel: 1e-9))
        #expect(close(try sys.spectralRadius(.push), try scalars.scalar("rho_B"), rel: 1e-9))

        for (mode, stage, file) in [(ShockMode.pull, "S4", "pull_S4.csv"), (.push, "S1", "push_S1.csv")] {
            let expected = try Table(name, file)
            let size = try scalars.scalar(mode == .pull ? "pull_size" : "push_size")
            let r = try sys.response(stage: stage, size: size, mode: mode)
            #expect(r.shockedStage == stage && r.mode == mode && r.stageIDs == stages)
            expectClose(r.total, try expected.column("total"), "\(name) \(file) total")
            expectClose(r.direct, try expected.column("direct"), "\(name) \(file) direct")
            expectClose(r.firstRound, try expected.column("first_round"), "\(name) \(file) first round")
            expectClose(r.indirect, try expected.column("indirect"), "\(name) \(file) indirect", rel: 1e-7)
            #expect(close(r.directSum + r.firstRoundSum + r.indirectSum, r.totalSum, rel: 1e-12))
        }
    }

    @Test("In full mode A and B are the peer's Z x̂⁻¹ and x̂⁻¹ Z, and Z, x are kept")
    func fullModeKeepsInputs() throws {
        let sys = try loadSystem("illustration")
        #expect(sys.Z == (try Table("illustration", "Z.csv").matrix))
        #expect(sys.x == (try Table("illustration", "x.csv").column("x")))
        // G = x̂⁻¹ L x̂ (no second factorisation) equals a direct inversion of I − B.
        let direct = try LUFactorization(try #require(sys.B).identityMinus()).inverse()
        #expect(try sys.G.maxAbsDifference(direct) < 1e-13)
    }

    // MARK: Power series

    @Test("Power series of trace converges to the LU solve to 1e-12 within 30 rounds",
          arguments: ["pub2015", "pub2020"], ShockMode.allCases)
    func powerSeriesConverges(system name: String, mode: ShockMode) throws {
        let sys = try loadSystem(name)
        for stage in stages {
            let t = try sys.trace(stage: stage, size: 1, mode: mode, rounds: 30)
            #expect(t.rounds.count == 31 && t.cumulative.count == 31 && t.residualNorms.count == 31)
            let exact = try sys.response(stage: stage, size: 1, mode: mode).total
            expectClose(t.exact, exact, "\(name) \(mode) \(stage) exact", rel: 1e-15)
            let scale = exact.map(abs).max() ?? 1
            let converged = t.residualNorms.firstIndex { $0 <= 1e-12 * scale }
            #expect(converged != nil && (converged ?? 99) <= 30, "\(name) \(mode) \(stage): \(t.residualNorms)")
            expectClose(t.cumulative[30], exact, "\(name) \(mode) \(stage) cumulative", rel: 1e-12)
            // Residuals never grow (all coefficients are non-negative).
            for r in 1...30 { #expect(t.residualNorms[r] <= t.residualNorms[r - 1]) }
        }
    }

    @Test("Trace rounds are s e_k, then A Δx or Δxᵀ B; one stage per round in the serial chain")
    func traceRounds() throws {
        let sys = try loadSystem("pub2015")
        let push = try sys.trace(stage: "S1", size: 2, mode: .push, rounds: 4)
        #expect(push.rounds[0] == [2, 0, 0, 0, 0])
        #expect(push.rounds[1] == [0, 2 * 0.042, 0, 0, 0])
        #expect(close(push.rounds[2][2], 2 * 0.042 * 0.065))
        #expect(close(push.rounds[3][3], 2 * 0.042 * 0.065 * 0.042))
        #expect(close(push.rounds[4][4], 2 * 0.042 * 0.065 * 0.042 * 0.103))
        for r in 0...4 {
            #expect(push.rounds[r].indices.filter { push.rounds[r][$0] != 0 } == [r], "round \(r)")
        }
        let pull = try sys.trace(stage: "S4", size: 1, mode: .pull, rounds: 3)
        #expect(pull.rounds[1] == [0, 0, 0.025, 0, 0])
        #expect(close(pull.rounds[2][1], 0.025 * 0.040))
        #expect(close(pull.rounds[3][0], 0.025 * 0.040 * 0.028))
        // The loop S2→S3→S4→S5→S2 returns the push effect to S2 after 4 more rounds.
        let loop = try sys.trace(stage: "S2", size: 1, mode: .push, rounds: 4)
        #expect(close(loop.rounds[4][1], 0.065 * 0.042 * 0.103 * 0.00133))
        #expect(try sys.trace(stage: "S3", size: 1, mode: .pull, rounds: 0).rounds == [[0, 0, 1, 0, 0]])
    }

    // MARK: Worked example (docs/model.md §4.6)

    @Test("docs/model.md §4.6 worked example, 2015 published coefficients")
    func workedExample2015() throws {
        let sys = try loadSystem("pub2015")
        let push = try sys.push(stage: "S1", size: 1)
        // Printed values, to half a unit in their last printed digit.
        #expect(abs((push[stage: "S2"] ?? .nan) - 0.042) < 0.0005)
        #expect(abs((push[stage: "S3"] ?? .nan) - 0.00273) < 0.000005)
        #expect(abs((push[stage: "S4"] ?? .nan) - 0.000115) < 0.0000005)
        #expect(abs((push[stage: "S5"] ?? .nan) - 0.000012) < 0.0000005)
        #expect(abs(push.totalSum - 1 - 0.0449) < 0.00005)
        #expect(push.firstRound == [0, 0.042, 0, 0, 0])
        let pull = try sys.pull(stage: "S4", size: 1)
        #expect(abs((pull[stage: "S3"] ?? .nan) - 0.025) < 0.0005)
        #expect(abs((pull[stage: "S2"] ?? .nan) - 0.0010) < 0.00005)
        #expect(abs((pull[stage: "S1"] ?? .nan) - 0.000028) < 0.0000005)
        #expect(abs(pull.totalSum - 1 - 0.026) < 0.0005)
        // ρ(B) ≈ 0.025 and ρ(A) ≈ 0.016 (docs/model.md §4.6).
        #expect(abs(try sys.spectralRadius(.push) - 0.025) < 0.0005)
        #expect(abs(try sys.spectralRadius(.pull) - 0.016) < 0.0005)
    }

    // MARK: Factorisation reuse and modes

    @Test("Full mode: one LU of I − A serves L, G, every pull and every push")
    func fullModeFactorisesOnce() throws {
        let sys = try loadSystem("illustration")
        #expect(sys.factorizationCount == 0)
        for stage in stages {
            _ = try sys.pull(stage: stage, size: 1)
            _ = try sys.push(stage: stage, size: 3)
        }
        _ = try sys.L
        _ = try sys.G
        _ = try sys.trace(stage: "S2", size: 1, mode: .push, rounds: 5)
        #expect(sys.factorizationCount == 1)
        let copy = sys
        _ = try copy.pull(stage: "S1", size: 1)
        #expect(copy.factorizationCount == 1)
    }

    @Test("Coefficients-only mode: one LU per direction, reused for further shocks")
    func coefficientModeFactorisesOncePerDirection() throws {
        let sys = try loadSystem("pub2020")
        _ = try sys.pull(stage: "S4", size: 1)
        #expect(sys.factorizationCount == 1)
        _ = try sys.pull(stage: "S5", size: 2)
        _ = try sys.L
        #expect(sys.factorizationCount == 1)
        _ = try sys.push(stage: "S1", size: 1)
        _ = try sys.G
        _ = try sys.push(stage: "S3", size: -1)
        #expect(sys.factorizationCount == 2)
    }

    @Test("Coefficients-only mode never derives A from B or B from A")
    func coefficientModeKeepsDirectionsApart() throws {
        let full = try loadSystem("pub2015")
        let onlyA = try IOSystem.fromCoefficients(A: full.A, B: nil, stageIDs: stages)
        #expect(onlyA.B == nil && onlyA.Z == nil && onlyA.x == nil)
        #expect(try onlyA.L == full.L)
        #expect(throws: IOModelError.missingCoefficients(.push)) { try onlyA.G }
        #expect(throws: IOModelError.missingCoefficients(.push)) { try onlyA.push(stage: "S1", size: 1) }
        #expect(throws: IOModelError.missingCoefficients(.push)) { try onlyA.directForwardLinkages() }
        #expect(throws: IOModelError.missingCoefficients(.push)) { try onlyA.keyStages() }
        let onlyB = try IOSystem.fromCoefficients(A: nil, B: full.B, stageIDs: stages)
        #expect(onlyB.A == nil)
        #expect(try onlyB.G == full.G)
        #expect(throws: IOModelError.missingCoefficients(.pull)) { try onlyB.L }
        #expect(throws: IOModelError.missingCoefficients(.pull)) {
            try onlyB.trace(stage: "S1", size: 1, mode: .pull, rounds: 3)
        }
        // Published A and B are not similar matrices: their spectral radii differ (docs/model.md §6.3).
        #expect(abs(try full.spectralRadius(.pull) - full.spectralRadius(.push)) > 1e-3)
        #expect(throws: IOModelError.missingCoefficients(.pull)) {
            try IOSystem.fromCoefficients(A: nil, B: nil, stageIDs: stages)
        }
    }

    @Test("Vector impulses, output normalisation and negative shocks")
    func responseVariants() throws {
        for name in Self.systems {
            let sys = try loadSystem(name)
            let l = try sys.L, g = try sys.G
            let y = [0.5, 0, 1.5, -1, 2]
            expectClose(try sys.pullResponse(finalDemand: y).total, try l.multiply(y), "\(name) L y")
            expectClose(try sys.pushResponse(primaryInput: y).total, try g.leftMultiply(y), "\(name) yᵀ G")
            let single = try sys.pull(stage: "S3", size: 2)
            expectClose(try sys.pullResponse(finalDemand: [0, 0, 2, 0, 0]).total, single.total, "\(name) vector = stage")
            let neg = try sys.push(stage: "S3", size: -2)
            expectClose(neg.total, try sys.push(stage: "S3", size: 2).total.map { -$0 }, "\(name) linear in s")
            for mode in ShockMode.allCases {
                let r = try sys.response(stage: "S2", size: 4, mode: mode, normaliseOutput: true)
                #expect(close(r.total[1], 4, rel: 1e-14), "\(name) \(mode) normalised")
                let diag = mode == .pull ? l[1, 1] : g[1, 1]
                #expect(close(r.impulse[1], 4 / diag, rel: 1e-12))
            }
        }
    }

    @Test("Flow discrepancy of the published coefficients with user outputs (docs/model.md §5.3)")
    func flowDiscrepancy() throws {
        let sys = try loadSystem("pub2015")
        let d = try sys.flowDiscrepancy(outputs: [1, 1, 1, 1, 1])
        #expect(close(d.relative[0, 1], abs(0.042 - 0.028) / 0.042))
        #expect(d.relative[0, 0] == 0)
        let x: [Double] = [2, 3, 5, 7, 11]
        let e = try sys.flowDiscrepancy(outputs: x)
        #expect(close(e.forwardFlows[4, 1], 0.00133 * 11))
        #expect(close(e.backwardFlows[4, 1], 0.00103 * 3))
    }

    // MARK: Errors

    @Test("Singular I − A throws .singular")
    func singular() throws {
        // A = [[0, 1], [1, 0]]: I − A = [[1, −1], [−1, 1]] is exactly singular.
        let a = try Matrix([[0, 1], [1, 0]])
        let sys = try IOSystem.fromCoefficients(A: a, B: a, stageIDs: ["P", "Q"])
        #expect(throws: IOModelError.singular(pivot: 1)) { try sys.L }
        #expect(throws: IOModelError.singular(pivot: 1)) { try sys.pull(stage: "P", size: 1) }
        #expect(throws: IOModelError.singular(pivot: 1)) { try sys.push(stage: "Q", size: 1) }
        // The same through flows: z = [[0, 1], [1, 0]], x = [1, 1].
        let flows = try IOSystem.fromFlows(Z: a, x: [1, 1], stageIDs: ["P", "Q"])
        #expect(throws: IOModelError.singular(pivot: 1)) { try flows.G }
        // Numerically singular: ρ(A) = √(1 − 2⁻⁵¹) < 1 and the last pivot of I − A is 2⁻⁵¹ ≠ 0, but
        // the reciprocal condition number (≈ 1e-16) is below n·ε.
        let near = try Matrix([[0, 1], [1 - 0x1p-51, 0]])
        #expect(try near.spectralRadius() < 1)
        let nearSys = try IOSystem.fromCoefficients(A: near, B: nil, stageIDs: ["P", "Q"])
        let e = #expect(throws: IOModelError.self) { try nearSys.L }
        if case .singular = e {} else { Issue.record("expected .singular, got \(String(describing: e))") }
        // The linear-algebra layer's own error.
        #expect(throws: LinearAlgebraError.singular(pivot: 1)) {
            try LUFactorization(try Matrix([[1, 2], [2, 4]]))
        }
    }

    @Test("Spectral radius ≥ 1 throws .notConvergent")
    func notConvergent() throws {
        // Eigenvalues ±√2; I − A = [[1, −2], [−1, 1]] is regular (det −1).
        let a = try Matrix([[0, 2], [1, 0]])
        let sys = try IOSystem.fromCoefficients(A: a, B: a, stageIDs: ["P", "Q"])
        for mode in ShockMode.allCases {
            let e = #expect(throws: IOModelError.self) { try sys.response(stage: "P", size: 1, mode: mode) }
            guard case .notConvergent(let rho)? = e else {
                Issue.record("expected .notConvergent, got \(String(describing: e))")
                continue
            }
            #expect(close(rho, 2.0.squareRoot(), rel: 1e-12))
        }
        let t = #expect(throws: IOModelError.self) { try sys.trace(stage: "Q", size: 1, mode: .pull, rounds: 3) }
        if case .notConvergent = t {} else { Issue.record("trace: \(String(describing: t))") }
        // Column sums above 1 in a flow table: ρ(A) = 1.2.
        let flows = try IOSystem.fromFlows(Z: try Matrix([[0.6, 0.6], [0.6, 0.6]]), x: [1, 1], stageIDs: ["P", "Q"])
        let f = #expect(throws: IOModelError.self) { try flows.G }
        if case .notConvergent(let rho)? = f { #expect(close(rho, 1.2, rel: 1e-12)) } else {
            Issue.record("flows: \(String(describing: f))")
        }
    }

    @Test("Non-square matrices throw .nonSquare")
    func nonSquare() throws {
        let m = try Matrix([[0, 0.1, 0], [0.2, 0, 0]])
        #expect(throws: IOModelError.nonSquare(rows: 2, cols: 3)) {
            try IOSystem.fromCoefficients(A: m, B: nil, stageIDs: ["P", "Q"])
        }
        #expect(throws: IOModelError.nonSquare(rows: 2, cols: 3)) {
            try IOSystem.fromCoefficients(A: nil, B: m, stageIDs: ["P", "Q"])
        }
        #expect(throws: IOModelError.nonSquare(rows: 2, cols: 3)) {
            try IOSystem.fromFlows(Z: m, x: [1, 1], stageIDs: ["P", "Q"])
        }
        #expect(throws: LinearAlgebraError.nonSquare(rows: 2, cols: 3)) { try LUFactorization(m) }
        #expect(throws: LinearAlgebraError.nonSquare(rows: 2, cols: 3)) { try m.eigenvalues() }
        #expect(throws: LinearAlgebraError.nonSquare(rows: 2, cols: 3)) { try m.identityMinus() }
    }

    @Test("x_j = 0 throws .zeroOutput naming the stage; other input errors")
    func inputErrors() throws {
        let z = try Matrix([[0, 1, 0], [0, 0, 1], [0, 0, 0]])
        let ids = ["S1", "S2", "S3"]
        #expect(throws: IOModelError.zeroOutput(stage: "S2")) { try IOSystem.fromFlows(Z: z, x: [5, 0, 5], stageIDs: ids) }
        #expect(throws: IOModelError.negativeOutput(stage: "S3", value: -1)) {
            try IOSystem.fromFlows(Z: z, x: [5, 5, -1], stageIDs: ids)
        }
        #expect(throws: IOModelError.dimensionMismatch(what: "x", expected: 3, actual: 2)) {
            try IOSystem.fromFlows(Z: z, x: [5, 5], stageIDs: ids)
        }
        #expect(throws: IOModelError.dimensionMismatch(what: "Z", expected: 2, actual: 3)) {
            try IOSystem.fromFlows(Z: z, x: [5, 5], stageIDs: ["S1", "S2"])
        }
        #expect(throws: IOModelError.notFinite(what: "x[S1]")) { try IOSystem.fromFlows(Z: z, x: [.nan, 5, 5], stageIDs: ids) }
        #expect(throws: IOModelError.invalidStageIDs("duplicate stage id S1")) {
            try IOSystem.fromFlows(Z: z, x: [5, 5, 5], stageIDs: ["S1", "S2", "S1"])
        }
        #expect(throws: IOModelError.invalidStageIDs("no stages")) {
            try IOSystem.fromCoefficients(A: Matrix(rows: 0, cols: 0), B: nil, stageIDs: [])
        }
        let sys = try IOSystem.fromFlows(Z: z, x: [5, 5, 5], stageIDs: ids)
        #expect(throws: IOModelError.unknownStage("S9")) { try sys.pull(stage: "S9", size: 1) }
        #expect(throws: IOModelError.notFinite(what: "shock size")) { try sys.push(stage: "S1", size: .infinity) }
        #expect(throws: IOModelError.invalidRounds(-1)) { try sys.trace(stage: "S1", size: 1, mode: .pull, rounds: -1) }
        #expect(throws: IOModelError.invalidRounds(IOSystem.maxTraceRounds + 1)) {
            try sys.trace(stage: "S1", size: 1, mode: .pull, rounds: IOSystem.maxTraceRounds + 1)
        }
        #expect(throws: IOModelError.dimensionMismatch(what: "final demand", expected: 3, actual: 1)) {
            try sys.pullResponse(finalDemand: [1])
        }
        // A chain with no flows at all: normalised indices are undefined.
        let empty = try IOSystem.fromCoefficients(A: Matrix(rows: 2, cols: 2), B: nil, stageIDs: ["P", "Q"])
        #expect(throws: IOModelError.undefinedIndex) { try empty.normalisedBackwardLinkages(total: false) }
        #expect(try empty.normalisedBackwardLinkages() == [1, 1])
    }

    @Test("Linear algebra errors: notFinite, dimension mismatch, Int32 overflow")
    func linearAlgebraErrors() throws {
        #expect(throws: LinearAlgebraError.notFinite) { try LUFactorization(try Matrix([[1, .nan], [0, 1]])) }
        #expect(throws: LinearAlgebraError.notFinite) { try Matrix([[.infinity]]).eigenvalues() }
        #expect(throws: LinearAlgebraError.dimensionMismatch(expected: 2, actual: 1)) { try Matrix([[1, 2], [3]]) }
        #expect(throws: LinearAlgebraError.dimensionMismatch(expected: 4, actual: 3)) {
            try Matrix(rows: 2, cols: 2, elements: [1, 2, 3])
        }
        let lu = try LUFactorization(Matrix.identity(2))
        #expect(throws: LinearAlgebraError.dimensionMismatch(expected: 2, actual: 3)) { try lu.solve([1, 2, 3]) }
        #expect(throws: LinearAlgebraError.notFinite) { try lu.solve([1, .nan]) }
        let big = Int(Int32.max) + 1
        #expect(throws: LinearAlgebraError.tooLarge(dimension: big)) { try lapackInt(big) }
        #expect(throws: LinearAlgebraError.tooLarge(dimension: 46_341)) { try lapackSquareSize(46_341) }
        #expect(try lapackSquareSize(46_340) == 46_340)
        #expect(throws: LinearAlgebraError.tooLarge(dimension: -1)) { try lapackInt(-1) }
    }

    // MARK: Linear algebra

    @Test("Matrix basics and LU solves with M and Mᵀ")
    func matrixBasics() throws {
        let m = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.transposed == (try Matrix([[1, 4], [2, 5], [3, 6]])))
        #expect(try m.multiply([1, 0, -1]) == [-2, -2])
        #expect(try m.leftMultiply([1, -1]) == [-3, -3, -3])
        #expect(m.rowSums == [6, 15] && m.columnSums == [5, 7, 9] && m.sum == 21)
        #expect(m.row(1) == [4, 5, 6] && m.column(2) == [3, 6])
        #expect(try m.multiply(m.transposed) == (try Matrix([[14, 32], [32, 77]])))
        #expect(Matrix.identity(3).diagonalElements == [1, 1, 1])
        #expect(Matrix.diagonal([2, 3]) == (try Matrix([[2, 0], [0, 3]])))
        #expect(throws: LinearAlgebraError.dimensionMismatch(expected: 3, actual: 2)) { try m.multiply([1, 2]) }

        let s = try Matrix([[4, 3, 0], [6, 3, 1], [0, 2, 5]])
        let lu = try LUFactorization(s)
        let b = [1.0, -2, 3]
        expectClose(try s.multiply(try lu.solve(b)), b, "M x = b", rel: 1e-14)
        expectClose(try s.leftMultiply(try lu.solve(b, transposed: true)), b, "Mᵀ x = b", rel: 1e-14)
        #expect(try s.multiply(try lu.inverse()).maxAbsDifference(Matrix.identity(3)) < 1e-14)
        #expect(lu.reciprocalCondition > 0.01)
        #expect(try Matrix([[0, 1], [-1, 0]]).spectralRadius() == 1)
        let empty = try LUFactorization(Matrix(rows: 0, cols: 0))
        #expect(try empty.solve([Double]()) == [])
    }

    @Test("Random n = 50 system: L (I − A) ≈ I, and G (I − B) ≈ I in full mode")
    func randomFifty() throws {
        var rng = SplitMix64(state: 20_150_620)
        let n = 50
        let ids = (1...n).map { "S\($0)" }
        // Random flows with a few zeros; outputs exceed the column totals so column sums of A < 1.
        var z = Matrix(rows: n, cols: n)
        for i in 0..<n {
            for j in 0..<n where rng.uniform() > 0.2 { z[i, j] = 100 * rng.uniform() }
        }
        let colTotals = z.columnSums
        let x = colTotals.map { $0 / (0.3 + 0.6 * rng.uniform()) + 1 }
        let sys = try IOSystem.fromFlows(Z: z, x: x, stageIDs: ids)
        let a = try #require(sys.A), b = try #require(sys.B)
        #expect(a.columnSums.allSatisfy { $0 < 0.91 })
        let l = try sys.L
        let eye = Matrix.identity(n)
        #expect(try l.multiply(try a.identityMinus()).maxAbsDifference(eye) < 1e-11)
        #expect(try a.identityMinus().multiply(l).maxAbsDifference(eye) < 1e-11)
        let g = try sys.G
        #expect(try g.multiply(try b.identityMinus()).maxAbsDifference(eye) < 1e-11)
        #expect(try sys.spectralRadius(.pull) < 0.91)
        #expect(sys.factorizationCount == 1)
        // Shock solves agree with the explicit inverses.
        let pull = try sys.pull(stage: "S17", size: 1)
        expectClose(pull.total, l.column(16), "L e_17", rel: 1e-10)
        let push = try sys.push(stage: "S33", size: 1)
        expectClose(push.total, g.row(32), "e_33ᵀ G", rel: 1e-10)
        // Coefficients-only mode with the same A and B gives the same L and G.
        let coef = try IOSystem.fromCoefficients(A: a, B: b, stageIDs: ids)
        #expect(try coef.L.maxAbsDifference(l) < 1e-11)
        #expect(try coef.G.maxAbsDifference(g) < 1e-11)
    }
}
