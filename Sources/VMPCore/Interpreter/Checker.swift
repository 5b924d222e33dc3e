/// `vmp check`: parses a script and resolves its names without running it, reporting every
/// problem found, each with its position: syntax errors, unknown names (with the same
/// ``NameResolver`` as the evaluator), unknown quantities of a stage, unknown units, calls of
/// built-ins and user functions with the wrong number of arguments, and calls of things that
/// are not functions.
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
            var walker = Walker(chain: chain, otherChains: otherChains)
            walker.scopes = [names]
            walker.statements(statements)
            return walker.diagnostics
        }
    }

    struct Walker {
        let chain: Chain
        /// Chains known before the script runs, then those introduced by `load … as NAME`
        /// (whose contents are not known before running).
        var otherChains: [String]
        var scopes: [[String]] = []
        /// The number of parameters of each user function defined so far.
        var functions: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []

        init(chain: Chain, otherChains: [String]) {
            self.chain = chain
            self.otherChains = otherChains
        }

        var resolver: NameResolver { NameResolver(chain: chain, otherChains: otherChains, bound: scopes) }

        mutating func bind(_ name: String) { scopes[scopes.count - 1].append(name) }

        mutating func statements(_ list: [Statement]) {
            for s in list { statement(s) }
        }

        mutating func statement(_ s: Statement) {
            switch s {
            case .expression(let e), .print(let e, _), .source(let e, _), .explain(let e, _):
                expr(e)
            case .let(let name, let e, _, _):
                expr(e)
                functions[name] = nil
                bind(name)
            case .function(let name, let params, let body, _, _):
                bind(name)
                functions[name] = params.count
                scopes.append(params)
                expr(body)
                scopes.removeLast()
            case .for(let variable, let over, let body, _):
                expr(over)
                scopes.append([variable])
                statements(body)
                scopes.removeLast()
            case .load(let path, let name, _, _):
                expr(path)
                otherChains.append(name)
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
                switch resolver.resolve(name) {
                case .unit, nil: diagnostics.append(resolver.unknown(name, at: range))
                default: break
                }
            case .unary(_, let a, _, _), .percent(let a, _):
                expr(a)
            case .binary(_, let a, let b, _, _), .range(let a, let b, _), .index(let a, let b, _):
                expr(a)
                expr(b)
            case .member(let base, let name, let nameRange, _):
                expr(base)
                if case .name(let id, _) = base, case .stage = resolver.resolve(id),
                   !chain.quantityNames.contains(name), StageField(rawValue: name) == nil {
                    diagnostics.append(Diagnostic(.runtime, "stage \(id) has no quantity '\(name)'", at: nameRange,
                                                  hint: Suggest.didYouMean(name, among: chain.quantityNames)))
                }
            case .call(let f, let args, let range):
                expr(f)
                for a in args { expr(a) }
                call(f, arguments: args.count, range)
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

        /// A call's callee: a literal that is not a function, or a known function given the
        /// wrong number of arguments.
        mutating func call(_ callee: Expr, arguments count: Int, _ range: SourceRange) {
            switch callee {
            case .number, .quantity, .string, .bool, .na, .percent, .range:
                diagnostics.append(Diagnostic(.runtime, "\(Checker.literalKind(callee)) cannot be called", at: callee.range))
            case .name(let name, _):
                if let params = functions[name], params != count, scopes.count == 1 || !scopes.dropFirst().contains(where: { $0.contains(name) }) {
                    diagnostics.append(Diagnostic(.runtime, "\(name) takes \(params) argument\(params == 1 ? "" : "s"), given \(count)", at: range))
                } else if case .builtin(let builtin) = resolver.resolve(name), !builtin.arity.contains(count), builtin.form != .option {
                    let arity = builtin.arity
                    let text = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
                    diagnostics.append(Diagnostic(.runtime, "\(name) takes \(text) argument\(arity.upperBound == 1 ? "" : "s"), given \(count)",
                                                  at: range, hint: "usage: \(builtin.usage)"))
                }
            default:
                break
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

    /// How the evaluator names a literal's value in "… cannot be called".
    static func literalKind(_ e: Expr) -> String {
        switch e {
        case .number, .percent: return "a number"
        case .quantity: return "a quantity"
        case .string: return "a string"
        case .bool: return "a boolean"
        case .na: return "NA"
        default: return "a range"
        }
    }
}
