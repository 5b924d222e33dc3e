import Foundation

/// One input-output system per year, built once per session so that further shocks and
/// inverses of the same year reuse its LU factorisations.
final class ModelCache: @unchecked Sendable {
    /// Keyed by chain name and year.
    var systems: [String: IOSystem] = [:]
}

/// The model in the language: coefficient matrices and inverses by year, total linkages,
/// key stages, shocks, traces and the data audit. Formulas: `../shared/notes/model.md` and
/// ``IOSystem``.
extension Evaluator {
    static let modelBuiltinNames: Set<String> = [
        "A", "B", "L", "G", "forward_linkage", "backward_linkage", "key_stages", "trace", "audit", "total", "direct",
    ]

    static let matrixTitles = [
        "A": "technical coefficients a_ij = z_ij/x_j (backward, \"Sj pulls Si\")",
        "B": "allocation coefficients b_ij = z_ij/x_i (forward, \"Si drives Sj\")",
        "L": "Leontief inverse (I − A)⁻¹",
        "G": "Ghosh inverse (I − B)⁻¹",
    ]

    // MARK: - The system of a year

    func checkYear(_ v: Value, _ range: SourceRange) throws(Diagnostic) -> Int {
        let year = try integer(v, range, "a year")
        guard chain.years.contains(year) else {
            throw Diagnostic(.runtime, "year \(year) is outside the chain's years \(chain.years.lowerBound)..\(chain.years.upperBound)", at: range)
        }
        return year
    }

    /// The system of `year`. Full mode (A = Z x̂⁻¹, B = x̂⁻¹ Z) when the chain has flows that
    /// year (``flowSystem(_:_:)``: every stage's output is then needed); otherwise the
    /// published coefficients as matrices: B from the forward linkages, A from the backward
    /// ones, each value at (from, to); zeros elsewhere (model.md §3).
    func system(_ year: Int, _ range: SourceRange) throws(Diagnostic) -> IOSystem {
        let key = "\(chain.name)#\(chain.identity)#\(year)"
        if let cached = models.systems[key] { return cached }
        if let full = try flowSystem(year, range) {
            models.systems[key] = full
            return full
        }
        let ids = chain.stages.map(\.id)
        let n = ids.count
        var a = Matrix(rows: n, cols: n, repeating: 0), b = Matrix(rows: n, cols: n, repeating: 0)
        var haveA = false, haveB = false
        for (key, v) in chain.linkages where key.year == year {
            guard let i = ids.firstIndex(of: key.from), let j = ids.firstIndex(of: key.to) else { continue }
            switch key.kind {
            case .backward: a[i, j] = v.value; haveA = true
            case .forward: b[i, j] = v.value; haveB = true
            case .flow: continue
            }
        }
        do throws(IOModelError) {
            let sys = try IOSystem.fromCoefficients(A: haveA ? a : nil, B: haveB ? b : nil, stageIDs: ids)
            models.systems[key] = sys
            return sys
        } catch {
            throw diagnostic(error, year: year, range)
        }
    }

    /// Model failures as diagnostics that say what does not exist and why.
    func diagnostic(_ error: IOModelError, year: Int, _ range: SourceRange) -> Diagnostic {
        switch error {
        case .notConvergent(let rho):
            return Diagnostic(.runtime, "the chain's inverse does not exist for \(year): spectral radius \(formatter.number(rho)) ≥ 1, so a shock grows without bound", at: range,
                              hint: "check the coefficients of \(year) (Hawkins–Simon: the spectral radius must be below 1)")
        case .singular:
            return Diagnostic(.runtime, "the chain's inverse does not exist for \(year): I − A (or I − B) is singular", at: range)
        case .missingCoefficients(let mode):
            return Diagnostic(.runtime, "no published \(mode == .pull ? "backward" : "forward") linkages for \(year): a \(mode.rawValue) needs them", at: range)
        case .unknownStage(let id):
            return Diagnostic(.runtime, "unknown stage '\(id)'", at: range)
        default:
            return Diagnostic(.runtime, "the model failed for \(year): \(error)", at: range)
        }
    }

    func model<T>(_ year: Int, _ range: SourceRange, _ body: (IOSystem) throws(IOModelError) -> T) throws(Diagnostic) -> T {
        let sys = try system(year, range)
        do throws(IOModelError) {
            return try body(sys)
        } catch {
            throw diagnostic(error, year: year, range)
        }
    }

    /// The published data a model result of `year` rests on: the flows where the chain has
    /// them, else the coefficients of `kind` (backward for A, L and pulls; forward for B, G, pushes).
    func modelOrigins(_ kind: LinkageKind, _ year: Int) throws(Diagnostic) -> [Origin] {
        let used: LinkageKind = chain.hasFlows(in: year) ? .flow : kind
        var out: [Origin] = []
        for (key, p) in chain.linkages.sorted(by: { ($0.key.from, $0.key.to) < ($1.key.from, $1.key.to) })
        where key.year == year && key.kind == used {
            let label: String
            switch used {
            case .forward: label = "link(\(key.from), \(key.to))[\(year)]"
            case .backward: label = "pull(\(key.to), \(key.from))[\(year)]"
            case .flow: label = "flow \(key.from)→\(key.to) [\(year)]"
            }
            out.append(Origin(label: label, published: p))
        }
        return out
    }

    // MARK: - Matrices and linkages

