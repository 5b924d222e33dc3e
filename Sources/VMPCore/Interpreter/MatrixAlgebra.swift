/// Matrix algebra on stage × stage matrices (`A[2020]`, `L[2020]`, `I`): rows are the
/// supplying stage i, columns the receiving stage j, so `M[i][j]` and `M.i.j` both read m_ij.
///
/// - `M * N` is the matrix product (Σ_k m_ik n_kj), `M * v` the matrix–vector product
///   (Σ_j m_ij v_j), `v * M` the row vector times the matrix (Σ_i v_i m_ij);
///   `+ −` and a scalar factor stay element by element.
/// - `M ^ k` is the matrix power for a whole k, 0 ≤ k ≤ ``maxMatrixPower`` (M⁰ = I).
/// - `M == N` is true when every cell is equal (as numbers compare: 12 significant digits).
///
/// Units multiply in a product (the coefficients of A, B, L, G are dimensionless). A product
/// cell that needs an `NA` cell is `NA`. Definitions: docs/model.md §2 (A, B, L = (I − A)⁻¹,
/// the power series I + A + A² + …); Miller & Blair (2009), *Input–Output Analysis*, ch. 2.
extension Operations {
    /// The largest k of `M ^ k`: enough for any power series shown in a class, bounded so a
    /// typo cannot start a long computation.
    static let maxMatrixPower = 1000

