/// The abstract syntax tree: what the ``Parser`` builds and the ``Evaluator`` walks.
///
/// Every node carries the ``SourceRange`` of its text; binary and postfix nodes also carry
/// the range of their operator, so errors point at the `+` or the `[`.
public indirect enum Expr: Sendable {
    case number(Double, text: String, SourceRange)
    /// A number followed by its unit: `50 t/day`.
    case quantity(Double, text: String, UnitExpr, SourceRange)
    case string([StringPart], SourceRange)
    case bool(Bool, SourceRange)
    case na(SourceRange)
    case name(String, SourceRange)
    case unary(op: UnaryOperator, Expr, opRange: SourceRange, SourceRange)
    case binary(op: BinaryOperator, Expr, Expr, opRange: SourceRange, SourceRange)
    /// `x%`: the dimensionless 0.01 times x.
    case percent(Expr, SourceRange)
    case range(Expr, Expr, SourceRange)
    case member(Expr, String, nameRange: SourceRange, SourceRange)
    case index(Expr, Expr, SourceRange)
    case call(Expr, [Expr], SourceRange)
    case conditional(Expr, Expr, Expr, SourceRange)
    /// `x in 10^4 t`
    case convert(Expr, UnitExpr, SourceRange)
    /// `shock S2 by +10% in 2020 push`: a change of one stage's unit-time output, propagated
    /// through the chain. `mode` is `push` (Ghosh), `pull` (Leontief) or `nil` (the default, push).
    case shock(stage: Expr, size: Expr, years: Expr, mode: ShockMode?, SourceRange)
    /// `shock {agri: +600 USD, manu: +1500 USD} in 2009 pull` or `shock df in 2009 pull`: a
    /// change of several stages at once (a final-demand change Δf for `pull`, a primary-input
    /// change for `push`); `size` is a ``record(_:_:)`` or any expression giving a vector by stage.
    case vectorShock(size: Expr, years: Expr, mode: ShockMode?, SourceRange)
    /// `{agri: +600 USD, manu: +1500 USD}`: a value per stage (the size of a vector shock).
    case record([RecordField], SourceRange)

    public var range: SourceRange {
        switch self {
        case .number(_, _, let r), .quantity(_, _, _, let r), .string(_, let r), .bool(_, let r), .na(let r),
             .name(_, let r), .unary(_, _, _, let r), .binary(_, _, _, _, let r), .percent(_, let r),
             .range(_, _, let r), .member(_, _, _, let r), .index(_, _, let r), .call(_, _, let r),
             .conditional(_, _, _, let r), .convert(_, _, let r), .shock(_, _, _, _, let r),
             .vectorShock(_, _, _, let r), .record(_, let r):
            return r
        }
    }
}

/// One entry of a record `{agri: +600 USD}`: the stage (any expression naming one: `agri`,
/// `m.agri`) and its value.
public struct RecordField: Sendable {
    public var key: Expr
    public var value: Expr

    public init(key: Expr, value: Expr) {
        self.key = key
        self.value = value
    }
}

/// A binary operator, as the grammar spells it (`rawValue`).
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and, or

    /// The operator as written: `+`, `<=`, `and`.
    public var symbol: String { rawValue }

    /// The operation's name in messages ("addition overflows"), for the arithmetic operators.
    public var operationName: String? {
        switch self {
        case .add: return "addition"
        case .subtract: return "subtraction"
        case .multiply: return "multiplication"
        case .divide: return "division"
        case .power: return "power"
        default: return nil
        }
    }

    /// `==`, `!=`, `<`, `<=`, `>`, `>=`.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }

    /// `and`, `or` (short-circuit).
    public var isLogical: Bool { self == .and || self == .or }

    /// The operators that need operands of one dimension: `+ -` and the comparisons.
    public var needsSameDimension: Bool { self == .add || self == .subtract || isComparison }
}

/// A prefix operator: `-x`, `+x`, `not x`.
public enum UnaryOperator: String, Sendable, CaseIterable {
    case negate = "-", plus = "+", not

    /// The operator as written.
    public var symbol: String { rawValue }
}

/// A piece of a string literal: text, or an interpolated expression `{expr}`.
public enum StringPart: Sendable {
    case text(String)
    case expr(Expr)
}

/// A unit as written: a product of words over an optional denominator, e.g. `10^4 t/day`,
/// `million RMB/t`, `t CO2`. Resolved against the unit registry by the evaluator.
public struct UnitExpr: Sendable, Hashable {
    /// Each factor: a word (`t`, `million`, `10^4`) and its exponent (+1 numerator, −1 denominator,
    /// or an explicit power `day^2`).
    public var factors: [(word: String, power: Int)]
    public var range: SourceRange

