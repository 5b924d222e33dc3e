/// Renders the AST as S-expressions, so parser tests compare short strings:
/// `1 + 2 * 3` → `(+ 1 (* 2 3))`, `-2^2` → `(- (^ 2 2))`.
public enum ASTPrinter {
    public static func print(_ statement: Statement) -> String {
        switch statement {
        case .expression(let e): return print(e)
        case .let(let name, let e, _, _): return "(let \(name) \(print(e)))"
        case .function(let name, let params, let body, _, _):
            return "(fn \(name) (\(params.joined(separator: " "))) \(print(body)))"
        case .for(let v, let over, let body, _):
            return "(for \(v) \(print(over)) \(body.map(print).joined(separator: " ")))"
        case .print(let e, _): return "(print \(print(e)))"
        case .source(let e, _): return "(:source \(print(e)))"
        case .explain(let e, _): return "(:explain \(print(e)))"
        case .help(let topic, _): return topic.map { "(:help \($0))" } ?? "(:help)"
        case .load(let path, let name, _, let year, _): return "(load \(print(path)) \(name)\(year.map { " (year \(print($0)))" } ?? ""))"
        case .aggregate(let r, _): return "(aggregate \(r.source.map { $0 + " " } ?? "")(\(r.stages.joined(separator: " "))) \(r.name))"
        case .export(let e, let path, let overwrite, _): return "(export \(print(e)) \(print(path))\(overwrite ? " overwrite" : ""))"
        case .plot(let r, _):
            var parts = r.isChain ? ["chain"] + r.chainArguments.map(print) : r.subjects.map(print)
            if let t = r.title { parts.append("title " + print(t)) }
            if let c = r.caption { parts.append("caption " + print(c)) }
            if let p = r.path { parts.append("to " + print(p) + (r.overwrite ? " overwrite" : "")) }
            return "(plot \(parts.joined(separator: " ")))"
        }
    }

    public static func print(_ expr: Expr) -> String {
        switch expr {
        case .number(_, let text, _): return text
        case .quantity(_, let text, let unit, _): return "(\(text) \(unit.text))"
        case .string(let parts, _):
            return "\"" + parts.map { part -> String in
                switch part {
                case .text(let s): return s
                case .expr(let e): return "{\(print(e))}"
                }
            }.joined() + "\""
        case .bool(let b, _): return b ? "true" : "false"
        case .na: return "NA"
        case .name(let n, _): return n
        case .unary(let op, let e, _, _): return "(\(op.symbol) \(print(e)))"
        case .binary(let op, let l, let r, _, _): return "(\(op.symbol) \(print(l)) \(print(r)))"
        case .percent(let e, _): return "(% \(print(e)))"
        case .range(let a, let b, _): return "(.. \(print(a)) \(print(b)))"
        case .member(let e, let name, _, _): return "(. \(print(e)) \(name))"
        case .index(let e, let i, _): return "([] \(print(e)) \(print(i)))"
        case .call(let f, let args, _): return "(call \(print(f))\(args.map { " " + print($0) }.joined()))"
        case .conditional(let c, let a, let b, _): return "(if \(print(c)) \(print(a)) \(print(b)))"
        case .convert(let e, let unit, _): return "(in \(print(e)) \(unit.text))"
        case .shock(let stage, let size, let years, let mode, _):
            return "(shock \(print(stage)) \(print(size)) \(print(years))\(mode.map { " " + $0.rawValue } ?? ""))"
        case .vectorShock(let size, let years, let mode, _):
            return "(shock \(print(size)) \(print(years))\(mode.map { " " + $0.rawValue } ?? ""))"
        case .record(let fields, _):
            return "(record\(fields.map { " (\(print($0.key)) \(print($0.value)))" }.joined()))"
        }
    }
}
