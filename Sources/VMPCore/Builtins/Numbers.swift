import Foundation

/// Functions of numbers and text: `abs`, `round`, `sqrt`, `number` (text to number) and
/// `length`. Each keeps the unit where that makes sense and works on every present entry
/// of a series, vector or table.
extension Builtins {
    static let numbers: [Builtin] = [
        Builtin("abs", .numbers, arity: 1...1, usage: "abs(x)", help: "abs(x) — the absolute value, unit kept.") { call throws(Diagnostic) in
            try call.ops.map(call[0].value, call[0].range) { q throws(Diagnostic) in q.value < 0 ? q.computed(-q.value, q.unit, exact: q.isExactDecimal) : q }
        },
        Builtin("sqrt", .numbers, arity: 1...1, usage: "sqrt(x)", help: "sqrt(x) — the square root of a plain number.") { call throws(Diagnostic) in
            try call.ops.map(call[0].value, call[0].range) { q throws(Diagnostic) in
                guard q.unit.isDimensionless else { throw Diagnostic(.runtime, "sqrt needs a plain number, found \(call.formatter.quantity(q))", at: call[0].range) }
                guard q.value >= 0 else { throw Diagnostic(.runtime, "sqrt of a negative number", at: call[0].range) }
                return q.computed(Foundation.sqrt(q.value * q.unit.scale), Unit.one)
            }
        },
        Builtin("round", .numbers, arity: 1...2, usage: "round(x) or round(x, digits)",
                help: "round(x) or round(x, digits) — rounded half away from zero, unit kept.") { call throws(Diagnostic) in
            let digits = call.args.count == 2 ? try call.ops.integer(call[1].value, call[1].range, "the number of digits") : 0
            guard (-15...15).contains(digits) else { throw Diagnostic(.runtime, "round: digits must be between -15 and 15", at: call[1].range) }
            // Half away from zero on the decimal value, as numbers print (round(1.005, 2) is 1.01).
            return try call.ops.map(call[0].value, call[0].range) { q throws(Diagnostic) in
                guard let rounded = DecimalDigits(q.value)?.rounded(decimals: digits).double else {
                    throw Diagnostic(.runtime, "round: the result is out of range", at: call.range)
                }
                return q.computed(rounded, q.unit, exact: true)
            }
        },
        Builtin("number", .numbers, arity: 1...1, usage: "number(\"12.5\")",
                help: "number(s) — the number written in the string s (\"12.5\" → 12.5, \"-5\" → -5); an error if s is not a number.") { call throws(Diagnostic) in
            switch call[0].value {
            case .quantity: return call[0].value
            case .string(let text):
                var trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
                let negative = trimmed.hasPrefix("-")
                if negative || trimmed.hasPrefix("+") { trimmed = trimmed.dropFirst() }
                guard let tokens = try? Lexer.tokenize(String(trimmed)), tokens.count == 2, tokens[0].kind == .number, let v = tokens[0].number else {
                    throw Diagnostic(.runtime, "\"\(text)\" is not a number", at: call[0].range)
                }
                return .quantity(Quantity(negative ? -v : v, exact: true))
            default:
                throw Diagnostic(.runtime, "number needs a string, found \(call[0].value.typeName)", at: call[0].range)
            }
        },
        Builtin("length", .numbers, arity: 1...1, usage: "length(x)",
                help: "length(x) — the number of entries of a list, series or vector (NA entries included), or of characters of a string.") { call throws(Diagnostic) in
            switch call[0].value {
            case .list(let items): return .quantity(Quantity(Double(items.count)))
            case .string(let s): return .quantity(Quantity(Double(s.count)))
            case .keyed(let k): return .quantity(Quantity(Double(k.items.count)))
            default: throw Diagnostic(.runtime, "length needs a list, string, series or vector, found \(call[0].value.typeName)", at: call[0].range)
            }
        },
    ]
}
