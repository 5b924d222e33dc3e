import Foundation

/// Operators on values. Scalars follow the unit rules; a series or vector combines with a
/// scalar element by element, and with another series or vector key by key. `NA` in, `NA` out.
extension Operations {
    func unary(_ op: UnaryOperator, _ v: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        switch op {
        case .not:
            // Like `and`, `or` and `if`: a condition that is NA is an error, not NA.
            return .bool(!(try truth(v, range)))
        case .plus:
            return try map(v, range) { q throws(Diagnostic) in q }
        case .negate:
            let negated = try map(v, range) { q throws(Diagnostic) in q.computed(-q.value, q.unit, exact: q.isExactDecimal) }
            return Self.relabelled(negated, Operations.negatedLabel)
        }
    }

    /// `x%`: x hundredths, as a decimal (20% is exactly 0.2), entry by entry.
    func percent(_ v: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        let hundredths = try map(v, range) { q throws(Diagnostic) in
            let p = Decimal64.product(q.value, 0.01)
            let value = try noUnderflow(p.value, q.value != 0, "percentage", range)
            return q.computed(value, q.unit, exact: p.exact && q.isExactDecimal)
        }
        return Self.relabelled(hundredths, Operations.percentLabel)
    }

    /// A series, vector or table computed entry by entry from another: its label says how
    /// (`-link(S1, S2)`), and the source notes of the operand, which describe published
    /// values, are not carried over (as for the binary operators).
    private static func relabelled(_ v: Value, _ label: (String) -> String) -> Value {
        switch v {
        case .keyed(var k):
            k.label = label(k.label)
            return .keyed(k)
        case .table(var t):
            let new = label(t.label ?? t.title)
            t.title = new
            t.label = new
            t.notes = []
            return .table(t)
        default:
            return v
        }
    }

    /// Applies `f` to a scalar, or to each present item of a series, vector or table.
    func map(_ v: Value, _ range: SourceRange, _ f: (Quantity) throws(Diagnostic) -> Quantity) throws(Diagnostic) -> Value {
        switch v {
        case .quantity(let q): return .quantity(try f(q))
        case .na: return v
        case .keyed(var k):
            for i in k.items.indices { if let q = k.items[i] { k.items[i] = try f(q) } }
            return .keyed(k)
        case .table(var t):
            for i in t.cells.indices { for j in t.cells[i].indices { if let q = t.cells[i][j] { t.cells[i][j] = try f(q) } } }
            return .table(t)
        default:
            throw Diagnostic(.runtime, "expected a number, found \(v.typeName)", at: range)
        }
    }

