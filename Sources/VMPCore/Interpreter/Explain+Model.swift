/// `:explain` of model quantities: the working with the actual numbers, built from the chain's
/// published values and its ``IOSystem`` (never by re-reading printed text).
///
/// - `A[2020]`, `B[2020]`: the published value (or z_ij / x_j) in each cell, with its source.
/// - `L[2020]`, `G[2020]`: I − A (I − B), the LU inverse, the check L (I − A) = I, and the
///   power series I + A + A² + … with its remainder (docs/model.md §3; Miller & Blair 2009 §2.4).
/// - `pull(Si, Sj, total)[y]`, `link(Si, Sj, total)[y]`: the element of L or G, split into the
///   direct coefficient and the indirect rest.
/// - `key_stages(y)`, `forward_linkage(y)`, `backward_linkage(y)`: sums, mean and ratios
///   (Rasmussen–Hirschman; docs/model.md §3).
/// - `shock Sk by s in y`: Δx = L e_k s (or s e_kᵀ G), its split, and the unit costs and
///   intensities that gave Δ cost and Δ emissions (docs/model.md §4).
/// - a call of a user function: its parameters, then the steps inside its body.
extension Evaluator {
    /// The largest number of stages whose matrices an explanation prints in full.
    static let maxGridStages = 10

    /// The explanation of `expr` when it is a model quantity or a user function call, else `nil`.
    func explainModel(_ expr: Expr) throws(Diagnostic) -> String? {
        var named: (String, Expr)?
        if case .index(.name(let n, _), let y, _) = expr { named = (n, y) }
        if case .call(.name(let n, _), let args, _) = expr, args.count == 1 { named = (n, args[0]) }
        // A matrix of another chain: demo.A[2020].
        if case .index(.member(let base, let n, _, _), let y, _) = expr, case .chain(let c) = try evaluate(base),
           let other = chains[c], case .builtin(let b)? = NameResolver(chain: other).resolve(n), b.form == .matrix,
           let name = MatrixName(rawValue: n), name != .Z {
            return try explainMatrix(name, expr, try context(c).checkYear(try evaluate(y), y.range), y.range, chain: c)
        }
        if let (n, y) = named, let b = builtinNamed(n) {
            if b.form == .matrix, let name = MatrixName(rawValue: n), name != .Z {
                return try explainMatrix(name, expr, try context(nil).checkYear(try evaluate(y), y.range), y.range)
            }
            if ["key_stages", "forward_linkage", "backward_linkage"].contains(b.name), case .call = expr {
                return try explainLinkages(b.name, expr, try context(nil).checkYear(try evaluate(y), y.range), y.range)
            }
        }
        switch expr {
        case .index(.call(.name(let n, _), let args, _), let y, _) where (n == "pull" || n == "link") && args.count == 3 && builtinNamed(n) != nil:
            if case .option(.total) = try evaluate(args[2]) {
                return try explainTotalLinkage(n, expr, args, try context(nil).checkYear(try evaluate(y), y.range), y.range)
            }
        case .shock:
            if case .response(let r) = try evaluate(expr), r.single != nil { return try explainShock(r, expr) }
        case .call(.name(let n, _), let args, let range):
            if case .function(let fn)? = scopes.reversed().lazy.compactMap({ $0[n] }).first {
                return try explainUserCall(fn, args, expr, range)
            }
        default:
            break
        }
        return nil
    }

    /// A built-in named `n` where no binding hides it.
    private func builtinNamed(_ n: String) -> Builtin? {
        guard !scopes.contains(where: { $0[n] != nil }), case .builtin(let b)? = resolver.resolve(n) else { return nil }
        return b
    }

    private func num(_ x: Double) -> String { formatter.number(x) }

    /// A matrix as aligned rows under an `i \ j` heading.
    /// Matrices of more than ``maxGridStages`` stages are named, not printed, so an explanation stays short.
    private func grid(_ m: Matrix, _ ids: [String], indent: String = "    ") -> [String] {
        guard ids.count <= Evaluator.maxGridStages else {
            return ["\(indent)(\(ids.count)×\(ids.count): too wide to show here; print the matrix itself)"]
        }
        let rows = (0..<m.rows).map { i in [ids[i]] + (0..<m.cols).map { num(m[i, $0]) } }
        return formatter.grid(header: ["i \\ j"] + ids, rows: rows, rightAligned: [false] + ids.map { _ in true })
            .split(separator: "\n").map { indent + $0 }
    }