    /// The matrix operations of `l op r`, or `nil` when `op` is not a matrix operation on them
    /// (then the element-by-element rules of ``binary(_:_:_:_:)`` apply).
    func matrixBinary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ range: SourceRange) throws(Diagnostic) -> Value? {
        switch (op, l, r) {
        case (.multiply, .table(let a), .table(let b)) where a.isStageMatrix && b.isStageMatrix:
            return .table(try product(a, b, range))
        case (.multiply, .table(let a), .keyed(let v)) where a.isStageMatrix && v.isStageVector:
            return .keyed(try product(a, v, range))
        case (.multiply, .keyed(let v), .table(let a)) where a.isStageMatrix && v.isStageVector:
            return .keyed(try product(transposed(a), v, range, label: Operations.label(v.label, .multiply, a.label ?? a.title)))
        case (.power, .table(let a), .quantity(let k)) where a.isStageMatrix:
            return .table(try power(a, k, range))
        case (.equal, .table(let a), .table(let b)), (.notEqual, .table(let a), .table(let b)):
            guard a.isStageMatrix, b.isStageMatrix else { return nil }
            guard a.rowKeys == b.rowKeys else { return .bool(op == .notEqual) }
            for i in a.cells.indices {
                for j in a.cells[i].indices {
                    guard let x = a.cells[i][j], let y = b.cells[i][j] else {
                        return .na("\(a.label ?? a.title) \(op.symbol) \(b.label ?? b.title): cell [\(a.rowKeys[i])][\(a.columnKeys[j])] is NA")
                    }
                    guard case .bool(let same) = try scalar(.equal, x, y, range) else { return nil }
                    if !same { return .bool(op == .notEqual) }
                }
            }
            return .bool(op == .equal)
        default:
            return nil
        }
    }

    /// One unit for every present cell of a matrix or vector, and each value expressed in it.
    /// - Throws: when the cells mix dimensions.
    private func common(_ cells: [Quantity?], _ what: String, _ range: SourceRange) throws(Diagnostic) -> (Unit, [Double?]) {
        guard let unit = cells.lazy.compactMap({ $0 }).first?.unit else { return (Unit.one, cells.map { _ in nil }) }
        var values: [Double?] = []
        for cell in cells {
            guard let q = cell else { values.append(nil); continue }
            guard q.unit.sameDimension(unit) else {
                throw Diagnostic(.runtime, "\(what) mixes \(unit.dimensionDescription) and \(q.unit.dimensionDescription) in its cells", at: range)
            }
            values.append(q.unit.scale == unit.scale ? q.value : q.value * q.unit.scale / unit.scale)
        }
        return (unit, values)
    }

    /// The unit of a product of a `u` and a `v`, and the factor the simplification moved into the value.
    private func productUnit(_ u: Unit, _ v: Unit, _ range: SourceRange) throws(Diagnostic) -> (Unit, Double) {
        guard case .quantity(let q) = try scalar(.multiply, Quantity(1, u), Quantity(1, v), range) else { return (Unit.one, 1) }
        return (q.unit, q.value)
    }

    /// Origins of the cells a product cell was computed from, without repeats.
    private func origins(_ cells: [Quantity?]) -> [Origin] {
        cells.reduce(into: []) { out, q in out = Origin.union(out, q?.origins ?? []) }
    }

    /// The matrix product a × b (n×n), cell (i, j) = Σ_k a_ik b_kj.
    func product(_ a: Table, _ b: Table, _ range: SourceRange) throws(Diagnostic) -> Table {
        guard a.rowKeys == b.rowKeys else {
            throw Diagnostic(.runtime, "matrix product of matrices over different stages (\(a.rowKeys.joined(separator: ", ")) and \(b.rowKeys.joined(separator: ", ")))", at: range)
        }
        let n = a.rowKeys.count
        let (ua, va) = try common(a.cells.flatMap { $0 }, a.label ?? a.title, range)
        let (ub, vb) = try common(b.cells.flatMap { $0 }, b.label ?? b.title, range)
        let (unit, factor) = try productUnit(ua, ub, range)
        var out = a
        out.label = Operations.label(a.label ?? a.title, .multiply, b.label ?? b.title)
        out.title = "\(out.label ?? ""): matrix product"
        out.notes = []
        out.columnTitles = a.columnKeys
        // Cell (i, j) comes from row i of a and column j of b. Above 32 stages, gathering those
        // per cell costs O(n³) set operations (seconds at n = 300), so every cell shares the
        // origins of all cells of a and b, gathered once (one shared list).
        let shared: [Origin]? = n > 32 ? origins(a.cells.flatMap { $0 } + b.cells.flatMap { $0 }) : nil
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                var present = true
                for k in 0..<n {
                    guard let x = va[i * n + k], let y = vb[k * n + j] else { present = false; break }
                    s += x * y
                }
                guard present else { out.cells[i][j] = nil; continue }
                let value = try finite(s * factor, "the matrix product", range)
                out.cells[i][j] = Quantity(value == 0 ? 0 : value, unit, origins: shared ?? origins(a.cells[i] + b.cells.map { $0[j] }))
            }
        }
        return out
    }

    /// The matrix–vector product a v (a vector by stage), item i = Σ_j a_ij v_j.
    func product(_ a: Table, _ v: Keyed, _ range: SourceRange, label: String? = nil) throws(Diagnostic) -> Keyed {
        let n = a.rowKeys.count
        let (ua, va) = try common(a.cells.flatMap { $0 }, a.label ?? a.title, range)
        let (uv, vv) = try common(v.items, v.label, range)
        let (unit, factor) = try productUnit(ua, uv, range)
        var items: [Quantity?] = []
        for i in 0..<n {
            var s = 0.0
            var present = true
            for (j, key) in a.columnKeys.enumerated() {
                guard let k = v.keys.firstIndex(of: key), let x = va[i * n + j], let y = vv[k] else { present = false; break }
                s += x * y
            }
            let value = present ? try finite(s * factor, "the matrix–vector product", range) : 0
            items.append(present ? Quantity(value == 0 ? 0 : value, unit, origins: origins(a.cells[i] + v.items)) : nil)
        }
        var out = Keyed(label: label ?? Operations.label(a.label ?? a.title, .multiply, v.label), keyKind: .stage, keys: a.rowKeys, items: items)
        out.unit = unit
        return out
    }

    /// Mᵀ: cell (i, j) is m_ji.
    func transposed(_ a: Table) -> Table {
        var out = a
        for i in a.cells.indices { for j in a.cells[i].indices { out.cells[i][j] = a.cells[j][i] } }
        out.label = "transpose(\(a.label ?? a.title))"
        out.title = "\(out.label ?? ""): rows and columns exchanged"
        out.columnTitles = a.columnKeys
        out.notes = []
        return out
    }

    /// M^k by repeated squaring (at most 2·log₂k products).
    /// - Throws: for k not whole, negative or above ``maxMatrixPower`` (use `inverse(M)` for M⁻¹).
    func power(_ a: Table, _ kq: Quantity, _ range: SourceRange) throws(Diagnostic) -> Table {
        let k = kq.value * kq.unit.scale
        guard kq.unit.isDimensionless, k == k.rounded(), k >= 0, k <= Double(Operations.maxMatrixPower) else {
            throw Diagnostic(.runtime, "a matrix power needs a whole exponent from 0 to \(Operations.maxMatrixPower), found \(formatter.quantity(kq))", at: range,
                             hint: k < 0 ? "inverse(M) is M⁻¹" : nil)
        }
        let label = Operations.label(a.label ?? a.title, .power, formatter.quantity(kq))
        var result = Table.identity(a.rowKeys)
        var base = a
        var e = Int(k)
        var first = true
        while e > 0 {
            if e & 1 == 1 {
                result = first ? base : try product(result, base, range)
                first = false
            }
            e >>= 1
            if e > 0 { base = try product(base, base, range) }
        }
        result.label = label
        result.title = "\(label): matrix power"
        result.notes = []
        return result
    }

    /// M⁻¹ by LU factorisation (LAPACK dgetrf/dgetri); units invert.
    /// - Throws: for a matrix with `NA` cells or mixed dimensions, or a singular matrix.
    func inverse(_ a: Table, _ range: SourceRange) throws(Diagnostic) -> Table {
        let label = a.label ?? a.title
        let (unit, values) = try common(a.cells.flatMap { $0 }, label, range)
        let present = values.compactMap { $0 }
        guard present.count == values.count else {
            throw Diagnostic(.runtime, "inverse(\(label)) needs every cell; some are NA", at: range)
        }
        let n = a.rowKeys.count
        let inverse: Matrix
        do {
            inverse = try LUFactorization(try Matrix(rows: n, cols: n, elements: present)).inverse()
        } catch {
            if case .singular = error {
                throw Diagnostic(.runtime, "\(label) is singular: it has no inverse (its LU factorisation has a zero or negligible pivot)", at: range)
            }
            throw Diagnostic(.runtime, "inverse(\(label)) failed: \(error)", at: range)
        }
        let inverted = try unitResult("inverse", range) { () throws(UnitError) -> Unit in try Unit.one.dividedBy(unit) }
        let (simple, factor) = inverted.simplified()
        var out = a
        out.label = "inverse(\(label))"
        out.title = "\(out.label ?? ""): matrix inverse (LU factorisation, LAPACK dgetrf/dgetri)"
        out.notes = []
        out.columnTitles = a.columnKeys
        let o = origins(a.cells.flatMap { $0 })
        for i in 0..<n {
            for j in 0..<n {
                let v = try finite(inverse[i, j] * factor, "inverse(\(label))", range)
                out.cells[i][j] = Quantity(v == 0 ? 0 : v, simple, origins: o)
            }
        }
        return out
    }

    /// Row sums (Σ_j m_ij, `rows`) or column sums (Σ_i m_ij) of a matrix: a vector by stage.
    /// A sum that needs an `NA` cell is `NA`.
    func sums(_ a: Table, rows: Bool, _ range: SourceRange) throws(Diagnostic) -> Keyed {
        let name = "\(rows ? "row_sums" : "column_sums")(\(a.label ?? a.title))"
        var items: [Quantity?] = []
        for s in a.rowKeys.indices {
            var total: Quantity? = nil
            var missing = false
            for t in a.rowKeys.indices {
                guard let q = rows ? a.cells[s][t] : a.cells[t][s] else { missing = true; break }
                if let sum = total {
                    guard case .quantity(let next) = try scalar(.add, sum, q, range) else { missing = true; break }
                    total = next
                } else {
                    total = q.computed(q.value, q.unit, exact: q.isExactDecimal)
                }
            }
            items.append(missing ? nil : total)
        }
        return Keyed(label: name, keyKind: .stage, keys: a.rowKeys, items: items)
    }
}

