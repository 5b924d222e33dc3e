// Multipliers and hypothetical extraction on an ``IOSystem`` (docs/model.md §8–9).

import Foundation

/// What a stage's hypothetical extraction costs the system (``IOSystem/extraction(stage:finalDemand:)``).
public struct ExtractionResult: Equatable, Sendable {
    /// The extracted stage.
    public let stage: String
    /// Stage ids, in the order of the vectors below.
    public let stageIDs: [String]
    /// Output with the stage: x = L f (n, the unit of f).
    public let output: [Double]
    /// Output without it: x̄ = (I − Ā)⁻¹ f̄ (n, the unit of f; 0 at the extracted stage).
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

extension IOSystem {
    /// Type I output multipliers m(o)_j = Σ_i l_ij, the column sums of the Leontief inverse
    /// (n, dimensionless: total output of all stages per unit of final demand for stage j;
    /// Miller & Blair 2009 §6.2.1). Equal to the total backward linkages.
    /// - Throws: as ``L``.
    public func outputMultipliers() throws(IOModelError) -> [Double] {
        try L.columnSums
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
}