    /// A and L (pull) or B and G (push) of a year's system.
    private func coefficientsAndInverse(_ sys: IOSystem, pull: Bool, _ chain: ChainContext, _ year: Int, _ range: SourceRange) throws(Diagnostic) -> (Matrix, Matrix) {
        do throws(IOModelError) {
            return (try sys.coefficients(pull ? .pull : .push), pull ? try sys.L : try sys.G)
        } catch {
            throw chain.diagnostic(error, year: year, range)
        }
    }

    // MARK: A, B, L, G

    private func explainMatrix(_ name: MatrixName, _ expr: Expr, _ year: Int, _ range: SourceRange, chain chainName: String? = nil) throws(Diagnostic) -> String {
        let chain = context(chainName)
        let ids = chain.stageIDs
        let sys = try chain.system(year, range)
        let pull = name == .A || name == .L
        let letter = pull ? "a" : "b"
        let coefficient = pull ? "A" : "B"
        var lines = [InfixPrinter.print(expr)]
        switch name {
        case .A, .B:
            lines.append(pull ? "  a_ij = z_ij / x_j: input from stage i per unit of output of stage j (docs/model.md §2)"
                              : "  b_ij = z_ij / x_i: share of stage i's output delivered to stage j (docs/model.md §2)")
            guard case .table(let t) = try evaluate(expr) else { return lines.joined(separator: "\n") }
            var zeros = 0
            for (i, from) in ids.enumerated() {
                for (j, to) in ids.enumerated() {
                    guard let q = t.cells[i][j] else { continue }
                    if let z = sys.Z, let x = sys.x {
                        guard z[i, j] != 0 else { zeros += 1; continue }
                        let k = pull ? j : i
                        lines.append("  \(letter)[\(from)][\(to)] = z_\(from),\(to) / x_\(ids[k]) = \(num(z[i, j])) / \(num(x[k])) = \(formatter.quantity(q, inTable: true))")
                    } else if q.printed != nil, let o = q.origins.first {
                        let published = pull ? "pull(\(to), \(from))[\(year)]" : "link(\(from), \(to))[\(year)]"
                        let flag = o.published.provenance.flags.contains(.suspect) ? ", flagged by audit" : ""
                        lines.append("  \(letter)[\(from)][\(to)] = \(formatter.quantity(q))  \(published) (\(o.published.provenance.source)\(flag))")
                    } else {
                        zeros += 1
                    }
                }
            }
            if zeros > 0 {
                lines.append("  the other \(zeros) cells are 0: \(sys.Z == nil ? "no published linkage for the pair" : "no flow")")
            }
            lines.append("  = \(InfixPrinter.print(expr)) (\(ids.count)×\(ids.count), dimensionless)")
        case .L, .G:
            let (m, inverse) = try coefficientsAndInverse(sys, pull: pull, chain, year, range)
            let iMinus: Matrix
            let check: Double
            let condition: Double
            do throws(LinearAlgebraError) {
                iMinus = try m.identityMinus()
                check = try inverse.multiply(iMinus).maxAbsDifference(Matrix.identity(ids.count))
                condition = try LUFactorization(iMinus).reciprocalCondition
            } catch {
                throw Diagnostic(.runtime, "the check of \(name.rawValue)[\(year)] failed: \(error)", at: range)
            }
            lines.append("  \(name.rawValue) = (I − \(coefficient))⁻¹ (docs/model.md §3), with I − \(coefficient)[\(year)] =")
            lines += grid(iMinus, ids)
            lines.append("  inverse by LU factorisation of I − \(coefficient) (LAPACK dgetrf with partial pivoting, then dgetri); reciprocal condition number \(num(condition))")
            lines.append("  check: \(name.rawValue) · (I − \(coefficient)) = I to within \(num(check)) (largest deviation of a cell)")
            lines.append("  power series \(name.rawValue) = I + \(coefficient) + \(coefficient)² + … (Miller & Blair 2009 §2.4): largest remainder |\(name.rawValue) − partial sum|")
            var partial = Matrix.identity(ids.count), term = Matrix.identity(ids.count)
            for k in 0...4 {
                do throws(LinearAlgebraError) {
                    if k > 0 {
                        term = try term.multiply(m)
                        partial = try partial.adding(term)
                    }
                    let remainder = try inverse.maxAbsDifference(partial)
                    let terms = (0...k).map { $0 == 0 ? "I" : $0 == 1 ? coefficient : "\(coefficient)^\($0)" }.joined(separator: " + ")
                    lines.append("    \(terms): \(num(remainder))")
                } catch {
                    throw Diagnostic(.runtime, "the power series of \(name.rawValue)[\(year)] failed: \(error)", at: range)
                }
            }
            lines.append("  = \(name.rawValue)[\(year)] =")
            lines += grid(inverse, ids)
        case .Z:
            break
        }
        return lines.joined(separator: "\n")
    }