extension Table {
    /// A stage × stage matrix: rows the supplying stage i, columns the receiving stage j, the same stages.
    var isStageMatrix: Bool { rowKind == .supplier && columnKind == .stage && rowKeys == columnKeys }

    /// Every cell, row by row, as one vector (keys `Si→Sj`), for aggregates such as `sum(M)`.
    var allCells: Keyed {
        var keys: [String] = []
        for r in rowKeys { for c in columnKeys { keys.append("\(r)→\(c)") } }
        return Keyed(label: label ?? title, keyKind: .pair, keys: keys, items: cells.flatMap { $0 })
    }

    /// The n×n identity matrix over `stages` (dimensionless, exact 1 and 0).
    static func identity(_ stages: [String]) -> Table {
        let cells = stages.indices.map { i in stages.indices.map { j in Quantity(i == j ? 1 : 0) as Quantity? } }
        var t = Table(title: "I: identity matrix (\(stages.count)×\(stages.count))", rowKind: .supplier, rowKeys: stages,
                      columnKind: .stage, columnKeys: stages, cells: cells)
        t.label = "I"
        return t
    }
}

extension Keyed {
    /// A vector by stage (or a matrix column, keyed by supplier) that a matrix can multiply.
    var isStageVector: Bool { keyKind == .stage || keyKind == .supplier }
}

extension ChainContext {
    /// The stage × stage matrix argument of `inverse`, `transpose`, `row_sums`, `column_sums`.
    /// - Throws: when the argument is not one.
    func stageMatrix(_ argument: Argument, for name: String) throws(Diagnostic) -> Table {
        guard case .table(let t) = argument.value, t.isStageMatrix else {
            throw Diagnostic(.runtime, "\(name) needs a stage × stage matrix, found \(argument.value.typeName)", at: argument.range,
                             hint: "\(name)(A[2020])")
        }
        return t
    }
}
