/// What a name stands for, resolved in one order for the evaluator, `vmp check` and completion:
/// the innermost binding first (a loop variable, a parameter, a session binding), then the
/// chain's stages (`S3`), its quantities (`cost`), the built-ins (`link`, `A`, `audit`), the
/// loaded chains (`vanadium`, `li`); a unit word (`t`) is known but is not a value.
public enum NameKind: Sendable {
    /// Bound by `let`, `fn`, `for`, a parameter, `load … as`, or the session (`ans`, `args`).
    case binding
    case stage(Stage)
    /// A quantity of the chain: its years × stages table (or vector of undated values).
    case quantity
    case builtin(Builtin)
    /// A chain of the session (its own or a loaded one), by name.
    case chain
    /// A unit word: written after a number (`1 t`), never alone.
    case unit
}

/// Resolves names against the bindings in scope and a chain (``NameKind``).
public struct NameResolver {
    /// The chain whose stages and quantities names resolve to.
    public let chain: Chain
    /// The names of the session's chains besides `chain` (loaded ones, `vanadium` under `--chain`).
    public let otherChains: [String]
    /// The bound names, innermost scope last (names only: the checker knows no values).
    public let bound: [[String]]

    public init(chain: Chain, otherChains: [String] = [], bound: [[String]] = []) {
        self.chain = chain
        self.otherChains = otherChains
        self.bound = bound
    }

    /// What `name` stands for, or `nil` if nothing by that name is known.
    public func resolve(_ name: String) -> NameKind? {
        if bound.contains(where: { $0.contains(name) }) { return .binding }
        if let stage = chain.stage(name) { return .stage(stage) }
        if chain.quantityNames.contains(name) { return .quantity }
        if let builtin = Builtins.named(name) { return .builtin(builtin) }
        if name == chain.name || otherChains.contains(name) { return .chain }
        if UnitRegistry.isWord(name) { return .unit }
        return nil
    }

    /// Every name that resolves to a value, the user's own first (so they win ties in
    /// "did you mean"): bindings innermost first, stages, quantities, built-ins, chains.
    public var candidates: [String] {
        bound.reversed().flatMap { $0.sorted() } + chain.stages.map(\.id) + chain.quantityNames + Builtins.names
            + [chain.name] + otherChains.sorted()
    }

    /// The diagnostic for a name that does not resolve, or resolves to a unit, at `range`.
    public func unknown(_ name: String, at range: SourceRange) -> Diagnostic {
        if UnitRegistry.isWord(name) {
            return Diagnostic(.runtime, "'\(name)' is a unit, not a value", at: range, hint: "write a number before it: 1 \(name)")
        }
        return Diagnostic(.runtime, "unknown name '\(name)'", at: range,
                          hint: Suggest.name(name, stages: chain.stages.map(\.id), among: candidates))
    }

    /// Whether `name` may be bound by `let`, `fn` or `load … as`: not a stage and not a built-in.
    /// - Returns: the diagnostic that refuses it, or `nil`.
    public func refusesBinding(_ name: String, at range: SourceRange) -> Diagnostic? {
        if chain.stage(name) != nil {
            return Diagnostic(.runtime, "'\(name)' is a stage of the chain and cannot be rebound", at: range)
        }
        if Builtins.named(name) != nil {
            return Diagnostic(.runtime, "'\(name)' is a built-in function and cannot be rebound", at: range)
        }
        return nil
    }
}