    func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        if let m = try matrixBinary(op, l, r, range) { return m }   // M * N, M * v, M ^ k, M == N (MatrixAlgebra.swift)
        switch (l, r) {
        case (.na(let why), _), (_, .na(let why)):
            return .na(why)
        case (.quantity(let a), .quantity(let b)):
            return try scalar(op, a, b, range)
        case (.response(let a), .response(let b)) where op == .add || op == .subtract:
            return try combine(a, b, op, range)
        case (.string(let a), .string(let b)) where op == .add:
            return .string(a + b)
        case (.string(let a), .string(let b)) where op == .equal || op == .notEqual:
            return .bool((a == b) == (op == .equal))
        case (.bool(let a), .bool(let b)) where op == .equal || op == .notEqual:
            return .bool((a == b) == (op == .equal))
        case (.stage(let a), .stage(let b)) where op == .equal || op == .notEqual:
            return .bool((a.id == b.id) == (op == .equal))
        case (.keyed(let k), .quantity(let b)):
            var out = try elementwise(k, op, range) { a throws(Diagnostic) in (a, b) }
            out.label = Operations.label(k.label, op, formatter.quantity(b))
            return .keyed(out)
        case (.quantity(let a), .keyed(let k)):
            var out = try elementwise(k, op, range) { b throws(Diagnostic) in (a, b) }
            out.label = Operations.label(formatter.quantity(a), op, k.label)
            return .keyed(out)
        case (.table(let t), .quantity(let b)):
            return .table(try cellwise(t, op, range, label: Operations.label(t.label ?? t.title, op, formatter.quantity(b))) { a throws(Diagnostic) in (a, b) })
        case (.quantity(let a), .table(let t)):
            return .table(try cellwise(t, op, range, label: Operations.label(formatter.quantity(a), op, t.label ?? t.title)) { b throws(Diagnostic) in (a, b) })
        case (.table(let a), .table(let b)):
            guard a.rowKind == b.rowKind, a.columnKind == b.columnKind else {
                throw Diagnostic(.runtime, "cannot combine a table of \(a.rowKind.rawValue) × \(a.columnKind.rawValue) and one of \(b.rowKind.rawValue) × \(b.columnKind.rawValue)", at: range)
            }
            let label = Operations.label(a.label ?? a.title, op, b.label ?? b.title)
            return .table(try cellwise(a, op, range, label: label) { (x: Quantity, i: Int, j: Int) throws(Diagnostic) -> (Quantity, Quantity)? in
                guard let r = b.rowKeys.firstIndex(of: a.rowKeys[i]), let c = b.columnKeys.firstIndex(of: a.columnKeys[j]),
                      let y = b.cells[r][c] else { return nil }
                return (x, y)
            })
        case (.keyed(let a), .keyed(let b)):
            guard a.keyKind == b.keyKind else {
                throw Diagnostic(.runtime, "cannot combine a \(a.keyKind.rawValue)-indexed and a \(b.keyKind.rawValue)-indexed value", at: range)
            }
            if op.needsSameDimension, op != .equal, op != .notEqual, let x = a.items.compactMap({ $0 }).first,
               let y = b.items.compactMap({ $0 }).first, !x.unit.sameDimension(y.unit) {
                _ = try scalar(op, x, y, range) // reports the dimension mismatch
            }
            var out = a
            out.label = Operations.label(a.label, op, b.label)
            for (i, key) in a.keys.enumerated() {
                guard let x = a.items[i], let j = b.keys.firstIndex(of: key), let y = b.items[j] else {
                    out.items[i] = nil
                    continue
                }
                guard case .quantity(let q) = try scalar(op, x, y, range, at: "\(a.keyKind.rawValue) \(key)") else {
                    throw Diagnostic(.runtime, "'\(op.symbol)' works element by element only for arithmetic", at: range)
                }
                out.items[i] = q
            }
            out.unit = out.items.lazy.compactMap { $0 }.first?.unit ?? (op == .add || op == .subtract ? a.unit : nil)
            return .keyed(out)
        default:
            let what = op.operationName ?? "'\(op.symbol)'"
            throw Diagnostic(.runtime, "\(what) is not defined for \(l.typeName) and \(r.typeName)", at: range)
        }
    }

    /// The label of a computed value: `link(S1, S2) * 100`; a label that is itself an
    /// operation is parenthesised (`(a + b) * 2`). An operand label longer than
    /// `operandLabelLimit` characters, or already abbreviated, is shown as `…`, so that a value
    /// rebuilt in a loop (`let s = s + s`) keeps a label of bounded length (`… + …`) instead of
    /// one that doubles each round.
    static func label(_ a: String, _ op: BinaryOperator, _ b: String) -> String {
        "\(labelOperand(a)) \(op.symbol) \(labelOperand(b))"
    }

    /// The label of `-x` (`-link(S1, S2)`, `-(a + b)`).
    static func negatedLabel(_ a: String) -> String { "-\(labelOperand(a))" }

    /// The label of `x%`.
    static func percentLabel(_ a: String) -> String { "\(labelOperand(a))%" }

    /// Operand labels longer than this many characters are abbreviated to `…`.
    static let operandLabelLimit = 48

    private static func labelOperand(_ s: String) -> String {
        if s.utf8.count > operandLabelLimit * 4 || s.count > operandLabelLimit || s.contains("…") { return "…" }
        let isOperation = [" + ", " - ", " * ", " / ", " ^ ", " == ", " != ", " < ", " > ", " <= ", " >= "].contains { s.contains($0) }
        return isOperation ? "(\(s))" : s
    }

    /// A table combined cell by cell: with a scalar, or with the matching cell of another table
    /// (same row and column keys; a cell without a match is `NA`).
    private func cellwise(_ t: Table, _ op: BinaryOperator, _ range: SourceRange, label: String,
                          _ pair: (Quantity) throws(Diagnostic) -> (Quantity, Quantity)?) throws(Diagnostic) -> Table {
        try cellwise(t, op, range, label: label) { (q: Quantity, _: Int, _: Int) throws(Diagnostic) -> (Quantity, Quantity)? in try pair(q) }
    }

    private func cellwise(_ t: Table, _ op: BinaryOperator, _ range: SourceRange, label: String,
                          _ pair: (Quantity, Int, Int) throws(Diagnostic) -> (Quantity, Quantity)?) throws(Diagnostic) -> Table {
        var out = t
        out.title = label
        out.label = label
        out.notes = []
        for i in t.cells.indices {
            for j in t.cells[i].indices {
                guard let item = t.cells[i][j], let (a, b) = try pair(item, i, j) else {
                    out.cells[i][j] = nil
                    continue
                }
                let place = "\(t.rowKind.rawValue) \(t.rowKeys[i]), \(t.columnKind.rawValue) \(t.columnKeys[j])"
                guard case .quantity(let q) = try scalar(op, a, b, range, at: place) else {
                    throw Diagnostic(.runtime, "'\(op.symbol)' works element by element only for arithmetic", at: range)
                }
                out.cells[i][j] = q
            }
        }
        return out
    }

    private func elementwise(_ k: Keyed, _ op: BinaryOperator, _ range: SourceRange,
                             _ pair: (Quantity) throws(Diagnostic) -> (Quantity, Quantity)?) throws(Diagnostic) -> Keyed {
        var out = k
        for i in k.items.indices {
            guard let item = k.items[i], let (a, b) = try pair(item) else { continue }
            guard case .quantity(let q) = try scalar(op, a, b, range, at: "\(k.keyKind.rawValue) \(k.keys[i])") else {
                throw Diagnostic(.runtime, "'\(op.symbol)' works element by element only for arithmetic", at: range)
            }
            out.items[i] = q
        }
        // The unit of the result, also when no item is present: the operation on a unit value.
        if let first = out.items.lazy.compactMap({ $0 }).first {
            out.unit = first.unit
        } else if let unit = k.unit, let (a, b) = try pair(Quantity(1, unit)),
                  case .quantity(let q)? = try? scalar(op, a, b, range) {
            out.unit = q.unit
        } else {
            out.unit = nil
        }
        return out
    }

    /// ``scalar(_:_:_:_:)`` on one entry of a series, vector or table: an error names the
    /// entry (`division by zero (at year 2016)`).
    private func scalar(_ op: BinaryOperator, _ a: Quantity, _ b: Quantity, _ range: SourceRange, at place: String) throws(Diagnostic) -> Value {
        do throws(Diagnostic) {
            return try scalar(op, a, b, range)
        } catch {
            var d = error
            if d.kind == .runtime { d.message += " (at \(place))" }
            throw d
        }
    }

    /// The result must be a finite number; otherwise the operation is named in the error.
    func finite(_ x: Double, _ what: @autoclosure () -> String, _ range: SourceRange) throws(Diagnostic) -> Double {
        guard x.isFinite else {
            throw Diagnostic(.runtime, x.isNaN ? "\(what()) has no real result" : "\(what()) overflows: the result is too large", at: range)
        }
        return x
    }

    /// A result that should be non-zero but is below the smallest normal Double is an error,
    /// like a literal below it (`1e-400`).
    private func noUnderflow(_ x: Double, _ expectNonZero: Bool, _ what: String, _ range: SourceRange) throws(Diagnostic) -> Double {
        if expectNonZero && x.magnitude < Double.leastNormalMagnitude {
            throw Diagnostic(.runtime, "\(what) underflows: the result is too small (below about 2.2e-308)", at: range)
        }
        return x
    }

    /// A unit operation whose power leaves ±``Unit/maxPower`` is an error naming the operation.
    func unitResult(_ what: String, _ range: SourceRange, _ body: () throws(UnitError) -> Unit) throws(Diagnostic) -> Unit {
        do {
            return try body()
        } catch {
            let word: String
            switch error {
            case .powerTooLarge(let w), .unknownWord(let w): word = w
            }
            throw Diagnostic(.runtime, "\(what): the unit's power of \(word) would exceed \(Unit.maxPower)", at: range,
                             hint: "units keep powers between -\(Unit.maxPower) and \(Unit.maxPower)")
        }
    }

    /// Scalar arithmetic. Values are Doubles with decimal-exact `+ - *` (``Decimal64``); `==`
    /// and the other comparisons treat two numbers that print the same at 12 significant
    /// digits as equal, in the larger of the two units (so no scaling overflows); a sum or
    /// difference is in the left operand's unit and range-checked there.
    func scalar(_ op: BinaryOperator, _ a: Quantity, _ b: Quantity, _ range: SourceRange) throws(Diagnostic) -> Value {
        let name = op.operationName ?? op.symbol
        switch op {
        case .add, .subtract, .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
            guard a.unit.sameDimension(b.unit) else {
                let what = op.operationName.map { "cannot use \($0) on" } ?? "cannot compare"
                throw Diagnostic(.runtime, "\(what) \(formatter.quantity(a)) (\(a.unit.dimensionDescription)) and \(formatter.quantity(b)) (\(b.unit.dimensionDescription))", at: range,
                                 hint: Operations.currencyHint(a.unit, b.unit) ?? (a.unit.isDimensionless || b.unit.isDimensionless
                                    ? "a percentage or plain number cannot be added to a quantity with a unit; relative change is what shocks are for"
                                    : "\(a.unit.dimensionDescription) and \(b.unit.dimensionDescription) are different things: no unit conversion turns one into the other; check the units"))
            }
            if op == .add || op == .subtract {
                // Express b in a's unit: the result is shown in a's unit and checked there.
                var bInA = (value: b.value, exact: true)
                if a.unit.scale != b.unit.scale {
                    let ratio = Decimal64.quotient(b.unit.scale, a.unit.scale)
                    let converted = Decimal64.product(b.value, ratio.value)
                    bInA = (try finite(converted.value, "\(name) (\(formatter.quantity(b)) in \(a.unit.name))", range), ratio.exact && converted.exact)
                }
                let result = Decimal64.sum(a.value, op == .add ? bInA.value : -bInA.value)
                let exact = result.exact && bInA.exact && a.isExactDecimal && b.isExactDecimal
                // A sum that cancels exactly is 0; one that is not 0 but below the smallest normal number underflows.
                let value = try noUnderflow(try finite(result.value, name, range), result.value != 0, name, range)
                return .quantity(a.computed(value, a.unit, with: b, exact: exact))
            }
            // Compare in the larger unit: converting into it never overflows.
            var x = a.value, y = b.value
            if a.unit.scale > b.unit.scale {
                y = Decimal64.multiply(b.value, Decimal64.divide(b.unit.scale, a.unit.scale))
            } else if b.unit.scale > a.unit.scale {
                x = Decimal64.multiply(a.value, Decimal64.divide(a.unit.scale, b.unit.scale))
            }
            switch op {
            case .less: return .bool(Decimal64.less(x, y))
            case .lessOrEqual: return .bool(x < y || Decimal64.equal(x, y))
            case .greater: return .bool(Decimal64.less(y, x))
            case .greaterOrEqual: return .bool(x > y || Decimal64.equal(x, y))
            case .equal: return .bool(Decimal64.equal(x, y))
            default: return .bool(!Decimal64.equal(x, y))
            }
        case .multiply, .divide:
            if op == .divide && b.value == 0 { throw Diagnostic(.runtime, "division by zero", at: range) }
            let raw = op == .multiply ? Decimal64.product(a.value, b.value) : Decimal64.quotient(a.value, b.value)
            var exact = raw.exact && a.isExactDecimal && b.isExactDecimal
            let value = try noUnderflow(try finite(raw.value, name, range), a.value != 0 && (op == .divide || b.value != 0), name, range)
            // A plain number scales a quantity and keeps its unit (`2 × 0.13%` is `0.26%`).
            if b.unit == Unit.one { return .quantity(a.computed(value, a.unit, with: b, exact: exact)) }
            if a.unit == Unit.one && op == .multiply { return .quantity(a.computed(value, b.unit, with: b, exact: exact)) }
            let unit = try unitResult(name, range) { () throws(UnitError) -> Unit in
                op == .multiply ? try a.unit.times(b.unit) : try a.unit.dividedBy(b.unit)
            }
            let (simple, factor) = unit.simplified()
            var shown = value
            if factor != 1 {
                let scaled = Decimal64.product(value, factor)
                exact = exact && scaled.exact
                shown = try noUnderflow(try finite(scaled.value, name, range), value != 0, name, range)
            }
            return .quantity(a.computed(shown, simple, with: b, exact: exact))
        case .power:
            guard b.unit.isDimensionless else {
                throw Diagnostic(.runtime, "an exponent must be a plain number, found \(formatter.quantity(b))", at: range)
            }
            let exponent = Decimal64.multiply(b.value, b.unit.scale)
            if a.unit.isDimensionless {
                let base = Decimal64.multiply(a.value, a.unit.scale)
                if base == 0 && exponent < 0 { throw Diagnostic(.runtime, "power: division by zero (0 to a negative power)", at: range) }
                let power = try noUnderflow(try finite(Foundation.pow(base, exponent), name, range), base != 0, name, range)
                return .quantity(a.computed(power, Unit.one, with: b))
            }
            guard exponent == exponent.rounded(), abs(exponent) <= Double(Unit.maxPower) else {
                throw Diagnostic(.runtime, "a quantity with a unit can only be raised to a whole power between -\(Unit.maxPower) and \(Unit.maxPower)", at: range)
            }
            let n = Int(exponent)
            let unit = try unitResult(name, range) { () throws(UnitError) -> Unit in try a.unit.power(n) }
            let value = try noUnderflow(try finite(Foundation.pow(a.value, exponent), name, range), a.value != 0, name, range)
            return .quantity(a.computed(value, unit, with: b))
        case .and, .or:
            throw Diagnostic(.runtime, "'\(op.symbol)' needs true or false, found \(formatter.quantity(a)) and \(formatter.quantity(b))", at: range)
        }
    }

    /// `x in unit`: the same dimension, another scale.
    func convert(_ v: Value, to target: Unit, _ range: SourceRange) throws(Diagnostic) -> Value {
        try map(v, range) { q throws(Diagnostic) in
            guard q.unit.sameDimension(target) else {
                throw Diagnostic(.runtime, "cannot convert \(formatter.quantity(q)) (\(q.unit.dimensionDescription)) to \(target.name) (\(target.dimensionDescription))", at: range)
            }
            if q.unit.name == target.name { return q }
            let ratio = Decimal64.quotient(q.unit.scale, target.scale)
            let converted = Decimal64.product(q.value, ratio.value)
            let value = try noUnderflow(try finite(converted.value, "conversion to \(target.name)", range), q.value != 0,
                                        "conversion to \(target.name)", range)
            var out = q.computed(value, target, exact: q.isExactDecimal && ratio.exact && converted.exact)
            out.unit = target
            return out
        }
    }
}

extension Operations {
    /// The hint when two units differ only in currency (`USD` and `EUR`, `USD/t` and `EUR/t`):
    /// vmp has no exchange rates, so the user states one; `nil` for other differences.
    static func currencyHint(_ a: Unit, _ b: Unit) -> String? {
        func split(_ u: Unit) -> (currency: [String: Int], rest: Dimensions) {
            let money = u.dimensions.powers.filter { UnitRegistry.currencies.contains($0.key) }
            return (money, Dimensions(u.dimensions.powers.filter { !UnitRegistry.currencies.contains($0.key) }))
        }
        let (x, restA) = split(a), (y, restB) = split(b)
        guard restA == restB, x.count == 1, y.count == 1, let (ca, pa) = x.first, let (cb, pb) = y.first, pa == pb, ca != cb else { return nil }
        return "\(ca) and \(cb) are different currencies and vmp has no exchange rates: state one, e.g. x * (1.1 \(ca)/\(cb)) turns \(cb) into \(ca)"
    }
}
