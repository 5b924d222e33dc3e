import Foundation

/// How values print: typed and published numbers with their own digits, computed numbers with
/// every significant digit that is not representation noise (`0.1 + 0.2` → `0.3`,
/// `10000 + 0.95` → `10000.95`), and series, vectors and tables as aligned text tables with
/// units in the header.
///
/// The display rule (README "Values"): a number is shown as the shortest decimal that reads
/// back as the same Double. A number that is exactly a decimal (typed, published, or a sum,
/// difference, product or terminating quotient of such numbers: ``Quantity/exact``) prints
/// all of those digits. Any other result (a quotient like `1/3`, a model result, a power) is
/// cut, half away from zero, to 12 significant digits on its own and 6 in a table cell, so
/// columns of model results stay readable. No number is cut to fewer digits than its integer
/// part. `--precision N` (``precision``) rounds every computed number to N digits instead.
public struct Formatter: Sendable {
    /// Significant digits for every computed number when set (`--precision N`); `nil` for the
    /// default rule. Published values keep their printed digits either way.
    public var precision: Int?
    /// How ``display(_:)`` writes results: aligned text tables (the default), or JSON, CSV or
    /// Markdown for other programs (`vmp --format`; see ``render(_:as:pretty:)``).
    public var style: OutputStyle

    /// Digits of a long computed number on its own (`1/3` → `0.333333333333`).
    public static let scalarDigits = Decimal64.shownDigits
    /// Digits of a long computed number in a table cell, so columns stay readable.
    public static let tableDigits = 6

    public init(precision: Int? = nil, style: OutputStyle = .table) {
        self.precision = precision.map { max(1, min(17, $0)) }
        self.style = style
    }

    /// A number in a table cell or a message: `4.104119`, `0.001916`, `1.5e-9`, `0.133901`
    /// (a long result cut to 6 digits); never `-0`, `nan` or `inf` (`NA` if non-finite, which
    /// no operation produces: they are errors).
    public func number(_ x: Double) -> String { number(x, cut: Formatter.tableDigits, exact: false) }

    /// A number on its own, as a result prints: an inexact result is cut to 12 significant digits.
    public func scalar(_ x: Double, exact: Bool = false) -> String { number(x, cut: Formatter.scalarDigits, exact: exact) }

    func number(_ x: Double, cut: Int, exact: Bool) -> String {
        guard var d = DecimalDigits(x) else { return "NA" }
        if let p = precision {
            d = d.rounded(significant: max(p, d.exponent))
        } else if !exact {
            d = d.rounded(significant: max(cut, d.exponent))
        }
        return d.text
    }

    static func stripZeros(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t == "-0" ? "0" : t
    }

    /// The digits of a quantity: as published if unchanged, else by the display rule (a value
    /// on its own, or a table cell when `inTable`).
    public func digits(_ q: Quantity, inTable: Bool = false) -> String {
        if let printed = q.printed, !(q.value == 0 && printed.hasPrefix("-")) { return printed }
        return number(q.value, cut: inTable ? Formatter.tableDigits : Formatter.scalarDigits, exact: q.isExactDecimal)
    }

    /// `37.979 million RMB`, `0.133901%`, `50 (10^4 t)` (a scaled unit in parentheses, as it is
    /// typed back), or `0.133` for a plain number.
    public func quantity(_ q: Quantity, inTable: Bool = false) -> String {
        let d = digits(q, inTable: inTable)
        if q.unit.name == "%" { return d + "%" }
        if q.unit.name.isEmpty { return d }
        return q.unit.name.hasPrefix("10^") ? "\(d) (\(q.unit.name))" : "\(d) \(q.unit.name)"
    }

    /// One value, as a result is shown: in the formatter's ``style``.
    public func display(_ value: Value) -> String {
        style == .table ? text(value) : render(value, as: style)
    }

    /// One value as aligned text, as the REPL shows a result.
    public func text(_ value: Value) -> String {
        switch value {
        case .quantity(let q): return quantity(q)
        case .na: return "NA"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return s
        case .keyed(let k): return keyed(k)
        case .table(let t): return table(t)
        case .stage(let s): return "\(s.id): \(s.name)"
        case .range(let a, let b): return "\(a)..\(b)"
        case .function(let f): return "fn \(f.name)(\(f.params.joined(separator: ", ")))"
        case .builtin(let name): return "built-in function \(name)"
        case .bound(let name, let chain): return "built-in function \(name) of chain \(chain)"
        case .chain(let name): return "chain \(name)"
        case .response(let r): return response(r)
        case .list(let items): return "[" + items.map { item -> String in
            if case .string(let text) = item { return "\"\(text)\"" }
            return inline(item)
        }.joined(separator: ", ") + "]"
        case .nothing: return ""
        }
    }

