/// The coefficient matrices and inverses of a year (`A[2020]`, `B`, `L`, `G`, the flows `Z`),
/// and the per-stage summaries built on them: `forward_linkage`, `backward_linkage`,
/// `key_stages`. Rows are the supplying stage i, columns the receiving stage j; every matrix
/// is n×n for the chain's n stages. Definitions: docs/model.md §2–3.
extension Builtins {
    static let matrices: [Builtin] = [
        matrix(.A, title: "technical coefficients a_ij = z_ij/x_j (backward, \"Sj pulls Si\")",
               help: "A[year] — technical coefficients a_ij = z_ij / x_j (n×n, dimensionless; rows: supplying stage i, columns: receiving stage j). For vanadium: Table S2's backward linkages at their pairs, zeros elsewhere."),
        matrix(.B, title: "allocation coefficients b_ij = z_ij/x_i (forward, \"Si drives Sj\")",
               help: "B[year] — allocation coefficients b_ij = z_ij / x_i (n×n, dimensionless). For vanadium: Table S1's forward linkages at their pairs, zeros elsewhere."),
        matrix(.L, title: "Leontief inverse (I − A)⁻¹",
               help: "L[year] — Leontief inverse (I − A)⁻¹ (n×n): l_ij is the output of stage i needed per unit of final demand for stage j. Error if it does not exist (spectral radius ≥ 1, singular)."),
        matrix(.G, title: "Ghosh inverse (I − B)⁻¹",
               help: "G[year] — Ghosh inverse (I − B)⁻¹ (n×n): g_ij is the output of stage j enabled per unit of primary input into stage i."),
        matrix(.Z, title: "flows z_ij (from the supplying stage i to the receiving stage j)",
               help: "Z[year] — the published flows z_ij from stage i to stage j (n×n, in the chain's flow unit; 0 where no flow is given). Only for chains with flows; Z[2020][S1][S2] is one flow, as :source names it."),
        Builtin("I", .matrices, .value, arity: 0...0, usage: "I (or identity)",
                help: "I — the identity matrix of the chain's size (n×n, dimensionless; 1 on the diagonal). I - A[2020] is the matrix that L[2020] inverts.") { call throws(Diagnostic) in
            .table(Table.identity(call.chain.stageIDs))
        },
        Builtin("identity", .matrices, .value, arity: 0...0, usage: "identity (or I)",
                help: "identity — the identity matrix of the chain's size, as I.") { call throws(Diagnostic) in
            .table(Table.identity(call.chain.stageIDs))
        },
        Builtin("inverse", .matrices, arity: 1...1, usage: "inverse(I - A[2020])",
                help: "inverse(M) — the inverse of a stage × stage matrix by LU factorisation (LAPACK dgetrf/dgetri); units invert. Error if M is singular or has NA cells. inverse(I - A[2020]) is L[2020].") { call throws(Diagnostic) in
            .table(try call.ops.inverse(try call.chain.stageMatrix(call[0], for: "inverse"), call.range))
        },
        Builtin("transpose", .matrices, arity: 1...1, usage: "transpose(A[2020])",
                help: "transpose(M) — Mᵀ: cell [i][j] is m_ji.") { call throws(Diagnostic) in
            .table(call.ops.transposed(try call.chain.stageMatrix(call[0], for: "transpose")))
        },
        Builtin("row_sums", .matrices, arity: 1...1, usage: "row_sums(G[2020])",
                help: "row_sums(M) — Σ_j m_ij for each stage i, a vector by stage (row_sums(G[2020]) are the total forward linkages).") { call throws(Diagnostic) in
            .keyed(try call.ops.sums(try call.chain.stageMatrix(call[0], for: "row_sums"), rows: true, call.range))
        },
        Builtin("column_sums", .matrices, arity: 1...1, usage: "column_sums(L[2020])",
                help: "column_sums(M) — Σ_i m_ij for each stage j, a vector by stage (column_sums(L[2020]) are the total backward linkages).") { call throws(Diagnostic) in
            .keyed(try call.ops.sums(try call.chain.stageMatrix(call[0], for: "column_sums"), rows: false, call.range))
        },
        Builtin("forward_linkage", .matrices, arity: 1...1, usage: "forward_linkage(2020)",
                help: "forward_linkage(year) — per stage: direct (row sums of B), total (row sums of G) and normalised (Rasmussen–Hirschman) forward linkages.") { call throws(Diagnostic) in
            try call.chain.linkageSummary(.forward, call[0])
        },
        Builtin("backward_linkage", .matrices, arity: 1...1, usage: "backward_linkage(2020)",
                help: "backward_linkage(year) — per stage: direct (column sums of A), total (column sums of L) and normalised backward linkages.") { call throws(Diagnostic) in
            try call.chain.linkageSummary(.backward, call[0])
        },
        Builtin("key_stages", .matrices, arity: 1...1, usage: "key_stages(2020)",
                help: "key_stages(year) — both normalised total linkages per stage; key stages have both above 1.") { call throws(Diagnostic) in
            try call.chain.keyStages(call[0])
        },
    ]

