/// Expressions as infix text that shows how an input was read: `-2^2` → `-(2^2)`,
/// `1 + 2 * 3` → `1 + (2 * 3)`. Every nested operation is parenthesised except the left
/// operand of a left-associative chain of one level (`1 + 2 + 3` stays as typed). With
/// `percentages` true, an `x%` added to or subtracted from something shows what it is,
/// `(x * 0.01)`, so that `1000 - 20%` echoes `1000 - (20 * 0.01)`: not 20% of 1000.
public enum InfixPrinter {
    public static func print(_ expr: Expr, percentages: Bool = false) -> String {
        Printer(percentages: percentages).print(expr)
    }

    private struct Printer {
        let percentages: Bool
        /// This operand of `+`/`−` shows its `%` as a product.
        var expanding = false

        static func isPercent(_ e: Expr) -> Bool {
            if case .percent = e { return true }
            return false
        }

        func print(_ expr: Expr) -> String {
            switch expr {
            case .number(_, let text, _): return text
            case .quantity(_, let text, let unit, _): return "\(text) \(unit.text)"
            case .string(let parts, _):
                return "\"" + parts.map { part -> String in
                    switch part {
                    case .text(let s): return s.replacingOccurrences(of: "{", with: "\\{").replacingOccurrences(of: "}", with: "\\}")
                    case .expr(let e): return "{\(print(e))}"
                    }
                }.joined() + "\""
            case .bool(let b, _): return b ? "true" : "false"
            case .na: return "NA"
            case .name(let n, _): return n
            case .unary(let op, let e, _, _): return op == .not ? "not \(wrap(e))" : op.symbol + wrap(e)
            case .binary(let op, let l, let r, _, _):
                // Each operand is printed once (printing one twice is exponential in the depth).
                let expandsPercent = percentages && (op == .add || op == .subtract)
                let left: String
                if expandsPercent, Printer.isPercent(l) {
                    left = Printer(percentages: true, expanding: true).wrap(l)
                } else if case .binary(let inner, _, _, _, _) = l, op != .power, Printer.level(inner) == Printer.level(op), !op.isComparison {
                    // The left operand of a chain of one left-associative level needs no parentheses.
                    left = print(l)
                } else {
                    left = wrap(l)
                }
                let right = expandsPercent ? Printer(percentages: true, expanding: true).wrap(r) : wrap(r)
                return op == .power ? "\(left)^\(right)" : "\(left) \(op.symbol) \(right)"
            case .percent(let e, _): return expanding ? "(\(wrap(e)) * 0.01)" : wrap(e) + "%"
            case .range(let a, let b, _): return "\(wrap(a))..\(wrap(b))"
            case .member(let e, let name, _, _): return "\(wrap(e)).\(name)"
            case .index(let e, let i, _): return "\(wrap(e))[\(print(i))]"
            case .call(let f, let args, _): return "\(wrap(f))(\(args.map(print).joined(separator: ", ")))"
            case .conditional(let c, let a, let b, _): return "if \(print(c)) then \(print(a)) else \(print(b))"
            case .convert(let e, let unit, _): return "\(wrap(e)) in \(unit.text)"
            case .shock(let stage, let size, let years, let mode, _):
                return "shock \(print(stage)) by \(print(size)) in \(print(years))\(mode.map { " " + $0.rawValue } ?? "")"
            case .vectorShock(let size, let years, let mode, _):
                return "shock \(print(size)) in \(print(years))\(mode.map { " " + $0.rawValue } ?? "")"
            case .record(let fields, _):
                return "{" + fields.map { "\(print($0.key)): \(print($0.value))" }.joined(separator: ", ") + "}"
            }
        }

        func wrap(_ e: Expr) -> String {
            switch e {
            case .binary, .unary, .conditional, .convert, .range, .shock, .vectorShock:
                return "(\(Printer(percentages: percentages).print(e)))"
            case .percent(let inner, _):
                if expanding { return print(e) }
                if case .number = inner { return print(e) }
                return "(\(print(e)))"
            default: return print(e)
            }
        }

        /// The grammar's precedence level of a binary operator (higher binds tighter).
        static func level(_ op: BinaryOperator) -> Int {
            switch op {
            case .or: return 1
            case .and: return 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 3
            case .add, .subtract: return 4
            case .multiply, .divide: return 5
            case .power: return 6
            }
        }
    }
}
