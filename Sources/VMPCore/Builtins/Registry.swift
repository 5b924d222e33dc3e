/// One built-in: its name, how it is used, its arity, usage and help text, and its
/// implementation. Every built-in is registered in one family file of `Builtins/` and listed
/// in ``Builtins/all``; the evaluator, `vmp check`, completion, `:help` and the generated
/// `docs/reference.md` all read that one table.
public struct Builtin: Sendable {
    /// The family a built-in belongs to: one file of `Builtins/` each.
    public enum Family: String, Sendable, CaseIterable {
        case linkages, matrices, shocks, aggregates, numbers, chain, balance, audit, pictures, multipliers
    }

    /// How a built-in is written.
    public enum Form: Sendable, Equatable {
        /// Called with arguments: `link(S2, S3)`.
        case function
        /// A stage × stage matrix of a year, indexed or called: `A[2020]`, `A(2020)`.
        case matrix
        /// A value when named, a function when called: `audit`, `audit(5%)`, `stages`.
        case value
        /// An option word of other built-ins: `total`, `direct`.
        case option
    }

    public let name: String
    public let family: Family
    public let form: Form
    /// How many arguments a call takes (checked before the implementation runs).
    public let arity: ClosedRange<Int>
    /// How to call it, for hints: `link(S2, S3), link(S2, S4, total), or link() for Table S1`.
    public let usage: String
    /// The help text shown by `:help NAME` and in `docs/reference.md`.
    public let help: String
    let run: @Sendable (BuiltinCall) throws(Diagnostic) -> Value

    init(_ name: String, _ family: Family, _ form: Form = .function, arity: ClosedRange<Int>, usage: String, help: String,
         run: @escaping @Sendable (BuiltinCall) throws(Diagnostic) -> Value) {
        self.name = name
        self.family = family
        self.form = form
        self.arity = arity
        self.usage = usage
        self.help = help
        self.run = run
    }

    /// Whether completion adds `(` after the name: not for matrices, values and options.
    public var completesWithParenthesis: Bool { form == .function }

    /// Runs the built-in on evaluated arguments after checking their number.
    /// - Throws: a ``Diagnostic`` at `call.range` for a wrong number of arguments, or the
    ///   implementation's own diagnostics.
    func callAsFunction(_ call: BuiltinCall) throws(Diagnostic) -> Value {
        guard arity.contains(call.args.count) else {
            let count = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
            throw Diagnostic(.runtime, "\(name) takes \(count) argument\(arity.upperBound == 1 ? "" : "s"), given \(call.args.count)",
                             at: call.range, hint: "usage: \(usage)")
        }
        return try run(call)
    }
}

/// An evaluated argument and where it was written.
struct Argument {
    let value: Value
    let range: SourceRange
}

/// What a built-in's implementation receives: its arguments, the call's range, and the chain
/// it works on (the bound chain of `li.link`, else the chain of its first stage argument,
/// else the session's), with that chain's published values, model and formatter.
struct BuiltinCall {
    let name: String
    let args: [Argument]
    let range: SourceRange
    let chain: ChainContext

    var ops: Operations { chain.ops }
    var formatter: Formatter { chain.formatter }

    subscript(_ i: Int) -> Argument { args[i] }
}

/// The registry: every built-in, by family, and lookup by name.
public enum Builtins {
    /// Every built-in, in family order.
    public static let all: [Builtin] = linkages + matrices + shocks + aggregates + ranking + numbers + chain + balance + audit + pictures + multipliers

    private static let byName: [String: Builtin] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The built-in called `name`, if there is one.
    public static func named(_ name: String) -> Builtin? { byName[name] }

    /// Every built-in's name, sorted.
    public static var names: [String] { all.map(\.name).sorted() }
}