    /// A shock response as a table: the split of Δ unit-time output on the response's basis,
    /// then absolute output, cost and emissions where known, then the notes.
    public func response(_ r: Response) -> String {
        let basis: String
        let shown: (Double) -> String
        switch r.basis {
        case .relative(let id):
            basis = "% of \(id)'s unit-time output"
            shown = { self.number($0 * 100) }
        case .absolute(let unit):
            basis = unit.name
            shown = { self.number($0) }
        }
        var out = "\(r.mode == .push ? "Push" : "Pull") shock \(r.label) in \(r.year): \(r.mode.description)\n"
        func heading(_ name: String, _ items: [Quantity?]) -> String {
            if case .some(let unit) = Formatter.commonUnit(items), let unit { return "\(name) (\(unit.name))" }
            return name
        }
        let perCell = { (items: [Quantity?]) -> Bool in if case .some = Formatter.commonUnit(items) { return false }; return true }
        let header = ["stage", "Δx total", "direct", "first round", "indirect",
                      heading("Δx", r.absolute), heading("Δ cost", r.cost), heading("Δ emissions", r.emissions)]
        let rows = r.stageIDs.indices.map { i -> [String] in
            [r.stageIDs[i], shown(r.total[i]), shown(r.direct[i]), shown(r.firstRound[i]), shown(r.indirect[i]),
             r.absolute[i].map { perCell(r.absolute) ? quantity($0, inTable: true) : digits($0, inTable: true) } ?? "NA",
             r.cost[i].map { perCell(r.cost) ? quantity($0, inTable: true) : digits($0, inTable: true) } ?? "NA",
             r.emissions[i].map { perCell(r.emissions) ? quantity($0, inTable: true) : digits($0, inTable: true) } ?? "NA"]
        }
        out += "Δx total, direct, first round, indirect in \(basis)\n"
        out += grid(header: header, rows: rows, rightAligned: [false] + Array(repeating: true, count: 7))
        for note in r.notes { out += "\n" + note }
        return out
    }

    /// A value inside a string interpolation: series and vectors on one line.
    public func inline(_ value: Value) -> String {
        switch value {
        case .keyed(let k):
            return "[" + zip(k.keys, k.items).map { "\($0): \($1.map { quantity($0, inTable: true) } ?? "NA")" }.joined(separator: ", ") + "]"
        case .table(let t): return t.title
        case .stage(let s): return s.id
        default: return text(value)
        }
    }

    /// The unit shared by every present item, if there is one.
    static func commonUnit(_ items: [Quantity?]) -> Unit?? {
        let units = items.compactMap { $0?.unit.name }
        guard let first = units.first else { return .some(nil) }
        return units.allSatisfy { $0 == first } ? .some(items.compactMap { $0?.unit }.first) : nil
    }

    private func cell(_ q: Quantity?, withUnit: Bool) -> String {
        guard let q else { return "NA" }
        return withUnit ? quantity(q, inTable: true) : digits(q, inTable: true)
    }

    /// A series or vector as a two-column table:
    /// ```
    /// year  S3.cost (million RMB)
    /// 2015                     NA
    /// ```
    public func keyed(_ k: Keyed) -> String {
        let common = Formatter.commonUnit(k.items)
        var heading = k.label
        var perCell = true
        if case .some(let unit) = common {
            perCell = false
            if let unit = unit ?? k.unit, !unit.name.isEmpty { heading += " (\(unit.name))" }
        }
        let rows = zip(k.keys, k.items).map { [$0, cell($1, withUnit: perCell)] }
        return grid(header: [k.keyKind.rawValue, heading], rows: rows, rightAligned: [false, true])
    }

    /// A table with a title line, a header row, and units in the title (one unit for all
    /// cells) or in each column's heading.
    public func table(_ t: Table) -> String {
        let all = t.cells.flatMap { $0 }
        let common = Formatter.commonUnit(all)
        var title = t.title
        var header = [t.rowKind.rawValue]
        var perCellColumns = Set<Int>()
        if case .some(let unit) = common {
            if let unit, !unit.name.isEmpty, !title.contains("(\(unit.name)") { title += " (\(unit.name))" }
            header += t.columnTitles
        } else {
            for (j, name) in t.columnTitles.enumerated() {
                let column = t.cells.map { $0[j] }
                if case .some(let unit) = Formatter.commonUnit(column) {
                    header.append(unit.map { $0.name.isEmpty ? name : "\(name) (\($0.name))" } ?? name)
                } else {
                    header.append(name)
                    perCellColumns.insert(j)
                }
            }
        }
        let rows = t.cells.enumerated().map { i, row in
            [t.rowKeys[i]] + row.enumerated().map { j, q in cell(q, withUnit: perCellColumns.contains(j)) }
        }
        var out = title + "\n" + grid(header: header, rows: rows, rightAligned: [false] + Array(repeating: true, count: t.columnKeys.count))
        for note in t.notes { out += "\n" + note }
        return out
    }

    /// Aligned columns (by display width), two spaces apart, no trailing spaces.
    public func grid(header: [String], rows: [[String]], rightAligned: [Bool]) -> String {
        let columns = header.count
        var widths = header.map(DisplayWidth.of)
        for row in rows {
            for (j, text) in row.enumerated() where j < columns { widths[j] = max(widths[j], DisplayWidth.of(text)) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for j in 0..<columns {
                let text = j < cells.count ? cells[j] : ""
                let right = j < rightAligned.count ? rightAligned[j] : false
                parts.append(DisplayWidth.pad(text, to: widths[j], right: right))
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// The provenance of every published value in a result, one per line:
    /// `S3.cost[2019] = 37.979 million RMB  (§4.2)` and its note, if any.
    public func sources(_ value: Value) -> String {
        let origins = value.origins
        if origins.isEmpty {
            if case .na(let reason) = value { return "NA: \(reason)" }
            return "no published values: computed from what was typed"
        }
        return origins.map { o in
            let p = o.published
            let unit = p.unit == "1" || p.unit.isEmpty ? "" : " \(p.unit)"
            var line = "\(o.label) = \(p.text)\(unit)  (\(p.provenance.source))"
            if let note = p.provenance.note, !note.isEmpty { line += "\n    note: \(note)" }
            return line
        }.joined(separator: "\n")
    }
}