    // MARK: total linkages

    private func explainTotalLinkage(_ n: String, _ expr: Expr, _ args: [Expr], _ year: Int, _ range: SourceRange) throws(Diagnostic) -> String {
        let chain = context(nil)
        guard case .stage(let a) = try evaluate(args[0]), case .stage(let b) = try evaluate(args[1]) else { return InfixPrinter.print(expr) }
        let ids = chain.stageIDs
        let sys = try chain.system(year, range)
        // link(Si, Sj): Si drives Sj, g_ij; pull(Sa, Sb): Sa pulls Sb, Sb supplies Sa, l_ba.
        let pull = n == "pull"
        let (from, to) = pull ? (b.id, a.id) : (a.id, b.id)
        guard let i = ids.firstIndex(of: from), let j = ids.firstIndex(of: to) else { return InfixPrinter.print(expr) }
        let (m, inverse) = try coefficientsAndInverse(sys, pull: pull, chain, year, range)
        let (big, small) = pull ? ("L", "l") : ("G", "g")
        let coefficient = pull ? "a" : "b"
        let total = inverse[i, j]
        let direct = i == j ? 1 + m[i, j] : m[i, j]
        var lines = [InfixPrinter.print(expr)]
        lines.append("  = \(small)_\(from),\(to), the element [\(from)][\(to)] of \(big)[\(year)] = (I − \(pull ? "A" : "B"))⁻¹")
        if i == j {
            lines.append("  direct: 1 (the unit itself) + \(coefficient)_\(from),\(to) = \(num(direct))")
        } else {
            lines.append("  direct: \(coefficient)_\(from),\(to) = \(num(direct))\(m[i, j] == 0 ? " (no direct linkage)" : "")")
        }
        lines.append("  indirect (paths through other stages, \(coefficient)² + \(coefficient)³ + …): \(num(total)) − \(num(direct)) = \(num(total - direct))")
        lines.append("  = \(formatter.scalar(total))")
        return lines.joined(separator: "\n")
    }

    // MARK: linkages and key stages

