/// A published value that a result was computed from: its label in the language
/// (`S3.cost[2019]`) and the value with its provenance.
public struct Origin: Hashable, Sendable {
    public var label: String
    public var published: PublishedValue

    /// `a` then the origins of `b` not in `a`, in order of first use. The cells of a model
    /// result share one list of the year's origins (thousands for a large chain): a list equal
    /// to `a` (the same storage is compared first, in O(1)) adds nothing, and long lists are
    /// merged through a set, never by a quadratic scan.
    static func union(_ a: [Origin], _ b: [Origin]) -> [Origin] {
        if b.isEmpty || a == b { return a }
        if a.isEmpty { return b }
        var out = a
        if a.count * b.count <= 256 {
            for o in b where !out.contains(o) { out.append(o) }
        } else {
            var seen = Set(a)
            for o in b where seen.insert(o).inserted { out.append(o) }
        }
        return out
    }
}

/// A number with a unit. Published values keep their printed text (`0.070`) until they are
/// computed with; every quantity keeps the published values it came from (``Origin``).
public struct Quantity: Sendable {
    /// The magnitude, in `unit`.
    public var value: Double
    public var unit: Unit
    /// The digits as the source printed them, while the value is unchanged from the source.
    public var printed: String?
    /// The published inputs of this value (empty for numbers the user typed).
    public var origins: [Origin]
    /// Whether `value` is exactly a decimal (typed, published, or a sum, difference, product or
    /// terminating quotient of such): it prints all its digits. Other results are cut for
    /// display (see ``Formatter``).
    public var exact: Bool

    public init(_ value: Double, _ unit: Unit = Unit.one, printed: String? = nil, origins: [Origin] = [], exact: Bool = false) {
        self.value = value
        self.unit = unit
        self.printed = printed
        self.origins = origins
        self.exact = exact
    }

    /// Exact as a decimal: typed, published, computed exactly, or a whole number below 2^53.
    var isExactDecimal: Bool {
        exact || printed != nil || (value == value.rounded(.towardZero) && value.magnitude < Decimal64.exactLimit)
    }

    /// The same quantity without its printed digits (it has been computed with).
    func computed(_ value: Double, _ unit: Unit, with other: Quantity? = nil, exact: Bool = false) -> Quantity {
        Quantity(value, unit, printed: nil, origins: Origin.union(self.origins, other?.origins ?? []), exact: exact)
    }
}

/// A sequence of values keyed by year (a series) or by stage / pair (a vector).
/// `nil` items are `NA`: not published.
public struct Keyed: Sendable {
    public enum KeyKind: String, Sendable {
        case year, stage, pair, column, round
        /// Rows of a stage × stage matrix: the supplying stage i (columns are the receiving j).
        case supplier = "i \\ j"
    }
    /// What the values are, e.g. `S3.cost`, `cost[2018]`.
    public var label: String
    public var keyKind: KeyKind
    public var keys: [String]
    public var items: [Quantity?]
    /// The unit of the values, kept when none is present (an empty or all-`NA` series still
    /// shows its unit in the heading): the first present item's unit when made.
    public var unit: Unit?

    public init(label: String, keyKind: KeyKind, keys: [String], items: [Quantity?]) {
        self.label = label
        self.keyKind = keyKind
        self.keys = keys
        self.items = items
        self.unit = items.lazy.compactMap { $0 }.first?.unit
    }

    var missing: [String] { zip(keys, items).filter { $1 == nil }.map(\.0) }
}

/// A table of rows × columns, e.g. years × stages for a quantity (`cost`), or years × pairs
/// for Table S1. Cells that were not published are `NA`.
public struct Table: Sendable {
    public var title: String
    public var rowKind: Keyed.KeyKind
    public var rowKeys: [String]
    public var columnKind: Keyed.KeyKind
    public var columnKeys: [String]
    /// Column headings as shown (defaults to the keys), e.g. `S1 drives S2`.
    public var columnTitles: [String]
    /// Row-major cells: `cells[row][column]`.
    public var cells: [[Quantity?]]
    /// Lines printed under the table (sources, caveats).
    public var notes: [String]
    /// A short name for labels of its rows and columns (`L[2020]`); the title when `nil`.
    public var label: String?

