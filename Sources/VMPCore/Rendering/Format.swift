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
    /// Columns of a terminal plot (`plot …`): the terminal's width, 80 in a pipe, or `--width`.
    public var plotWidth: Int = 80
    /// Columns a text table may use before it is shown in column groups (``TableWrap``): the
    /// terminal's width, or `--width`; `nil` (a pipe without `--width`): never wrapped.
    public var tableWidth: Int?
    /// Names shown beside stage ids (``StageLabels``): set from the loaded chains whose ids
    /// were derived from names; empty otherwise.
    public var stageNames: [String: String] = [:]

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
        if let text = NumberText.text(x, cut: precision ?? (exact ? nil : cut)) { return text }
        return numberByDigits(x, cut: cut, exact: exact)
    }

    /// ``number(_:cut:exact:)`` through ``DecimalDigits`` (the general path, and what
    /// `NumberTextTests` compares the fast one with).
    func numberByDigits(_ x: Double, cut: Int, exact: Bool) -> String {
        guard var d = DecimalDigits(x) else { return "NA" }
        // The integer part is kept whole only where it prints positionally (below 10^17);
        // a larger number prints as d.ddd e N and is cut like any other.
        let integerDigits = d.exponent <= 17 ? d.exponent : 0
        if let p = precision {
            d = d.rounded(significant: max(p, integerDigits))
        } else if !exact {
            d = d.rounded(significant: max(cut, integerDigits))
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
        quantityMarkup(q, inTable: inTable).plain
    }

    /// ``quantity(_:inTable:)`` with the digits and the unit marked.
    public func quantityMarkup(_ q: Quantity, inTable: Bool = false) -> Markup {
        var out = Markup(digits(q, inTable: inTable), .number)
        if q.unit.name == "%" {
            out.append("%", .unit)
        } else if q.unit.name.hasPrefix("10^") {
            out.append(" (")
            out.append(q.unit.name, .unit)
            out.append(")")
        } else if !q.unit.name.isEmpty {
            out.append(" ")
            out.append(q.unit.name, .unit)
        }
        return out
    }

    /// One value, as a result is shown: in the formatter's ``style``.
    public func display(_ value: Value) -> String {
        displayMarkup(value).plain
    }

    /// ``display(_:)`` with its parts marked (numbers, units, table headers) for a renderer
    /// that colours them; JSON, CSV and Markdown are plain.
    public func displayMarkup(_ value: Value) -> Markup {
        switch style {
        case .table: return markup(value)
        // Markdown tables printed one after another merge unless a blank line parts them; so
        // do CSV tables: each result is one CSV document, ended by a blank line (split the
        // output on blank lines to get one table per part: README, "Getting results out").
        case .markdown, .csv: return Markup(render(value, as: style) + "\n")
        default: return Markup(render(value, as: style))
        }
    }

    /// The text a command prints (`:source`, `:explain`, `:help`): as it is, or with
    /// `--format json` one object `{"type": "text", "command": NAME, "text": …}`, so a JSON
    /// stream stays one document per line.
    public func commandText(_ text: String, command: String) -> Markup {
        guard style == .json else { return Markup(text) }
        return Markup(JSON.object([("type", "text"), ("command", .string(command)), ("text", .string(text))]).text(pretty: false))
    }

    /// One value as aligned text, as the REPL shows a result.
    public func text(_ value: Value) -> String {
        markup(value).plain
    }

    /// ``text(_:)`` with its parts marked.
    public func markup(_ value: Value) -> Markup {
        switch value {
        case .quantity(let q): return quantityMarkup(q)
        case .keyed(let k): return keyed(k)
        case .table(let t): return table(t)
        case .response(let r): return response(r)
        default: return Markup(plainText(value))
        }
    }

    /// Values that print as plain text.
    private func plainText(_ value: Value) -> String {
        switch value {
        case .quantity(let q): return quantity(q)
        case .na: return "NA"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return s
        case .keyed(let k): return keyed(k).plain
        case .table(let t): return table(t).plain
        case .stage(let s): return "\(s.id): \(s.name)"
        case .range(let a, let b): return "\(a)..\(b)"
        case .function(let f): return "fn \(f.name)(\(f.params.joined(separator: ", ")))"
        case .builtin(let builtin, let chain): return "built-in function \(builtin.name)" + (chain.map { " of chain \($0)" } ?? "")
        case .option(let option): return option.rawValue
        case .chain(let name): return "chain \(name)"
        case .response(let r): return response(r).plain
        case .list(let items): return "[" + items.map { item -> String in
            if case .string(let text) = item { return "\"\(text)\"" }
            return inline(item)
        }.joined(separator: ", ") + "]"
        case .nothing: return ""
        }
    }

    /// A shock response as a table: the split of Δ unit-time output on the response's basis,
    /// then absolute output, cost and emissions where known, then the notes.
    public func response(_ r: Response) -> Markup {
        let basis: String
        switch r.basis {
        case .relative(let id): basis = "% of \(id)'s unit-time output"
        case .absolute(let unit): basis = unit.name
        }
        let head = r.title + "\n" + "Δx total, direct, first round, indirect in \(basis)"
        var out = Markup((tableWidth.map { Help.wrap(head, width: $0) } ?? head) + "\n")
        var header = [Markup("stage", .header)]
        var columns: [[String]] = []
        var marks = ResponseMarks()
        for column in r.columns {
            if column.onBasis {
                // The basis is said above the table: the cells are numbers.
                header.append(Markup(column.title, .header))
                columns.append(column.items.map { $0.map { number($0.value) } ?? "NA" })
                continue
            }
            let common = Formatter.commonUnit(column.items)
            if case .some(let unit?) = common { header.append(.heading(column.title, unit: unit.name)) } else { header.append(Markup(column.title, .header)) }
            let perCell: Bool
            if case .some = common { perCell = false } else { perCell = true }
            var cells = column.items.map { cell($0, withUnit: perCell) }
            if column.key == "cost" || column.key == "emissions" {
                ResponseMarks.mark(&cells, column.items, &marks)
            }
            columns.append(cells)
        }
        let rows = r.stageIDs.indices.map { i in [r.stageIDs[i]] + columns.map { $0[i] } }
        let named = withNames(nameColumn(r.stageIDs, .stage), header: header, rows: rows,
                              rightAligned: [false] + Array(repeating: true, count: columns.count))
        out.append(grid(header: named.0, rows: named.1, rightAligned: named.2))
        for note in marks.footnotes + r.notes { out.append("\n" + (tableWidth.map { Help.wrap(note, width: $0) } ?? note)) }
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
    static func commonUnit(_ items: [Quantity?]) -> Unit?? { commonUnit([items]) }

    /// The unit shared by every present item of every row, if there is one.
    static func commonUnit(_ rows: [[Quantity?]]) -> Unit?? {
        var first: Unit?
        for row in rows {
            for case let q? in row {
                guard let unit = first else { first = q.unit; continue }
                if q.unit.name != unit.name { return nil }
            }
        }
        return .some(first)
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
    public func keyed(_ k: Keyed) -> Markup {
        let common = Formatter.commonUnit(k.items)
        var heading = Markup(k.label, .header)
        var perCell = true
        if case .some(let unit) = common {
            perCell = false
            heading = .heading(k.label, unit: (unit ?? k.unit)?.name)
        }
        let rows = zip(k.keys, k.items).map { [$0, cell($1, withUnit: perCell)] }
        let named = withNames(nameColumn(k.keys, k.keyKind), header: [Markup(k.keyKind.rawValue, .header), heading], rows: rows,
                              rightAligned: [false, true])
        return grid(header: named.0, rows: named.1, rightAligned: named.2)
    }

    /// A table with a title line, a header row, and units in the title (one unit for all
    /// cells) or in each column's heading.
    public func table(_ t: Table) -> Markup {
        let common = Formatter.commonUnit(t.cells)
        var title = Markup(t.title)
        var header = [Markup(t.rowKind.rawValue, .header)]
        var perCellColumns = [Bool](repeating: false, count: t.columnTitles.count)
        if case .some(let unit) = common {
            if let unit, !unit.name.isEmpty, !t.title.contains("(\(unit.name)") { title = .heading(t.title, unit: unit.name, .plain) }
            header += t.columnTitles.map { Markup($0, .header) }
        } else {
            for (j, name) in t.columnTitles.enumerated() {
                let column = t.cells.map { $0[j] }
                if case .some(let unit) = Formatter.commonUnit(column) {
                    header.append(.heading(name, unit: unit?.name))
                } else {
                    header.append(Markup(name, .header))
                    perCellColumns[j] = true
                }
            }
        }
        let rows = t.cells.enumerated().map { i, row in
            [t.rowKeys[i]] + row.indices.map { j in cell(row[j], withUnit: j < perCellColumns.count && perCellColumns[j]) }
        }
        var out = title
        out.append("\n")
        let named = withNames(nameColumn(t.rowKeys, t.rowKind), header: header, rows: rows,
                              rightAligned: [false] + Array(repeating: true, count: t.columnKeys.count))
        out.append(grid(header: named.0, rows: named.1, rightAligned: named.2))
        for note in columnLegend(t) + t.notes { out.append("\n" + note) }
        return out
    }

    /// Aligned columns (by display width), two spaces apart, no trailing spaces.
    public func grid(header: [String], rows: [[String]], rightAligned: [Bool]) -> String {
        grid(header: header.map { Markup($0, .header) }, rows: rows, rightAligned: rightAligned).plain
    }

    /// Aligned columns under a marked header row (its units marked as units).
    public func grid(header: [Markup], rows: [[String]], rightAligned: [Bool]) -> Markup {
        if let wrapped = TableWrap.groups(self, header: header, rows: rows, rightAligned: rightAligned) { return wrapped }
        let columns = header.count
        var widths = header.map(\.width)
        for row in rows {
            for (j, text) in row.enumerated() where j < columns { widths[j] = max(widths[j], DisplayWidth.of(text)) }
        }
        func line(_ cells: [Markup], _ kind: Markup.Kind) -> Markup {
            var out = Markup()
            var pending = ""  // padding, written only if something follows it (no trailing spaces)
            for j in 0..<columns {
                let cell = j < cells.count ? cells[j] : Markup()
                let right = j < rightAligned.count ? rightAligned[j] : false
                let fill = String(repeating: " ", count: max(0, widths[j] - cell.width))
                if j > 0 { pending += "  " }
                if right { pending += fill }
                if !cell.parts.isEmpty {
                    out.append(pending, kind)
                    out.append(cell)
                    pending = ""
                }
                if !right { pending += fill }
            }
            return out
        }
        var out = line(header, .header)
        out.append(Formatter.plainLines(rows, widths: widths, rightAligned: rightAligned))
        return out
    }

    /// The rows of ``grid(header:rows:rightAligned:)``, each after a line break, as one plain
    /// string: what `line` makes of plain cells (parts of one kind merge), written straight into
    /// one buffer instead of a ``Markup`` per cell (a 300×300 matrix has 90,000 cells).
    /// `NumberTextTests.sameGrid` keeps it equal to the cell-by-cell form.
    static func plainLines(_ rows: [[String]], widths: [Int], rightAligned: [Bool]) -> String {
        var out: [UInt8] = []
        let lineWidth = widths.reduce(0) { $0 + max(0, $1) } + 2 * widths.count + 1
        let (total, overflow) = lineWidth.multipliedReportingOverflow(by: rows.count)
        if !overflow { out.reserveCapacity(total) }
        let space = UInt8(ascii: " ")
        for row in rows {
            out.append(UInt8(ascii: "\n"))
            var pending = 0   // spaces owed, written only if something follows them (no trailing spaces)
            for j in widths.indices {
                let text = j < row.count ? row[j] : ""
                let right = j < rightAligned.count ? rightAligned[j] : false
                let fill = max(0, widths[j] - DisplayWidth.of(text))
                if j > 0 { pending += 2 }
                if right { pending += fill }
                if !text.isEmpty {
                    out.append(contentsOf: repeatElement(space, count: pending))
                    out.append(contentsOf: text.utf8)
                    pending = 0
                }
                if !right { pending += fill }
            }
        }
        return String(decoding: out, as: UTF8.self)
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
