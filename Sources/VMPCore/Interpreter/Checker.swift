import Foundation

/// `vmp check`: parses a script and resolves its names without running it, reporting every
/// problem found, in source order, each with its position: syntax errors (the parser recovers
/// at the next line and the rest is still checked), unknown names (with the same
/// ``NameResolver`` as the evaluator), unknown quantities of a stage, unknown units, calls of
/// built-ins and user functions with the wrong number of arguments, and `load` paths that do
/// not exist.
public enum Checker {
    /// All diagnostics of `source` against `chain` (empty if the script is sound as far as
    /// can be told without running it).
    /// - Parameters:
    ///   - otherChains: names of further chains the script may use (`vanadium` beside a `--chain`).
    ///   - names: names bound before the script runs (`ans`, and `args` for a script's arguments).
    ///   - baseDirectory: where relative `load` paths are read from (the script's directory);
    ///     `nil`: the current directory.
    public static func check(_ source: String, chain: Chain, otherChains: [String] = [],
                             names: [String] = ["ans", "args"], baseDirectory: String? = nil) -> [Diagnostic] {
        Session.onLargeStack {
            var declared = Set(chain.newUnits)
            var (statements, syntax, bound) = Parser.parseRecovering(source, declaredUnits: declared)
            // Unit words of chains the script loads itself (`load "uk/" as uk; 5 GBP`).
            let loaded = ChainFiles.declaredUnits(loadedBy: statements, base: baseDirectory)
            if !loaded.isSubset(of: declared) {
                declared.formUnion(loaded)
                (statements, syntax, bound) = Parser.parseRecovering(source, declaredUnits: declared)
            }
            // A lexical error stops the parse: nothing after it is reliable.
            if syntax.contains(where: { $0.kind == .lexical }) { return syntax }
            var walker = Walker(chain: chain, otherChains: otherChains)
            walker.baseDirectory = baseDirectory
            walker.scopes = [names + bound]
            walker.statements(statements)
            return (syntax + walker.diagnostics).sorted { ($0.range?.start ?? 0) < ($1.range?.start ?? 0) }
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
        var baseDirectory: String?

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
            case .help:
                break
            case .load(let path, let name, _, let year, _):
                expr(path)
                if let year { expr(year) }
                otherChains.append(name)
                if case .string(let parts, let range) = path, parts.count == 1, case .text(let file) = parts[0] {
                    checkExists(file, range)
                }
            case .aggregate(let request, _):
                if let source = request.source, source != chain.name, !otherChains.contains(source) {
                    diagnostics.append(Diagnostic(.runtime, "unknown chain '\(source)'", at: request.sourceRange,
                                                  hint: Suggest.didYouMean(source, among: [chain.name] + otherChains)))
                } else if request.source == nil || request.source == chain.name {
                    // The session's own chain is known: its stages can be checked.
                    for (id, range) in zip(request.stages, request.stageRanges) where chain.stage(id) == nil {
                        diagnostics.append(Diagnostic(.runtime, "chain \(chain.name) has no stage '\(id)'", at: range,
                                                      hint: Suggest.didYouMean(id, among: chain.stages.map(\.id))))
                    }
                }
                otherChains.append(request.name)
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
            case .vectorShock(let size, let years, _, _):
                expr(size)
                expr(years)
            case .record(let fields, _):
                for f in fields {
                    expr(f.key)
                    expr(f.value)
                }
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
            do throws(Diagnostic) {
                _ = try Operations.resolveUnit(u)
            } catch {
                diagnostics.append(error)
            }
        }

        /// A chain manifest that `load` would read: the file, or a directory with `chain.toml`.
        mutating func checkExists(_ file: String, _ range: SourceRange) {
            let path = file.hasPrefix("/") || baseDirectory == nil ? file : (baseDirectory ?? ".") + "/" + file
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if exists && !isDirectory.boolValue { return }
            if exists, FileManager.default.fileExists(atPath: path + "/" + Chain.manifestFileName) { return }
            let why = exists ? "the directory has no \(Chain.manifestFileName)" : "no such file or directory"
            diagnostics.append(Diagnostic(.runtime, "cannot load \"\(file)\": \(why)", at: range))
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