    private func explainLinkages(_ n: String, _ expr: Expr, _ year: Int, _ range: SourceRange) throws(Diagnostic) -> String {
        let chain = context(nil)
        let ids = chain.stageIDs
        let sys = try chain.system(year, range)
        var lines = [InfixPrinter.print(expr)]
        var indices: [String: [Double]] = [:]
        for forward in [false, true] where n == "key_stages" || (n == "forward_linkage") == forward {
            let inverse: Matrix
            do throws(IOModelError) { inverse = forward ? try sys.G : try sys.L } catch { throw chain.diagnostic(error, year: year, range) }
            let sums = forward ? inverse.rowSums : inverse.columnSums
            let mean = sums.reduce(0, +) / Double(max(1, sums.count))
            let what = forward ? "forward: row sums of G[\(year)] (Σ_j g_ij)" : "backward: column sums of L[\(year)] (Σ_i l_ij)"
            lines.append("  \(what): " + zip(ids, sums).map { "\($0) \(num($1))" }.joined(separator: ", "))
            lines.append("    mean of the \(ids.count) sums: (\(sums.map(num).joined(separator: " + "))) / \(ids.count) = \(num(mean))")
            guard mean != 0 else { throw Diagnostic(.runtime, "the mean of the sums is 0: the normalised index is undefined", at: range) }
            lines.append("    normalised index = sum / mean (Rasmussen–Hirschman):")
            let ratios = sums.map { $0 / mean }
            for (k, id) in ids.enumerated() { lines.append("      \(id): \(num(sums[k])) / \(num(mean)) = \(num(ratios[k]))") }
            indices[forward ? "forward" : "backward"] = ratios
        }
        if n == "key_stages", let bl = indices["backward"], let fl = indices["forward"] {
            let keys = ids.indices.filter { bl[$0] > 1 && fl[$0] > 1 }.map { ids[$0] }
            lines.append("  rule: a key stage has both indices > 1")
            for (k, id) in ids.enumerated() {
                lines.append("    \(id): backward \(num(bl[k])) \(bl[k] > 1 ? ">" : "≤") 1, forward \(num(fl[k])) \(fl[k] > 1 ? ">" : "≤") 1\(keys.contains(id) ? " → key stage" : "")")
            }
            lines.append("  = key stages: " + (keys.isEmpty ? "none" : keys.joined(separator: ", ")))
        } else {
            lines.append("  direct linkages are the same sums of \(n == "forward_linkage" ? "B" : "A")[\(year)]")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: shocks

    private func explainShock(_ r: Response, _ expr: Expr) throws(Diagnostic) -> String {
        guard let single = r.single, let k = r.stageIDs.firstIndex(of: single.stage) else { return InfixPrinter.print(expr) }
        let chain = context(nil)
        let ids = r.stageIDs
        let pull = r.mode == .pull
        let show = { (x: Double) -> String in self.formatter.quantity(r.basis.quantity(x), inTable: true) }
        var lines = [InfixPrinter.print(expr)]
        lines.append(pull ? "  Δx = L e_\(single.stage) s: column \(single.stage) of L[\(r.year)] times s = \(show(single.size)) (docs/model.md §4)"
                          : "  Δxᵀ = s e_\(single.stage)ᵀ G: row \(single.stage) of G[\(r.year)] times s = \(show(single.size)) (docs/model.md §4)")
        let sys = try chain.system(r.year, expr.range)
        let inverse: Matrix
        do throws(IOModelError) { inverse = pull ? try sys.L : try sys.G } catch { throw chain.diagnostic(error, year: r.year, expr.range) }
        for (i, id) in ids.enumerated() {
            let element = pull ? inverse[i, k] : inverse[k, i]
            let name = pull ? "l_\(id),\(single.stage)" : "g_\(single.stage),\(id)"
            lines.append("    Δx_\(id) = \(name) · s = \(num(element)) × \(show(single.size)) = \(show(r.total[i]))")
        }
        lines.append("  split: direct s e_k (round 0), first round \(pull ? "A" : "B") applied once, indirect the rest")
        for (i, id) in ids.enumerated() where r.total[i] != 0 {
            lines.append("    \(id): \(show(r.direct[i])) + \(show(r.firstRound[i])) + \(show(r.indirect[i])) = \(show(r.total[i]))")
        }
        var warnings: [String] = []
        var costLines: [String] = []
        for (i, id) in ids.enumerated() {
            guard let dx = r.absolute[i], dx.value != 0 else { continue }
            for (quantity, result, what) in [("unit_cost", r.cost[i], "Δ cost"), ("intensity", r.emissions[i], "Δ emissions")] {
                guard let result else { continue }
                var dated = true
                var p = chain.chain.quantities[QuantityKey(stage: id, quantity: quantity, year: r.year)]
                if p == nil {
                    p = chain.chain.quantities[QuantityKey(stage: id, quantity: quantity, year: nil)]
                    dated = false
                }
                guard let p, let rate = try? chain.quantity(from: p, label: "\(id).\(quantity)") else { continue }
                costLines.append("    \(what) \(id) = \(id).\(quantity) × Δx = \(formatter.quantity(rate, inTable: true)) × \(formatter.quantity(dx, inTable: true)) = \(formatter.quantity(result, inTable: true))  (\(dated ? "\(r.year)" : "no stated year"), \(p.provenance.source))")
                var problems: [String] = []
                if !dated { problems.append("has no stated year (used for \(r.year))") }
                if p.provenance.flags.contains(.suspect) { problems.append("is flagged by audit as implausible") }
                if !problems.isEmpty { warnings.append("\(what) of \(id) rests on \(id).\(quantity) = \(formatter.quantity(rate)), which " + problems.joined(separator: " and ")) }
            }
        }
        if !costLines.isEmpty {
            lines.append("  Δ output in absolute terms, then Δ cost = unit cost × Δ output and Δ emissions = intensity × Δ output:")
            lines += costLines
        }
        for w in warnings { lines.append("  warning: \(w)") }
        for note in r.notes where !note.contains("has no stated year") { lines.append("  note: \(note)") }
        return lines.joined(separator: "\n")
    }

    // MARK: user functions

    private func explainUserCall(_ fn: UserFunction, _ argExprs: [Expr], _ expr: Expr, _ range: SourceRange) throws(Diagnostic) -> String {
        var args: [Value] = []
        for a in argExprs { args.append(try evaluate(a)) }
        var lines = [InfixPrinter.print(expr)]
        let bindings = zip(fn.params, args).map { "\($0) = \(ops.describe($1))" }
        lines.append("  \(fn.name)(\(fn.params.joined(separator: ", "))) = \(InfixPrinter.print(fn.body))" + (bindings.isEmpty ? "" : " with " + bindings.joined(separator: ", ")))
        let inner = try inScope(of: fn, args, range) { () throws(Diagnostic) -> [Substring] in
            try explain(fn.body).split(separator: "\n", omittingEmptySubsequences: false)
        }
        lines += inner.dropFirst().map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}
