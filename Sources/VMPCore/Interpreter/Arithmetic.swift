import Foundation

/// Operators on values. Scalars follow the unit rules; a series or vector combines with a
/// scalar element by element, and with another series or vector key by key. `NA` in, `NA` out.
extension Operations {
    func unary(_ op: UnaryOperator, _ v: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        switch op {
        case .not:
            if case .na = v { return v }
            return .bool(!(try truth(v, range)))
        case .plus:
            return try map(v, range) { q throws(Diagnostic) in q }
        case .negate:
            return try map(v, range) { q throws(Diagnostic) in q.computed(-q.value, q.unit) }
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
            return .keyed(try elementwise(k, op, range) { a throws(Diagnostic) in (a, b) })
        case (.quantity(let a), .keyed(let k)):
            return .keyed(try elementwise(k, op, range) { b throws(Diagnostic) in (a, b) })
        case (.keyed(let a), .keyed(let b)):
            guard a.keyKind == b.keyKind else {
                throw Diagnostic(.runtime, "cannot combine a \(a.keyKind.rawValue)-indexed and a \(b.keyKind.rawValue)-indexed value", at: range)
            }
            if op.needsSameDimension, op != .equal, op != .notEqual, let x = a.items.compactMap({ $0 }).first,
               let y = b.items.compactMap({ $0 }).first, !x.unit.sameDimension(y.unit) {
                _ = try scalar(op, x, y, range) // reports the dimension mismatch
            }
            var out = a
            out.label = "\(a.label) \(op.symbol) \(b.label)"
            for (i, key) in a.keys.enumerated() {
                guard let x = a.items[i], let j = b.keys.firstIndex(of: key), let y = b.items[j] else {
                    out.items[i] = nil
                    continue
                }
                guard case .quantity(let q) = try scalar(op, x, y, range) else {
                    throw Diagnostic(.runtime, "'\(op.symbol)' works element by element only for arithmetic", at: range)
                }
                out.items[i] = q
            }
            return .keyed(out)
        default:
            let what = op.operationName ?? "'\(op.symbol)'"
            throw Diagnostic(.runtime, "\(what) is not defined for \(l.typeName) and \(r.typeName)", at: range)
        }
    }

    private func elementwise(_ k: Keyed, _ op: BinaryOperator, _ range: SourceRange,
                             _ pair: (Quantity) throws(Diagnostic) -> (Quantity, Quantity)?) throws(Diagnostic) -> Keyed {
        var out = k
        for i in k.items.indices {
            guard let item = k.items[i], let (a, b) = try pair(item) else { continue }
            guard case .quantity(let q) = try scalar(op, a, b, range) else {
                throw Diagnostic(.runtime, "'\(op.symbol)' works element by element only for arithmetic", at: range)
            }
            out.items[i] = q
        }
        return out
    }

    /// The result must be a finite number; otherwise the operation is named in the error.
    private func finite(_ x: Double, _ what: String, _ range: SourceRange) throws(Diagnostic) -> Double {
        guard x.isFinite else {
            throw Diagnostic(.runtime, x.isNaN ? "\(what) has no real result" : "\(what) overflows: the result is too large", at: range)
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

    func scalar(_ op: BinaryOperator, _ a: Quantity, _ b: Quantity, _ range: SourceRange) throws(Diagnostic) -> Value {
        let name = op.operationName ?? op.symbol
        switch op {
        case .add, .subtract, .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
            guard a.unit.sameDimension(b.unit) else {
                let what = op.operationName.map { "cannot use \($0) on" } ?? "cannot compare"
                throw Diagnostic(.runtime, "\(what) \(formatter.quantity(a)) (\(a.unit.dimensionDescription)) and \(formatter.quantity(b)) (\(b.unit.dimensionDescription))", at: range,
                                 hint: a.unit.isDimensionless || b.unit.isDimensionless
                                    ? "a percentage or plain number cannot be added to a quantity with a unit; relative change is what shocks are for"
                                    : "convert with 'in', or check the units")
            }
            // Express b in a's unit.
            let bInA = try finite(b.value * b.unit.scale / a.unit.scale, name, range)
            switch op {
            case .add: return .quantity(a.computed(try finite(a.value + bInA, name, range), a.unit, with: b))
            case .subtract: return .quantity(a.computed(try finite(a.value - bInA, name, range), a.unit, with: b))
            case .less: return .bool(a.value < bInA)
            case .lessOrEqual: return .bool(a.value <= bInA)
            case .greater: return .bool(a.value > bInA)
            case .greaterOrEqual: return .bool(a.value >= bInA)
            case .equal: return .bool(a.value == bInA)
            default: return .bool(a.value != bInA)
            }
        case .multiply:
            let product = try noUnderflow(try finite(a.value * b.value, name, range), a.value != 0 && b.value != 0, name, range)
            return .quantity(normalise(a.computed(product, a.unit * b.unit, with: b)))
        case .divide:
            guard b.value != 0 else { throw Diagnostic(.runtime, "division by zero", at: range) }
            let quotient = try noUnderflow(try finite(a.value / b.value, name, range), a.value != 0, name, range)
            return .quantity(normalise(a.computed(quotient, a.unit / b.unit, with: b)))
        case .power:
            guard b.unit.isDimensionless else {
                throw Diagnostic(.runtime, "an exponent must be a plain number, found \(formatter.quantity(b))", at: range)
            }
            let exponent = b.value * b.unit.scale
            if a.unit.isDimensionless {
                let base = a.value * a.unit.scale
                if base == 0 && exponent < 0 { throw Diagnostic(.runtime, "power: division by zero (0 to a negative power)", at: range) }
                let power = try noUnderflow(try finite(Foundation.pow(base, exponent), name, range), base != 0, name, range)
                return .quantity(a.computed(power, Unit.one, with: b))
            }
            guard exponent == exponent.rounded(), abs(exponent) <= 24 else {
                throw Diagnostic(.runtime, "a quantity with a unit can only be raised to a small whole power", at: range)
            }
            return .quantity(a.computed(try finite(Foundation.pow(a.value, exponent), name, range), a.unit.power(Int(exponent)), with: b))
        case .and, .or:
            throw Diagnostic(.runtime, "'\(op.symbol)' needs true or false, found \(formatter.quantity(a)) and \(formatter.quantity(b))", at: range)
        }
    }

    /// A dimensionless result with a scale (t / 10^4 t) becomes a plain number.
    private func normalise(_ q: Quantity) -> Quantity {
        guard q.unit.isDimensionless, q.unit.scale != 1 || !q.unit.name.isEmpty else { return q }
        var out = q
        out.value = q.value * q.unit.scale
        out.unit = Unit.one
        return out
    }

    /// `x in unit`: the same dimension, another scale.
    func convert(_ v: Value, to target: Unit, _ range: SourceRange) throws(Diagnostic) -> Value {
        try map(v, range) { q throws(Diagnostic) in
            guard q.unit.sameDimension(target) else {
                throw Diagnostic(.runtime, "cannot convert \(formatter.quantity(q)) (\(q.unit.dimensionDescription)) to \(target.name) (\(target.dimensionDescription))", at: range)
            }
            if q.unit.name == target.name { return q }
            let value = try finite(q.value * q.unit.scale / target.scale, "conversion", range)
            var out = q.computed(value, target)
            out.unit = target
            return out
        }
    }
}
