/// `:explain EXPR` — how a value was computed: each operation with its actual operands and
/// units, and the source of every published input.
///
/// ```
/// S2.cost[2018] / S2.cost[2017]
///   = 25.109 million RMB (§4.2) / 6.118 million RMB (§4.2)
///   = 4.10412
/// ```
extension Evaluator {
    func explain(_ expr: Expr) throws(Diagnostic) -> String {
        if let model = try explainModel(expr) { return model }   // Explain+Model.swift
        var steps: [(step: String, result: String)] = []
        let (text, value) = try explainNode(expr, &steps)
        var lines = [InfixPrinter.print(expr)]
        if steps.isEmpty {
            lines.append("  = " + text)
        } else if steps.count == 1, let only = steps.first {
            lines.append("  = " + only.step)
            lines.append("  = " + formatter.inline(value))
        } else {
            for (i, s) in steps.enumerated() { lines.append("  step \(i + 1): \(s.step) = \(s.result)") }
            lines.append("  = " + formatter.inline(value))
        }
        for origin in value.origins where origin.published.provenance.note != nil {
            lines.append("  note on \(origin.label): \(origin.published.provenance.note ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    /// A leaf as shown in a step: a published value with its source, anything else as displayed.
    private func leafText(_ value: Value) -> String {
        if case .quantity(let q) = value, q.printed != nil, q.origins.count == 1, let o = q.origins.first {
            return "\(formatter.quantity(q)) (\(o.published.provenance.source))"
        }
        return formatter.inline(value)
    }

    private func explainNode(_ expr: Expr, _ steps: inout [(step: String, result: String)]) throws(Diagnostic) -> (String, Value) {
        switch expr {
        case .binary(let op, let l, let r, let opRange, _) where !op.isLogical:
            let (lt, lv) = try explainNode(l, &steps)
            let (rt, rv) = try explainNode(r, &steps)
            let result = try ops.binary(op, lv, rv, opRange)
            record("\(lt) \(op.symbol) \(rt)", result, &steps)
            return (formatter.inline(result), result)
        case .unary(let op, let e, let opRange, _) where op == .negate:
            let (t, v) = try explainNode(e, &steps)
            let result = try ops.unary(op, v, opRange)
            record("-\(t)", result, &steps)
            return (formatter.inline(result), result)
        case .percent(let e, let range):
            let (t, v) = try explainNode(e, &steps)
            // From the operand's value (as `evaluate` computes `%`): evaluating `expr` again would
            // evaluate the operand once more at every level of `x%%%…` (quadratic).
            let result = try ops.percent(v, range)
            record("\(t) × 1%", result, &steps)
            return (formatter.inline(result), result)
        case .convert(let e, let unit, _):
            let (t, v) = try explainNode(e, &steps)
            let result = try ops.convert(v, to: try resolveUnit(unit), unit.range)
            record("\(t) in \(unit.text)", result, &steps)
            return (formatter.inline(result), result)
        case .call(.name(let n, _), let argExprs, let range):
            guard case .function(let fn)? = scopes.reversed().lazy.compactMap({ $0[n] }).first else { fallthrough }
            // A user function inside an expression: the steps of its body, then its value.
            var args: [Value] = []
            for a in argExprs { args.append(try evaluate(a)) }
            var inner: [(step: String, result: String)] = []
            let (_, value) = try inScope(of: fn, args, range) { () throws(Diagnostic) -> (String, Value) in try explainNode(fn.body, &inner) }
            steps += inner.map { ("\(fn.name): \($0.step)", $0.result) }
            let bindings = zip(fn.params, args).map { "\($0) = \(ops.describe($1))" }.joined(separator: ", ")
            record("\(InfixPrinter.print(expr)) = \(InfixPrinter.print(fn.body))\(bindings.isEmpty ? "" : " with " + bindings)", value, &steps)
            return (formatter.inline(value), value)
        default:
            let value = try evaluate(expr)
            return (leafText(value), value)
        }
    }

    private func record(_ step: String, _ result: Value, _ steps: inout [(step: String, result: String)]) {
        steps.append((step, formatter.inline(result)))
    }
}

