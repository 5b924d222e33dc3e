/// The chain itself as values: its years (and, below, its other parts), each also readable
/// from a loaded chain (`li.years`).
extension Builtins {
    static let chain: [Builtin] = [
        Builtin("years", .chain, .value, arity: 0...0, usage: "years, or li.years for a loaded chain li",
                help: "years — the chain's years as a range (2015..2022 for vanadium): for y in years { … }; li.years for a loaded chain li.") { call throws(Diagnostic) in
            .range(call.chain.chain.years.lowerBound, call.chain.chain.years.upperBound)
        },
        Builtin("stages", .chain, .value, arity: 0...0, usage: "stages, or li.stages for a loaded chain li",
                help: "stages — the chain's stages in chain order, as a list: for s in stages { … }, count(stages), stages[1]; li.stages for a loaded chain li.") { call throws(Diagnostic) in
            .list(call.chain.chain.stages.map(Value.stage))
        },
    ]
}