    /// A matrix of a year, written `M[2020]` or `M(2020)`.
    private static func matrix(_ name: MatrixName, title: String, help: String) -> Builtin {
        Builtin(name.rawValue, .matrices, .matrix, arity: 1...1, usage: "\(name.rawValue)[2020] or \(name.rawValue)(2020)", help: help) { call throws(Diagnostic) in
            try call.chain.matrix(name, title: title, call[0])
        }
    }
}

/// The matrices of a year that the language names.
enum MatrixName: String, Sendable {
    case A, B, L, G, Z

    /// The published linkages that fill A or B cell by cell (backward for A, forward for B).
    var publishedKind: LinkageKind? {
        switch self {
        case .A: return .backward
        case .B: return .forward
        case .Z: return .flow
        case .L, .G: return nil
        }
    }

    /// The coefficients a model result of this matrix rests on (without flows).
    var basis: LinkageKind { self == .A || self == .L ? .backward : .forward }
}

extension ChainContext {
    /// `A[2020]`, `L[2020]`: a stage × stage table (rows: supplying stage i, columns: receiving j).
    /// Published cells of A and B keep their printed digits and source.
    /// - Throws: for a year outside the chain, a chain without flows (`Z`), or a missing inverse.
    func matrix(_ name: MatrixName, title: String, _ yearArgument: Argument) throws(Diagnostic) -> Value {
        let year = try checkYear(yearArgument.value, yearArgument.range)
        let ids = stageIDs
        let label = "\(name.rawValue)[\(year)]"
        var cells: [[Quantity?]] = []
        if name == .Z {
            guard chain.hasFlows(in: year) else {
                throw Diagnostic(.runtime, "chain \(chain.name) publishes no flows for \(year): Z needs a chain with flows", at: yearArgument.range,
                                 hint: "A[\(year)] and B[\(year)] hold the published coefficients")
            }
            let unit = try balanceUnit(year, yearArgument.range)
            for from in ids {
                var row: [Quantity?] = []
                for to in ids {
                    let key = LinkageKey(from: from, to: to, kind: .flow, year: year)
                    row.append(try chain.linkages[key].map { p throws(Diagnostic) in try quantity(from: p, label: key.label) } ?? Quantity(0, unit))
                }
                cells.append(row)
            }
        } else {
            let m: Matrix = try model(year, yearArgument.range) { (sys) throws(IOModelError) -> Matrix in
                switch name {
                case .A: return try sys.coefficients(.pull)
                case .B: return try sys.coefficients(.push)
                case .L: return try sys.L
                case .G, .Z: return try sys.G
                }
            }
            let origins = modelOrigins(name.basis, year)
            // Published cells are looked up only when the year has any of that kind.
            let published = name.publishedKind.flatMap { kind in chain.linkageStore.has(kind, year: year) ? kind : nil }
            let all = published == nil ? [:] : chain.linkages
            for i in 0..<m.rows {
                var row: [Quantity?] = []
                row.reserveCapacity(m.cols)
                for j in 0..<m.cols {
                    if let kind = published, let p = all[LinkageKey(from: ids[i], to: ids[j], kind: kind, year: year)] {
                        row.append(try quantity(from: p, label: "\(label)[\(ids[i])][\(ids[j])]"))
                    } else {
                        // Computed from the year's flows (L, G, or A and B of a flow table) it
                        // comes from them; a 0 beside published coefficients comes from nothing.
                        row.append(Quantity(m[i, j], origins: published == nil ? origins : []))
                    }
                }
                cells.append(row)
            }
        }
        var notes: [String] = []
        if let source = name == .A ? "Table S2" : name == .B ? "Table S1" : nil, chain.name == "vanadium" {
            notes.append("published values (\(source)) at their pairs, 0 elsewhere; never derived from the other table")
        }
        var table = Table(title: "\(label): \(title)", rowKind: .supplier, rowKeys: ids,
                          columnKind: .stage, columnKeys: ids, cells: cells, notes: notes)
        table.label = label
        return .table(table)
    }

