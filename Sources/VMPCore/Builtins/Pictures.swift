/// Pictures as values: `sparkline(x)`, a series or vector as a short text of block
/// characters, usable in strings (`print "S2→S3 {sparkline(link(S2, S3))}"`). Plots
/// themselves are the `plot` statement (`Interpreter/Evaluator+Plot.swift`).
extension Builtins {
    static let pictures: [Builtin] = [
        Builtin("sparkline", .pictures, arity: 1...1, usage: "sparkline(link(S2, S3)), sparkline(cost[2018])",
                help: "sparkline(x) — the series or vector x as text, one block per entry from ▁ (smallest) to █ (largest), a space for NA: print \"S2→S3 {sparkline(link(S2, S3))}\" prints S2→S3 ▁▂▃▄▆███. Entries in different units of one dimension are converted first. NA if every entry is NA; an error for anything but a series or vector.") { call throws(Diagnostic) in
            try PlotValues.sparkline(call[0].value, call[0].range)
        },
    ]
}
