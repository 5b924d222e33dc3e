// Multipliers and hypothetical extraction on an ``IOSystem`` (docs/model.md §8–9).

import Foundation

/// Which links of a stage a hypothetical extraction cuts (docs/model.md §9; Dietzenbacher &
/// van der Linden 1997; Miller & Lahr 2001; Miller & Blair 2009 §12.2).
public enum ExtractionKind: String, Sendable, CaseIterable {
    /// Row and column of A set to 0 and the stage's final demand removed: it neither buys nor sells.
    case total
    /// Column of A set to 0: the stage buys nothing from the chain (demand side, x̄ = (I − Ā)⁻¹ f).
    case backward
    /// Row of B set to 0: the stage sells nothing to the chain (supply side, x̄ᵀ = vᵀ (I − B̄)⁻¹).
    case forward
}

/// What a stage's hypothetical extraction costs the system (``IOSystem/extraction(stage:finalDemand:)``,
/// ``IOSystem/backwardExtraction(stage:finalDemand:)``, ``IOSystem/forwardExtraction(stage:valueAdded:)``).
public struct ExtractionResult: Equatable, Sendable {
    /// Which links were cut.
    public var kind: ExtractionKind = .total
    /// The extracted stage.
    public let stage: String
    /// Stage ids, in the order of the vectors below.
    public let stageIDs: [String]
    /// Output with the stage: x = L f (total, backward) or xᵀ = vᵀ G (forward) (n, the unit of f or v).
    public let output: [Double]
    /// Output without it: x̄ = (I − Ā)⁻¹ f̄ (total: 0 at the extracted stage), x̄ = (I − Ā)⁻¹ f
    /// (backward) or x̄ᵀ = vᵀ (I − B̄)⁻¹ (forward) (n, the unit of f or v).
    public let outputWithout: [Double]
    /// The loss per stage x − x̄ (n, the unit of f).
    public let loss: [Double]
    /// The total loss T = 1ᵀ(x − x̄).
    public var totalLoss: Double { loss.reduce(0, +) }
    /// The total loss as a fraction of total output 1ᵀx (0.25 = 25 %).
    public var totalShare: Double {
        let total = output.reduce(0, +)
        return total == 0 ? 0 : totalLoss / total
    }
}

/// Household income multipliers per stage (``IOSystem/incomeMultipliers(households:open:)``);
/// `nil` where the labour coefficient is 0.
public struct IncomeMultipliers: Equatable, Sendable {
    /// a_hj, household income per unit of output of j.
    public let labour: [Double]
    /// Σ_i a_hi l_ij: household income per unit of final demand for j, open model.
    public let typeIEffect: [Double]
    public let typeI: [Double?]
    /// l̄_hj: the same, closed model (induced consumption included).
    public let typeIIEffect: [Double]
    public let typeII: [Double?]
    /// Type II / Type I.
    public let ratio: [Double?]
}

extension IOSystem {
    /// Type I output multipliers m(o)_j = Σ_i l_ij, the column sums of the Leontief inverse
    /// (n, dimensionless: total output of all stages per unit of final demand for stage j;
    /// Miller & Blair 2009 §6.2.1). Equal to the total backward linkages.
    /// - Throws: as ``L``.
    public func outputMultipliers() throws(IOModelError) -> [Double] {
        try L.columnSums
    }

    /// Type II output multipliers of a system closed with respect to households (Miller & Blair
    /// 2009 §2.5 and §6.2.1): this system's A is Ā, the (n+1)×(n+1) matrix whose household
    /// row h holds the labour-input coefficients a_hj and whose household column holds the
    /// consumption coefficients a_ih. With L̄ = (I − Ā)⁻¹,
    ///
    ///     m̄_j = Σ_{i ≠ h} l̄_ij   (j ≠ h),
    ///
    /// the column sums of L̄ over the producing stages: direct, indirect and induced output per
    /// unit of final demand for j. The entry at h (the column sum of L̄ without its own row) is
    /// returned too; callers show it as NA.
    /// - Parameter h: the 0-based index of the household stage.
    /// - Throws: ``IOModelError/dimensionMismatch(what:expected:actual:)`` for h out of range, as ``L``.
    public func typeIIOutputMultipliers(households h: Int) throws(IOModelError) -> [Double] {
        guard (0..<count).contains(h) else { throw .dimensionMismatch(what: "household stage", expected: count, actual: h) }
        let l = try L
        var sums = [Double](repeating: 0, count: count)
        for i in 0..<count where i != h {
            for j in 0..<count { sums[j] += l[i, j] }
        }
        return sums
    }

