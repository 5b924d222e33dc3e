import Foundation

/// Operations on values that need no chain and no bindings: arithmetic and comparison with
/// units (`Arithmetic.swift`), truth values, whole numbers, and indexing of series, vectors,
/// tables and lists. The formatter only words the diagnostics.
///
/// Every operation either returns a value or throws a ``Diagnostic`` at `range` naming the
/// operation; `NA` in gives `NA` out.
struct Operations {
    let formatter: Formatter

    /// `true`/`false` of a condition. - Throws: when `v` is `NA` or not a boolean.
    func truth(_ v: Value, _ range: SourceRange) throws(Diagnostic) -> Bool {
        switch v {
        case .bool(let b): return b
        case .na(let why): throw Diagnostic(.runtime, "condition is NA (\(why))", at: range, hint: "test for a published value first, or use present()")
        default: throw Diagnostic(.runtime, "a condition must be true or false, found \(v.typeName)", at: range)
        }
    }

    /// A whole plain number below 10^9 in magnitude (years, positions, counts).
    /// - Throws: when `v` is not a whole plain number or is too large; `what` names it.
    func integer(_ v: Value, _ range: SourceRange, _ what: String) throws(Diagnostic) -> Int {
        guard case .quantity(let q) = v, q.unit.isDimensionless, q.value == q.value.rounded() else {
            throw Diagnostic(.runtime, "\(what) must be a whole number, found \(describe(v))", at: range)
        }
        guard abs(q.value) < 1e9 else {
            throw Diagnostic(.runtime, "\(what) is too large: \(describe(v)) (whole numbers here stay below 10^9)", at: range)
        }
        return Int(q.value)
    }

    /// A value as named in a message: `37.979 million RMB`, `"text"`, `stage S3`, `a table`.
    func describe(_ v: Value) -> String {
        switch v {
        case .quantity(let q): return formatter.quantity(q)
        case .string(let s): return "\"\(s)\""
        case .stage(let s): return "stage \(s.id)"
        default: return v.typeName
        }
    }

    /// The unit `u` names. - Throws: for a word outside the unit registry, with the nearest
    /// unit word as a hint (`milion` → "did you mean 'million'?"), else the list of units.
    static func resolveUnit(_ u: UnitExpr) throws(Diagnostic) -> Unit {
        do {
            return try UnitRegistry.resolve(u)
        } catch {
            switch error {
            case .unknownWord(let w):
                let nearest = Suggest.didYouMean(w, among: UnitRegistry.words.keys.sorted())
                throw Diagnostic(.runtime, "unknown unit '\(w)'", at: u.range, hint: nearest ?? "units: \(UnitRegistry.wordsList)")
            case .powerTooLarge(let w):
                throw Diagnostic(.runtime, "the unit's power of \(w) would exceed \(Unit.maxPower)", at: u.range)
            }
        }
    }

    // MARK: - Indexing

    /// `x[i]` for series and vectors (a key, or a range of years), tables (a row by year or
    /// stage; a stage × stage matrix's row by supplier) and lists (from 1).
    func index(_ base: Value, _ index: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        switch (base, index) {
        case (.na, _):
            return base
        case (.keyed(let k), .range(let a, let b)):
            guard k.keyKind == .year else {
                throw Diagnostic(.runtime, "\(k.label) is indexed by \(k.keyKind.rawValue), not by a range of years", at: range)
            }
            let keys = try years(a, b, in: k.keys, label: k.label, range)
            let items = keys.compactMap { key in k.keys.firstIndex(of: key).map { k.items[$0] } }
            var sub = Keyed(label: k.label, keyKind: .year, keys: keys, items: items)
            sub.unit = k.unit
            return .keyed(sub)
        case (.table(let t), .range(let a, let b)):
            guard t.rowKind == .year else { throw Diagnostic(.runtime, "\(t.title) has no rows by year", at: range) }
            let keys = try years(a, b, in: t.rowKeys, label: t.title, range)
            var sub = t
            sub.rowKeys = keys
            sub.cells = keys.compactMap { key in t.rowKeys.firstIndex(of: key).map { t.cells[$0] } }
            return .table(sub)
        case (.keyed(let k), _):
            let key = try keyText(index, kind: k.keyKind, range)
            guard let i = k.keys.firstIndex(of: key) else {
                throw outOfRange(key, keys: k.keys, kind: k.keyKind, label: k.label, range)
            }
            if let q = k.items[i] { return .quantity(q) }
            return .na("\(k.label)[\(key)] is not published")
        case (.table(let t), _):
            let name = t.label ?? t.title
            // A stage picks a row where rows are stages (a stage × stage matrix: M[Si][Sj] = m_ij),
            // else a column (cost[S3] is S3's series).
            if case .stage(let s) = index, t.rowKind == .stage || t.rowKind == .supplier, let i = t.rowKeys.firstIndex(of: s.id) {
                return .keyed(t.row(i, label: "\(name)[\(s.id)]"))
            }
            if case .stage(let s) = index, let j = t.columnKeys.firstIndex(of: s.id) {
                return .keyed(t.column(j, label: "\(name)[\(s.id)]"))
            }
            let key = try keyText(index, kind: t.rowKind, range)
            guard let i = t.rowKeys.firstIndex(of: key) else {
                throw outOfRange(key, keys: t.rowKeys, kind: t.rowKind, label: name, range)
            }
            return .keyed(t.row(i, label: "\(name)[\(key)]"))
        case (.list(let items), _):
            let i = try integer(index, range, "a position in the list")
            guard i >= 1, i <= items.count else {
                throw Diagnostic(.runtime, "position \(i) is outside the list (1..\(items.count))", at: range,
                                 hint: items.isEmpty ? "the list is empty" : nil)
            }
            return items[i - 1]
        case (.quantity, _):
            throw Diagnostic(.runtime, "a single value cannot be indexed", at: range,
                             hint: "index a series: S3.cost[2019]")
        default:
            throw Diagnostic(.runtime, "\(base.typeName) cannot be indexed", at: range)
        }
    }