    /// `forward_linkage(2020)`, `backward_linkage(2020)`: per stage, direct (sums of B or A),
    /// total (sums of G or L) and normalised (Rasmussen–Hirschman) linkages.
    func linkageSummary(_ kind: LinkageKind, _ yearArgument: Argument) throws(Diagnostic) -> Value {
        let range = yearArgument.range
        let year = try checkYear(yearArgument.value, range)
        let (direct, total, normalised) = try model(year, range) { (sys) throws(IOModelError) -> ([Double], [Double], [Double]) in
            kind == .forward
                ? (try sys.directForwardLinkages(), try sys.totalForwardLinkages(), try sys.normalisedForwardLinkages())
                : (try sys.directBackwardLinkages(), try sys.totalBackwardLinkages(), try sys.normalisedBackwardLinkages())
        }
        let o = modelOrigins(kind, year)
        let cells = stageIDs.indices.map { [Quantity(direct[$0], origins: o), Quantity(total[$0], origins: o), Quantity(normalised[$0], origins: o)] as [Quantity?] }
        let what = kind == .forward ? "Forward linkages \(year): row sums of B (direct) and G (total)"
                                    : "Backward linkages \(year): column sums of A (direct) and L (total)"
        return .table(Table(title: what, rowKind: .stage, rowKeys: stageIDs, columnKind: .column,
                            columnKeys: ["direct", "total", "normalised"], cells: cells,
                            notes: ["normalised: Rasmussen–Hirschman index, the stage's total over the mean of all stages' totals"]))
    }

    /// `key_stages(2020)`: both normalised total linkages, and the stages where both exceed 1.
    func keyStages(_ yearArgument: Argument) throws(Diagnostic) -> Value {
        let range = yearArgument.range
        let year = try checkYear(yearArgument.value, range)
        let (bl, fl, keys) = try model(year, range) { (sys) throws(IOModelError) -> ([Double], [Double], [String]) in
            (try sys.normalisedBackwardLinkages(), try sys.normalisedForwardLinkages(), try sys.keyStages())
        }
        let ob = modelOrigins(.backward, year), of = modelOrigins(.forward, year)
        let cells = stageIDs.indices.map { [Quantity(bl[$0], origins: ob), Quantity(fl[$0], origins: of)] as [Quantity?] }
        return .table(Table(title: "Key stages \(year): normalised total linkages", rowKind: .stage, rowKeys: stageIDs,
                            columnKind: .column, columnKeys: ["backward", "forward"], cells: cells,
                            notes: ["key stages (both indices > 1): " + (keys.isEmpty ? "none" : keys.joined(separator: ", "))]))
    }
}