    /// Household income multipliers (Miller & Blair 2009 §6.2.2) of a system closed with
    /// respect to households (this one: row h of its A holds the labour-input coefficients a_hj)
    /// and its open counterpart `open` (the same stages, row and column h zero). Per stage j:
    ///
    ///     Type I effect  = Σ_i a_hi l_ij   (L of the open model),   Type I  = effect / a_hj,
    ///     Type II effect = l̄_hj            (L̄ of the closed model),  Type II = effect / a_hj,
    ///
    /// and Type II / Type I, which is the same for every j: l̄_hh (Miller & Blair 2009 §6.2.2).
    /// - Throws: ``IOModelError/dimensionMismatch(what:expected:actual:)`` for h out of range or
    ///   systems of different sizes, as ``L``.
    public func incomeMultipliers(households h: Int, open: IOSystem) throws(IOModelError) -> IncomeMultipliers {
        guard (0..<count).contains(h) else { throw .dimensionMismatch(what: "household stage", expected: count, actual: h) }
        guard open.count == count else { throw .dimensionMismatch(what: "open system", expected: count, actual: open.count) }
        let a = try coefficients(.pull)
        let lClosed = try L
        var labour = (0..<count).map { a[h, $0] }
        labour[h] = 0
        let typeIEffect = try open.multipliers(intensity: labour)
        let typeIIEffect = (0..<count).map { lClosed[h, $0] }
        func ratio(_ x: Double, _ y: Double) -> Double? { y == 0 ? nil : x / y }
        let typeI = (0..<count).map { ratio(typeIEffect[$0], labour[$0]) }
        let typeII = (0..<count).map { ratio(typeIIEffect[$0], labour[$0]) }
        let both = (0..<count).map { j in typeI[j].flatMap { i in typeII[j].flatMap { ratio($0, i) } } }
        return IncomeMultipliers(labour: labour, typeIEffect: typeIEffect, typeI: typeI, typeIIEffect: typeIIEffect, typeII: typeII, ratio: both)
    }

    /// Intensity multipliers m_j = Σ_i q_i l_ij, i.e. the row vector m = q L (n, in the unit of
    /// q per unit of output): the total (direct and indirect) amount of whatever q measures —
    /// emissions, value added, employment — per unit of final demand for stage j (Miller & Blair
    /// 2009 §6.2.2–6.2.4, "total" multipliers; pymrio calc_M: M = S L).
    /// - Parameter intensity: q, one value per stage (amount per unit of the stage's output).
    /// - Throws: ``IOModelError/dimensionMismatch(what:expected:actual:)``,
    ///   ``IOModelError/notFinite(what:)``, as ``L``.
    public func multipliers(intensity q: [Double]) throws(IOModelError) -> [Double] {
        guard q.count == count else { throw .dimensionMismatch(what: "intensity", expected: count, actual: q.count) }
        guard q.allSatisfy(\.isFinite) else { throw .notFinite(what: "intensity") }
        let l = try L
        let m = try la("multipliers") { () throws(LinearAlgebraError) in try l.leftMultiply(q) }
        guard m.allSatisfy(\.isFinite) else { throw .notFinite(what: "multipliers") }
        return m
    }

    /// Hypothetical extraction of stage k, total variant (Dietzenbacher & van der Linden 1997;
    /// Miller & Lahr 2001; Miller & Blair 2009 §12.2): the stage neither buys from nor sells
    /// to the others and its own final demand is gone. With x = L f,
    ///
    ///     Ā = A with row k and column k set to 0,  f̄ = f with f_k = 0,
    ///     x̄ = (I − Ā)⁻¹ f̄,  loss = x − x̄,  T = 1ᵀ(x − x̄),  T% = T / 1ᵀx.
    ///
    /// x̄_k = 0, so the loss at k is its whole output x_k, and the rest is what the other stages
    /// lose through the links that are cut.
    /// - Parameters:
    ///   - stage: the extracted stage's id.
    ///   - finalDemand: f (n, any one unit; the results are in it).
    /// - Throws: ``IOModelError/unknownStage(_:)``, ``IOModelError/dimensionMismatch(what:expected:actual:)``,
    ///   ``IOModelError/notFinite(what:)``, as ``L``.
    public func extraction(stage: String, finalDemand f: [Double]) throws(IOModelError) -> ExtractionResult {
        let k = try index(of: stage)
        guard f.count == count else { throw .dimensionMismatch(what: "final demand", expected: count, actual: f.count) }
        let x = try pullResponse(finalDemand: f).total
        var reduced = try coefficients(.pull)
        for i in 0..<count {
            reduced[i, k] = 0
            reduced[k, i] = 0
        }
        var fBar = f
        fBar[k] = 0
        let without = try IOSystem.fromCoefficients(A: reduced, B: nil, stageIDs: stageIDs).pullResponse(finalDemand: fBar).total
        let loss = zip(x, without).map { $0 - $1 }
        guard loss.allSatisfy(\.isFinite) else { throw .notFinite(what: "extraction") }
        return ExtractionResult(stage: stage, stageIDs: stageIDs, output: x, outputWithout: without, loss: loss)
    }

