/// `vmp check`: parses a script and resolves its names without running it, reporting every
/// problem found (syntax errors, unknown names, unknown quantities of a stage, unknown units),
/// each with its position.
public enum Checker {
    /// All diagnostics of `source` against `chain` (empty if the script is sound as far as
    /// can be told without running it).
    /// - Parameters:
    ///   - otherChains: names of further chains the script may use (`vanadium` beside a `--chain`).
    ///   - names: names bound before the script runs (`ans`, and `args` for a script's arguments).
    public static func check(_ source: String, chain: Chain, otherChains: [String] = [],
                             names: [String] = ["ans", "args"]) -> [Diagnostic] {
        Session.onLargeStack {
            let (statements, diagnostics) = Parser.parse(source)
            if !diagnostics.isEmpty { return diagnostics }
            var walker = Walker(chain: chain)
            walker.loaded = Set(otherChains)
            walker.scopes = [Set(names)]
            walker.statements(statements)
            return walker.diagnostics
        }
    }

    struct Walker {
        let chain: Chain
        var scopes: [Set<String>] = []
        var diagnostics: [Diagnostic] = []
        /// Chains introduced by `load … as NAME`: their contents are not known before running.
        var loaded: Set<String> = []

        init(chain: Chain) { self.chain = chain }

        func known(_ name: String) -> Bool {
            scopes.contains { $0.contains(name) } || chain.stage(name) != nil || chain.quantityNames.contains(name)
                || Evaluator.builtinNames.contains(name) || name == chain.name || loaded.contains(name)
        }

        mutating func statements(_ list: [Statement]) {
            for s in list { statement(s) }
        }

        mutating func statement(_ s: Statement) {
            switch s {
            case .expression(let e), .print(let e, _), .source(let e, _), .explain(let e, _):
                expr(e)
            case .let(let name, let e, _, _):
                expr(e)
                scopes[scopes.count - 1].insert(name)
            case .function(let name, let params, let body, _, _):
                scopes[scopes.count - 1].insert(name)
                scopes.append(Set(params))
                expr(body)
                scopes.removeLast()
            case .for(let variable, let over, let body, _):
                expr(over)
                scopes.append([variable])
                statements(body)
                scopes.removeLast()
            case .load(let path, let name, _, _):
                expr(path)
                loaded.insert(name)
                scopes[scopes.count - 1].insert(name)
            case .export(let e, let path, _, _):
                expr(e)
                expr(path)
            case .plot(let request, _):
                for e in request.expressions { expr(e) }
            }
        }

        mutating func expr(_ e: Expr) {
            switch e {
            case .number, .bool, .na:
                break
            case .quantity(_, _, let unit, _):
                self.unit(unit)
            case .string(let parts, _):
                for case .expr(let inner) in parts { expr(inner) }
            case .name(let name, let range):
                if !known(name) {
                    let candidates = scopes.reversed().flatMap { $0.sorted() } + chain.stages.map(\.id) + chain.quantityNames
                        + Evaluator.builtinNames.sorted() + loaded.sorted()
                    diagnostics.append(Diagnostic(.runtime, "unknown name '\(name)'", at: range,
                                                  hint: Suggest.name(name, stages: chain.stages.map(\.id), among: candidates)))
                }
            case .unary(_, let a, _, _), .percent(let a, _):
                expr(a)
            case .binary(_, let a, let b, _, _), .range(let a, let b, _), .index(let a, let b, _):
                expr(a)
                expr(b)
            case .member(let base, let name, let nameRange, _):
                expr(base)
                if case .name(let id, _) = base, chain.stage(id) != nil, !scopes.contains(where: { $0.contains(id) }),
                   !chain.quantityNames.contains(name), !["name", "description", "id"].contains(name) {
                    diagnostics.append(Diagnostic(.runtime, "stage \(id) has no quantity '\(name)'", at: nameRange,
                                                  hint: Suggest.didYouMean(name, among: chain.quantityNames)))
                }
            case .call(let f, let args, _):
                expr(f)
                for a in args { expr(a) }
            case .conditional(let c, let a, let b, _):
                expr(c)
                expr(a)
                expr(b)
            case .convert(let a, let unit, _):
                expr(a)
                self.unit(unit)
            case .shock(let stage, let size, let years, _, _):
                expr(stage)
                expr(size)
                expr(years)
            }
        }

        mutating func unit(_ u: UnitExpr) {
            do {
                _ = try UnitRegistry.resolve(u)
            } catch {
                if case .unknownWord(let w) = error {
                    diagnostics.append(Diagnostic(.runtime, "unknown unit '\(w)'", at: u.range, hint: "units: \(UnitRegistry.wordsList)"))
                }
            }
        }
    }
}