    /// `A[2020]`, `L[2020]`: a stage × stage table (rows: supplying stage i, columns: receiving j).
    func matrix(_ name: String, _ yearValue: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        let year = try checkYear(yearValue, range)
        let m: Matrix = try model(year, range) { (sys) throws(IOModelError) -> Matrix in
            switch name {
            case "A": return try sys.coefficients(.pull)
            case "B": return try sys.coefficients(.push)
            case "L": return try sys.L
            default: return try sys.G
            }
        }
        let ids = chain.stages.map(\.id)
        let origins = try modelOrigins(name == "A" || name == "L" ? .backward : .forward, year)
        var cells: [[Quantity?]] = []
        for i in 0..<m.rows {
            var row: [Quantity?] = []
            for j in 0..<m.cols {
                let kind: LinkageKind = name == "A" ? .backward : .forward
                if name == "A" || name == "B", let p = chain.linkages[LinkageKey(from: ids[i], to: ids[j], kind: kind, year: year)] {
                    row.append(try quantity(from: p, label: "\(name)[\(year)][\(ids[i])][\(ids[j])]"))
                } else {
                    row.append(Quantity(m[i, j], origins: name == "A" || name == "B" ? [] : origins))
                }
            }
            cells.append(row)
        }
        let source = name == "A" ? "Table S2" : name == "B" ? "Table S1" : nil
        var notes: [String] = []
        if let source, chain.name == "vanadium" {
            notes.append("published values (\(source)) at their pairs, 0 elsewhere; never derived from the other table")
        }
        var table = Table(title: "\(name)[\(year)]: \(Evaluator.matrixTitles[name] ?? name)", rowKind: .supplier, rowKeys: ids,
                          columnKind: .stage, columnKeys: ids, cells: cells, notes: notes)
        table.label = "\(name)[\(year)]"
        return .table(table)
    }

    /// `link(S2, S4, total)`: g_ij by year; `pull(S4, S3, total)`: l_ij by year.
    func totalLinkage(_ kind: LinkageKind, _ a: Stage, _ b: Stage, _ range: SourceRange) throws(Diagnostic) -> Value {
        let ids = chain.stages.map(\.id)
        let (from, to) = kind == .forward ? (a.id, b.id) : (b.id, a.id)
        guard let i = ids.firstIndex(of: from), let j = ids.firstIndex(of: to) else {
            throw Diagnostic(.runtime, "unknown stage", at: range)
        }
        var items: [Quantity?] = []
        for year in chain.years {
            let m: Matrix = try model(year, range) { (sys) throws(IOModelError) -> Matrix in
                kind == .forward ? try sys.G : try sys.L
            }
            items.append(Quantity(m[i, j], origins: try modelOrigins(kind, year)))
        }
        let label = kind == .forward ? "link(\(a.id), \(b.id), total)" : "pull(\(a.id), \(b.id), total)"
        return .keyed(Keyed(label: label, keyKind: .year, keys: yearKeys, items: items))
    }

    /// `forward_linkage(2020)`, `backward_linkage(2020)`: per stage, direct (sums of B or A),
    /// total (sums of G or L) and normalised (Rasmussen–Hirschman) linkages.
    func linkageSummary(_ kind: LinkageKind, _ yearValue: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        let year = try checkYear(yearValue, range)
        let (direct, total, normalised) = try model(year, range) { (sys) throws(IOModelError) -> ([Double], [Double], [Double]) in
            kind == .forward
                ? (try sys.directForwardLinkages(), try sys.totalForwardLinkages(), try sys.normalisedForwardLinkages())
                : (try sys.directBackwardLinkages(), try sys.totalBackwardLinkages(), try sys.normalisedBackwardLinkages())
        }
        let ids = chain.stages.map(\.id)
        let o = try modelOrigins(kind, year)
        let cells = ids.indices.map { [Quantity(direct[$0], origins: o), Quantity(total[$0], origins: o), Quantity(normalised[$0], origins: o)] as [Quantity?] }
        let what = kind == .forward ? "Forward linkages \(year): row sums of B (direct) and G (total)"
                                    : "Backward linkages \(year): column sums of A (direct) and L (total)"
        return .table(Table(title: what, rowKind: .stage, rowKeys: ids, columnKind: .column,
                            columnKeys: ["direct", "total", "normalised"], cells: cells,
                            notes: ["normalised: Rasmussen–Hirschman index, the stage's total over the mean of all stages' totals"]))
    }

    /// `key_stages(2020)`: both normalised total linkages, and the stages where both exceed 1.
    func keyStages(_ yearValue: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        let year = try checkYear(yearValue, range)
        let (bl, fl, keys) = try model(year, range) { (sys) throws(IOModelError) -> ([Double], [Double], [String]) in
            (try sys.normalisedBackwardLinkages(), try sys.normalisedForwardLinkages(), try sys.keyStages())
        }
        let ids = chain.stages.map(\.id)
        let ob = try modelOrigins(.backward, year), of = try modelOrigins(.forward, year)
        let cells = ids.indices.map { [Quantity(bl[$0], origins: ob), Quantity(fl[$0], origins: of)] as [Quantity?] }
        return .table(Table(title: "Key stages \(year): normalised total linkages", rowKind: .stage, rowKeys: ids,
                            columnKind: .column, columnKeys: ["backward", "forward"], cells: cells,
                            notes: ["key stages (both indices > 1): " + (keys.isEmpty ? "none" : keys.joined(separator: ", "))]))
    }
}