    public static func == (a: UnitExpr, b: UnitExpr) -> Bool {
        a.range == b.range && a.factors.map(\.word) == b.factors.map(\.word) && a.factors.map(\.power) == b.factors.map(\.power)
    }
    public func hash(into h: inout Hasher) { h.combine(range); for f in factors { h.combine(f.word); h.combine(f.power) } }

    /// The unit as the user wrote it, normalised: `10^4 t/day`.
    public var text: String {
        let num = factors.filter { $0.power > 0 }.map { $0.power == 1 ? $0.word : "\($0.word)^\($0.power)" }
        let den = factors.filter { $0.power < 0 }.map { $0.power == -1 ? $0.word : "\($0.word)^\(-$0.power)" }
        var s = num.isEmpty ? "1" : num.joined(separator: " ")
        for d in den { s += "/" + d }
        return s
    }
}

/// A statement: a line of a script or one REPL input.
public indirect enum Statement: Sendable {
    case expression(Expr)
    case `let`(String, Expr, nameRange: SourceRange, SourceRange)
    case function(name: String, params: [String], body: Expr, nameRange: SourceRange, SourceRange)
    case `for`(variable: String, Expr, body: [Statement], SourceRange)
    case print(Expr, SourceRange)
    /// `:source EXPR` — the provenance of each published value in EXPR.
    case source(Expr, SourceRange)
    /// `:explain EXPR` — each step of the computation with its operands, units and sources.
    case explain(Expr, SourceRange)
    /// `:help [TOPIC]` — the help text of a topic (``Help/lookup(_:)``), or the overview.
    case help(topic: String?, SourceRange)
    /// `load "path/chain.toml" as li` — a chain from files, addressed as `li`.
    case load(path: Expr, name: String, nameRange: SourceRange, year: Expr? = nil, SourceRange)
    /// `aggregate mb2 (agri, manu) as econ` — a new chain `econ` with the listed stages of a chain
    /// (the session's when `source` is `nil`) merged into one (docs/model.md §10).
    case aggregate(AggregateRequest, SourceRange)
    /// `export EXPR to "file.csv" [overwrite]` — a value written to a file (format by extension).
    case export(Expr, path: Expr, overwrite: Bool, SourceRange)
    /// `plot EXPR [, EXPR…] [title T] [caption C] [to "fig.svg" [overwrite]]`, or
    /// `plot chain [CHAIN] [YEAR] …` — a picture in the terminal or an SVG file.
    case plot(PlotRequest, SourceRange)

    public var range: SourceRange {
        switch self {
        case .expression(let e): return e.range
        case .let(_, _, _, let r), .function(_, _, _, _, let r), .for(_, _, _, let r), .print(_, let r), .source(_, let r), .explain(_, let r),
             .help(_, let r), .load(_, _, _, _, let r), .aggregate(_, let r), .export(_, _, _, let r), .plot(_, let r):
            return r
        }
    }
}

/// What an `aggregate` statement asks for (see `aggregate_statement` in `Grammar/vmp.ebnf`).
public struct AggregateRequest: Sendable {
    /// The chain whose stages are merged (`mb2`), and where it is written; `nil`: the session's chain.
    public var source: String?
    public var sourceRange: SourceRange?
    /// The stage ids to merge, in the order written, and where each is written.
    public var stages: [String]
    public var stageRanges: [SourceRange]
    /// The new chain's name (after `as`), and where it is written.
    public var name: String
    public var nameRange: SourceRange
}

/// What a `plot` statement asks for (see `plot_statement` in `Grammar/vmp.ebnf`).
public struct PlotRequest: Sendable {
    /// The values to draw (`plot link(S2, S3), link(S3, S4)`); empty for `plot chain`.
    public var subjects: [Expr]
    /// `plot chain …`: the diagram of a chain. `chainArguments` are the optional chain and year.
    public var isChain: Bool
    public var chainArguments: [Expr]
    public var title: Expr?
    public var caption: Expr?
    /// `to "fig.svg"`: an SVG file instead of the terminal.
    public var path: Expr?
    public var overwrite: Bool

    public init(subjects: [Expr], isChain: Bool = false, chainArguments: [Expr] = [], title: Expr? = nil,
                caption: Expr? = nil, path: Expr? = nil, overwrite: Bool = false) {
        self.subjects = subjects
        self.isChain = isChain
        self.chainArguments = chainArguments
        self.title = title
        self.caption = caption
        self.path = path
        self.overwrite = overwrite
    }

    /// Every expression of the request, in source order (for walkers such as `vmp check`).
    public var expressions: [Expr] {
        subjects + chainArguments + [title, caption, path].compactMap { $0 }
    }
}