    /// The years `a...b` if every one of them is in `have` (checked on the bounds first, so a
    /// range like 1..999999999 is refused without being built).
    private func years(_ a: Int, _ b: Int, in have: [String], label: String, _ range: SourceRange) throws(Diagnostic) -> [String] {
        for bound in [a, b] where !have.contains(String(bound)) {
            throw outOfRange(String(bound), keys: have, kind: .year, label: label, range)
        }
        let keys = (a...b).map(String.init)
        if let missing = keys.first(where: { !have.contains($0) }) {
            throw outOfRange(missing, keys: have, kind: .year, label: label, range)
        }
        return keys
    }

    private func outOfRange(_ key: String, keys: [String], kind: Keyed.KeyKind, label: String, _ range: SourceRange) -> Diagnostic {
        let span = kind == .year && keys.count > 1 ? "\(keys[0])..\(keys[keys.count - 1])" : keys.joined(separator: ", ")
        return Diagnostic(.runtime, "\(kind.rawValue) \(key) is not in \(label) (\(kind.rawValue)s: \(span))", at: range)
    }

    private func keyText(_ index: Value, kind: Keyed.KeyKind, _ range: SourceRange) throws(Diagnostic) -> String {
        switch (kind, index) {
        case (.year, _):
            return String(try integer(index, range, "a year"))
        case (_, .stage(let s)):
            return s.id
        case (_, .string(let s)):
            return s
        default:
            throw Diagnostic(.runtime, "this is indexed by \(kind.rawValue), found \(index.typeName)", at: range)
        }
    }
}

extension Operations {
    /// `r1 + r2`, `r1 - r2`: responses add (the model is linear) when they share year, direction and basis.
    func combine(_ a: Response, _ b: Response, _ op: BinaryOperator, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard a.year == b.year, a.mode == b.mode else {
            throw Diagnostic(.runtime, "responses combine only for the same year and direction (here \(a.year) \(a.mode.rawValue) and \(b.year) \(b.mode.rawValue))", at: range)
        }
        var factor = op == .subtract ? -1.0 : 1.0
        switch (a.basis, b.basis) {
        case (.relative(let x), .relative(let y)) where x == y:
            break
        case (.absolute(let u), .absolute(let v)) where u.sameDimension(v):
            factor *= v.scale / u.scale
        default:
            throw Diagnostic(.runtime, "cannot add responses measured on different bases (\(a.basis.suffix.trimmingCharacters(in: .whitespaces)) and \(b.basis.suffix.trimmingCharacters(in: .whitespaces)))", at: range,
                             hint: "give both shocks as rates (t/day) so they share a unit, or shock the same stage")
        }
        func add(_ x: [Double], _ y: [Double]) -> [Double] { zip(x, y).map { $0 + factor * $1 } }
        func addQ(_ x: [Quantity?], _ y: [Quantity?]) throws(Diagnostic) -> [Quantity?] {
            var out: [Quantity?] = []
            for (p, q) in zip(x, y) {
                guard let p, let q, case .quantity(let sum) = try scalar(op, p, q, range) else { out.append(nil); continue }
                out.append(sum)
            }
            return out
        }
        var r = a
        r.label = "\(a.label) \(op == .subtract ? "−" : "+") \(b.label)"
        r.single = nil
        r.total = add(a.total, b.total)
        r.direct = add(a.direct, b.direct)
        r.firstRound = add(a.firstRound, b.firstRound)
        r.indirect = add(a.indirect, b.indirect)
        r.absolute = try addQ(a.absolute, b.absolute)
        r.cost = try addQ(a.cost, b.cost)
        r.emissions = try addQ(a.emissions, b.emissions)
        r.notes = a.notes + b.notes.filter { !a.notes.contains($0) }
        r.sources = a.sources + b.sources.filter { !a.sources.contains($0) }
        guard (r.total + r.direct + r.firstRound + r.indirect).allSatisfy(\.isFinite), r.fitsItsBasis else {
            throw Diagnostic(.runtime, "\(op.operationName ?? op.symbol) of the responses overflows", at: range)
        }
        return .response(r)
    }

}