    public init(title: String, rowKind: Keyed.KeyKind, rowKeys: [String], columnKind: Keyed.KeyKind,
                columnKeys: [String], columnTitles: [String]? = nil, cells: [[Quantity?]], notes: [String] = []) {
        self.title = title
        self.rowKind = rowKind
        self.rowKeys = rowKeys
        self.columnKind = columnKind
        self.columnKeys = columnKeys
        self.columnTitles = columnTitles ?? columnKeys
        self.cells = cells
        self.notes = notes
    }

    func row(_ i: Int, label: String) -> Keyed {
        Keyed(label: label, keyKind: columnKind, keys: columnKeys, items: cells[i])
    }

    func column(_ j: Int, label: String) -> Keyed {
        Keyed(label: label, keyKind: rowKind, keys: rowKeys, items: cells.map { $0[j] })
    }
}

/// A user function: `fn share(s, y) = s.cost[y] / sum(present(cost[y]))`.
public struct UserFunction: Sendable {
    public var name: String
    public var params: [String]
    public var body: Expr
    /// The body compiled on the first call (the evaluator's fast path, ``Compiler``).
    let compiled = CompiledBody()
}

/// Everything an expression can evaluate to. The large payloads (series, tables, stages,
/// built-ins, responses) are boxed (`indirect`), so a value is about the size of a ``Quantity`` and the
/// evaluator copies a number without moving a table-sized enum.
public enum Value: Sendable {
    case quantity(Quantity)
    /// Not available: unpublished, or computed from something unpublished. The reason is shown by `:source`.
    case na(String)
    case bool(Bool)
    case string(String)
    /// A series (keyed by year) or a vector (keyed by stage or pair).
    indirect case keyed(Keyed)
    indirect case table(Table)
    indirect case stage(Stage)
    case range(Int, Int)
    case function(UserFunction)
    /// A built-in (``Builtin``); `chain` names the chain it is bound to (`li.A`, `li.link`),
    /// `nil` for the chain of its arguments or the session's.
    indirect case builtin(Builtin, chain: String?)
    /// An option word of `link` and `pull`: `total`, `direct`.
    case option(LinkageOption)
    case chain(String)
    /// The response of the chain to a shock (``Response``).
    indirect case response(Response)
    /// An ordered list of values, indexed from 1 (`args[1]` is a script's first argument).
    case list([Value])
    /// What statements without a value produce.
    case nothing

    var typeName: String {
        switch self {
        case .quantity(let q): return q.unit.isDimensionless ? "a number" : "a quantity in \(q.unit.name)"
        case .na: return "NA"
        case .bool: return "a boolean"
        case .string: return "a string"
        case .keyed(let k): return k.keyKind == .year ? "a series" : "a vector"
        case .table: return "a table"
        case .stage: return "a stage"
        case .range: return "a range"
        case .function, .builtin: return "a function"
        case .option(let option): return "the option \(option.rawValue)"
        case .chain: return "a chain"
        case .response: return "a shock response"
        case .list: return "a list"
        case .nothing: return "nothing"
        }
    }
}

extension Value {
    /// Every published value this value was computed from, in order of first use (for
    /// `:source`, `:explain` and JSON export).
    public var origins: [Origin] {
        var origins: [Origin] = []
        var seen: Set<Origin> = []
        // The cells of a model result share one list: a list equal to the last one added (the
        // same storage is compared first, in O(1)) adds nothing.
        var last: [Origin] = []
        func add(_ q: Quantity?) {
            guard let list = q?.origins, !list.isEmpty, list != last else { return }
            last = list
            for o in list where seen.insert(o).inserted { origins.append(o) }
        }
        switch self {
        case .quantity(let q): add(q)
        case .keyed(let k): k.items.forEach(add)
        case .table(let t): t.cells.joined().forEach(add)
        case .response(let r):
            for o in r.sources where seen.insert(o).inserted { origins.append(o) }
            (r.absolute + r.cost + r.emissions).forEach(add)
        default: break
        }
        return origins
    }
}