    /// Backward hypothetical extraction of stage k (Dietzenbacher & van der Linden 1997;
    /// Miller & Lahr 2001; Miller & Blair 2009 §12.2): stage k buys nothing from the chain — its
    /// column of A is set to 0 — while final demand is kept. With x = L f,
    ///
    ///     Ā = A with column k set to 0,  x̄ = (I − Ā)⁻¹ f,  loss = x − x̄,  T = 1ᵀ(x − x̄).
    ///
    /// x̄_k = f_k + Σ_j a_kj x̄_j still counts what k sells; the loss is what its suppliers no
    /// longer produce for it (its backward linkage).
    /// - Parameters:
    ///   - stage: the extracted stage's id.
    ///   - finalDemand: f (n, any one unit; the results are in it).
    /// - Throws: ``IOModelError/unknownStage(_:)``, ``IOModelError/dimensionMismatch(what:expected:actual:)``,
    ///   ``IOModelError/notFinite(what:)``, as ``L``.
    public func backwardExtraction(stage: String, finalDemand f: [Double]) throws(IOModelError) -> ExtractionResult {
        let k = try index(of: stage)
        guard f.count == count else { throw .dimensionMismatch(what: "final demand", expected: count, actual: f.count) }
        let x = try pullResponse(finalDemand: f).total
        var reduced = try coefficients(.pull)
        for i in 0..<count { reduced[i, k] = 0 }
        let without = try IOSystem.fromCoefficients(A: reduced, B: nil, stageIDs: stageIDs).pullResponse(finalDemand: f).total
        return try extractionResult(.backward, stage, x, without)
    }

    /// Forward hypothetical extraction of stage k in the supply-side (Ghosh) model
    /// (Dietzenbacher & van der Linden 1997; Miller & Lahr 2001; Miller & Blair 2009 §12.2):
    /// stage k sells nothing to the chain — its row of B is set to 0 — while primary inputs
    /// (value added) are kept. With xᵀ = vᵀ G,
    ///
    ///     B̄ = B with row k set to 0,  x̄ᵀ = vᵀ (I − B̄)⁻¹,  loss = x − x̄,  T = 1ᵀ(x − x̄).
    ///
    /// The loss is what its customers no longer produce from its supply (its forward linkage).
    /// - Parameters:
    ///   - stage: the extracted stage's id.
    ///   - valueAdded: v, the primary inputs (n, any one unit; the results are in it).
    /// - Throws: ``IOModelError/unknownStage(_:)``, ``IOModelError/dimensionMismatch(what:expected:actual:)``,
    ///   ``IOModelError/notFinite(what:)``, ``IOModelError/missingCoefficients(_:)`` without B, as ``G``.
    public func forwardExtraction(stage: String, valueAdded v: [Double]) throws(IOModelError) -> ExtractionResult {
        let k = try index(of: stage)
        guard v.count == count else { throw .dimensionMismatch(what: "value added", expected: count, actual: v.count) }
        let x = try pushResponse(primaryInput: v).total
        var reduced = try coefficients(.push)
        for j in 0..<count { reduced[k, j] = 0 }
        let without = try IOSystem.fromCoefficients(A: nil, B: reduced, stageIDs: stageIDs).pushResponse(primaryInput: v).total
        return try extractionResult(.forward, stage, x, without)
    }

    private func extractionResult(_ kind: ExtractionKind, _ stage: String, _ x: [Double], _ without: [Double]) throws(IOModelError) -> ExtractionResult {
        let loss = zip(x, without).map { $0 - $1 }
        guard loss.allSatisfy(\.isFinite) else { throw .notFinite(what: "extraction") }
        return ExtractionResult(kind: kind, stage: stage, stageIDs: stageIDs, output: x, outputWithout: without, loss: loss)
    }
}
