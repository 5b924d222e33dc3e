import Foundation

/// How results are written: the aligned text tables of the REPL, JSON, CSV, or Markdown.
public enum OutputStyle: String, Sendable, CaseIterable {
    case table, json, csv, markdown
}

/// Values as JSON, CSV and Markdown (for `export` and `vmp --format`).
///
/// - JSON: one object per value with a `type`; numbers at full precision with their `unit`,
///   the digits as published in `text`, and every published input in `sources` (label, value,
///   unit, source, note). NA is `null`.
/// - CSV: headings are plain names (pandas reads them as they are) and units have columns of
///   their own, never glued to a heading or a number. A series or vector is `KEY,value,unit`; a
///   table, matrix, trace or response is wide (one row per row key): when every number has one
///   unit, a last column `unit` gives it (none for plain numbers); otherwise each column whose
///   numbers have a unit is followed by `COLUMN_unit`. Numbers at full precision; NA empty.
/// - Markdown: a table with the value's title and notes, numbers as the REPL prints them.
extension Formatter {
    /// `value` rendered in `style` (`.table` is ``display(_:)``).
    public func render(_ value: Value, as style: OutputStyle, pretty: Bool = false) -> String {
        switch style {
        case .table: return text(value)
        case .json: return json(value).text(pretty: pretty)
        case .csv: return csv(value)
        case .markdown: return markdown(value)
        }
    }

    // MARK: - JSON

    func json(_ value: Value) -> JSON {
        var fields: [(String, JSON)]
        switch value {
        case .quantity(let q):
            fields = [("type", "quantity")] + jsonQuantity(q)
        case .na(let reason):
            fields = [("type", "na"), ("value", .null), ("reason", .string(reason))]
        case .bool(let b):
            fields = [("type", "bool"), ("value", .bool(b))]
        case .string(let s):
            fields = [("type", "string"), ("value", .string(s))]
        case .keyed(let k):
            fields = [("type", .string(k.keyKind == .year ? "series" : "vector")), ("label", .string(k.label)),
                      ("key", .string(k.keyKind.rawValue)), ("unit", jsonCommonUnit(k.items)),
                      ("items", .array(zip(k.keys, k.items).map { key, q in
                          .object([("key", .string(key))] + (stageName(key, k.keyKind).map { [("name", JSON.string($0))] } ?? []) + jsonItem(q))
                      }))]
        case .table(let t):
            fields = [("type", "table"), ("title", .string(t.title)), ("row_kind", .string(t.rowKind.rawValue)),
                      ("column_kind", .string(t.columnKind.rawValue)), ("rows", .array(t.rowKeys.map(JSON.string))),
                      ("columns", .array(t.columnKeys.map(JSON.string))), ("column_titles", .array(t.columnTitles.map(JSON.string))),
                      ("unit", jsonCommonUnit(t.cells.flatMap { $0 })),
                      ("cells", .array(t.cells.map { .array($0.map { q in q.map { .number($0.value) } ?? .null }) }))]
            if case .none = Formatter.commonUnit(t.cells.flatMap { $0 }) {
                fields.append(("cell_units", .array(t.cells.map { .array($0.map { q in q.map { .string($0.unit.name) } ?? .null }) })))
            }
            if let names = nameColumn(t.rowKeys, t.rowKind) { fields.append(("row_names", .array(names.map(JSON.string)))) }
            if let names = nameColumn(t.columnKeys, t.columnKind) { fields.append(("column_names", .array(names.map(JSON.string)))) }
            fields.append(("notes", .array(t.notes.map(JSON.string))))
        case .stage(let s):
            fields = [("type", "stage"), ("id", .string(s.id)), ("name", .string(s.name)),
                      ("description", .string(s.description)), ("chain", .string(s.chain))]
        case .range(let a, let b):
            fields = [("type", "range"), ("from", .number(Double(a))), ("to", .number(Double(b)))]
        case .response(let r):
            let unit = responseUnit(r)
            let columns = r.columns
            let stages = r.stageIDs.indices.map { i -> JSON in
                .object([("stage", .string(r.stageIDs[i]))] + (stageName(r.stageIDs[i], .stage).map { [("name", JSON.string($0))] } ?? []) + columns.map { column -> (String, JSON) in
                    (column.key, column.onBasis ? column.items[i].map { .number($0.value) } ?? .null : jsonOptional(column.items[i]))
                })
            }
            fields = [("type", "response"), ("mode", .string(r.mode.rawValue)), ("year", .number(Double(r.year))),
                      ("label", .string(r.label)), ("unit", .string(unit)), ("stages", .array(stages)),
                      ("notes", .array(r.notes.map(JSON.string)))]
        case .function(let f):
            fields = [("type", "function"), ("name", .string(f.name))]
        case .builtin(let builtin, _):
            fields = [("type", "builtin"), ("name", .string(builtin.name))]
        case .option(let option):
            fields = [("type", "option"), ("name", .string(option.rawValue))]
        case .chain(let name):
            fields = [("type", "chain"), ("name", .string(name))]
        case .list(let items):
            fields = [("type", "list"), ("items", .array(items.map(json)))]
        case .nothing:
            fields = [("type", "nothing")]
        }
        switch value {
        case .quantity, .keyed, .table, .response:
            fields.append(("sources", .array(value.origins.map { o in
                .object([("label", .string(o.label)), ("value", .string(o.published.text)), ("unit", .string(o.published.unit)),
                         ("source", .string(o.published.provenance.source)),
                         ("note", o.published.provenance.note.map(JSON.string) ?? .null)])
            })))
        default:
            break
        }
        return .object(fields)
    }

    private func jsonQuantity(_ q: Quantity) -> [(String, JSON)] {
        var out: [(String, JSON)] = [("value", .number(q.value)), ("unit", .string(q.unit.name))]
        if let printed = q.printed { out.append(("text", .string(printed))) }
        return out
    }

    private func jsonItem(_ q: Quantity?) -> [(String, JSON)] {
        guard let q else { return [("value", .null), ("unit", .null)] }
        return jsonQuantity(q)
    }

    private func jsonOptional(_ q: Quantity?) -> JSON {
        q.map { .object(jsonQuantity($0)) } ?? .null
    }

    private func jsonCommonUnit(_ items: [Quantity?]) -> JSON {
        if case .some(let unit) = Formatter.commonUnit(items) { return unit.map { .string($0.name) } ?? .null }
        return .null
    }

    /// The unit response values are given in: `%` of the shocked stage's unit-time output, or the shock's rate.
    func responseUnit(_ r: Response) -> String {
        switch r.basis {
        case .relative: return "%"
        case .absolute(let unit): return unit.name
        }
    }


    // MARK: - CSV and Markdown

    /// A value as rows of cells: the shape CSV and Markdown share.
    struct Grid {
        var title: String?
        var header: [String]
        var rows: [[Cell]]
        var notes: [String]
        enum Cell {
            case text(String)
            /// A number; `withUnit` when its column has no single unit.
            case quantity(Quantity?, withUnit: Bool)
        }
    }

    /// `name (unit)` when all present items share a non-empty unit; else `name`, and cells carry their unit.
    private func heading(_ name: String, _ items: [Quantity?]) -> (String, Bool) {
        if case .some(let unit) = Formatter.commonUnit(items) {
            if let unit, !unit.name.isEmpty { return ("\(name) (\(unit.name))", false) }
            return (name, false)
        }
        return (name, true)
    }

    /// ``stageGrid(_:forCSV:)`` with a `name` column after the key column when the rows are
    /// stages with names to show (``StageLabels``), and for Markdown the names of stage columns
    /// under the table.
    func grid(_ value: Value, forCSV: Bool) -> Grid {
        var g = stageGrid(value, forCSV: forCSV)
        let names: [String]?
        switch value {
        case .keyed(let k): names = nameColumn(k.keys, k.keyKind)
        case .table(let t):
            names = nameColumn(t.rowKeys, t.rowKind)
            if !forCSV { g.notes = columnLegend(t) + g.notes }
        case .response(let r): names = nameColumn(r.stageIDs, .stage)
        default: names = nil
        }
        guard let names, names.count == g.rows.count, !g.header.isEmpty else { return g }
        g.header.insert(g.header.contains("name") ? "name_" : "name", at: 1)
        for i in g.rows.indices where !g.rows[i].isEmpty { g.rows[i].insert(.text(names[i]), at: 1) }
        return g
    }

    private func stageGrid(_ value: Value, forCSV: Bool) -> Grid {
        switch value {
        case .quantity(let q):
            return Grid(title: nil, header: ["value", "unit"], rows: [[.quantity(q, withUnit: false), .text(q.unit.name)]], notes: [])
        case .keyed(let k):
            if forCSV {
                let rows = zip(k.keys, k.items).map { key, q -> [Grid.Cell] in [.text(key), .quantity(q, withUnit: false), .text(q?.unit.name ?? "")] }
                return Grid(title: nil, header: [csvKey(k.keyKind), "value", "unit"], rows: rows, notes: [])
            }
            let (title, perCell) = heading(k.label, k.items)
            return Grid(title: nil, header: [k.keyKind.rawValue, title],
                        rows: zip(k.keys, k.items).map { [.text($0), .quantity($1, withUnit: perCell)] }, notes: [])
        case .table(let t) where forCSV:
            return csvGrid(title: t.title, rowHeading: csvKey(t.rowKind), rowKeys: t.rowKeys,
                           columns: zip(t.columnKeys, t.columnKeys.indices.map { j in t.cells.map { $0[j] } }).map { ($0, $1) }, notes: t.notes)
        case .response(let r) where forCSV:
            return csvGrid(title: r.title, rowHeading: "stage", rowKeys: r.stageIDs, columns: r.columns.map { ($0.key, $0.items) }, notes: r.notes)
        case .table(let t):
            var header = [forCSV ? csvKey(t.rowKind) : t.rowKind.rawValue]
            var perCell: [Bool] = []
            for (j, name) in (forCSV ? t.columnKeys : t.columnTitles).enumerated() {
                let (title, cellUnits) = heading(name, t.cells.map { $0[j] })
                header.append(title)
                perCell.append(cellUnits)
            }
            let rows = t.cells.enumerated().map { i, row -> [Grid.Cell] in
                [.text(t.rowKeys[i])] + row.enumerated().map { j, q in .quantity(q, withUnit: perCell[j]) }
            }
            return Grid(title: t.title, header: header, rows: rows, notes: t.notes)
        case .response(let r):
            var header = ["stage"]
            var columns: [[Grid.Cell]] = []
            for column in r.columns {
                let (title, perCell) = heading(column.key, column.items)
                header.append(title)
                columns.append(column.items.map { .quantity($0, withUnit: perCell) })
            }
            let rows = r.stageIDs.indices.map { i -> [Grid.Cell] in [.text(r.stageIDs[i])] + columns.map { $0[i] } }
            return Grid(title: r.title, header: header, rows: rows, notes: r.notes)
        case .stage(let s):
            return Grid(title: nil, header: StageField.allCases.map(\.rawValue) + ["chain"],
                        rows: [StageField.allCases.map { .text($0.value(of: s)) } + [.text(s.chain)]], notes: [])
        case .range(let a, let b):
            return Grid(title: nil, header: ["from", "to"], rows: [[.text(String(a)), .text(String(b))]], notes: [])
        case .na(let reason):
            return Grid(title: nil, header: ["value", "unit"], rows: [[.quantity(nil, withUnit: false), .text("")]], notes: ["NA: \(reason)"])
        default:
            return Grid(title: nil, header: ["value"], rows: [[.text(text(value))]], notes: [])
        }
    }

    /// A wide CSV table with plain headings: a trailing `unit` column when every number shares
    /// one unit (none when they are plain numbers), else a `KEY_unit` column after each column
    /// whose numbers have units (the unit of each cell; empty for NA and plain numbers).
    private func csvGrid(title: String, rowHeading: String, rowKeys: [String], columns: [(key: String, items: [Quantity?])],
                         notes: [String]) -> Grid {
        let all = columns.flatMap(\.items)
        var header = [rowHeading]
        var cells: [[Grid.Cell]] = rowKeys.map { [.text($0)] }
        if case .some(let unit) = Formatter.commonUnit(all) {
            header += columns.map(\.key)
            for i in rowKeys.indices { cells[i] += columns.map { .quantity($0.items[i], withUnit: false) } }
            if let unit, !unit.name.isEmpty {
                header.append(columns.contains { $0.key == "unit" } ? "unit_" : "unit")
                for i in rowKeys.indices { cells[i].append(.text(unit.name)) }
            }
            return Grid(title: title, header: header, rows: cells, notes: notes)
        }
        for column in columns {
            header.append(column.key)
            for i in rowKeys.indices { cells[i].append(.quantity(column.items[i], withUnit: false)) }
            guard column.items.contains(where: { !($0?.unit.name.isEmpty ?? true) }) else { continue }
            header.append(column.key + "_unit")
            for i in rowKeys.indices { cells[i].append(.text(column.items[i]?.unit.name ?? "")) }
        }
        return Grid(title: title, header: header, rows: cells, notes: notes)
    }

    private func csvKey(_ kind: Keyed.KeyKind) -> String {
        kind == .supplier ? "supplier" : kind.rawValue
    }

    /// CSV (RFC 4180): a header line, then one line per row; fields quoted when needed.
    public func csv(_ value: Value) -> String {
        if case .string(let s) = value { return "value\n" + Formatter.csvField(s) }
        if case .bool(let b) = value { return "value\n\(b)" }
        let g = grid(value, forCSV: true)
        let lines = [g.header.map(Formatter.csvField).joined(separator: ",")] + g.rows.map { row in
            row.map { cell -> String in
                switch cell {
                case .text(let s): return Formatter.csvField(s)
                case .quantity(let q, let withUnit):
                    guard let q else { return "" }
                    let digits = q.printed ?? JSON.number(q.value).text(pretty: false)
                    return Formatter.csvField(withUnit && !q.unit.name.isEmpty ? "\(digits) \(q.unit.name)" : digits)
                }
            }.joined(separator: ",")
        }
        return lines.joined(separator: "\n")
    }

    static func csvField(_ s: String) -> String {
        // Printable ASCII without `,` or `"` (every number and stage id): no quotes, unless it
        // starts or ends with a space or tab, the ASCII members of `.whitespaces`. Saves a
        // Foundation trim per field (90,000 in a 300×300 matrix). `CSVFieldTests` keeps it equal.
        if let first = s.utf8.first, let last = s.utf8.last,
           first != UInt8(ascii: " "), last != UInt8(ascii: " "),
           s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "\"") }) {
            return s
        }
        return csvFieldGeneral(s)
    }

    /// ``csvField(_:)`` by the general rule: quoted when it holds a comma, a quote or a line
    /// break, or has white space at either end.
    static func csvFieldGeneral(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) || s != s.trimmingCharacters(in: .whitespaces) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A Markdown table (GitHub style) with the value's title above and its notes below.
    public func markdown(_ value: Value) -> String {
        switch value {
        case .string(let s):
            return s.contains("\n") ? "```\n\(s)\n```" : s
        case .bool(let b):
            return b ? "true" : "false"
        default:
            break
        }
        let g = grid(value, forCSV: false)
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines: [String] = []
        if let title = g.title { lines += ["**\(escape(title))**", ""] }
        lines.append("| " + g.header.map(escape).joined(separator: " | ") + " |")
        lines.append("|" + g.header.indices.map { $0 == 0 ? "---|" : "---:|" }.joined())
        for row in g.rows {
            lines.append("| " + row.map { cell -> String in
                switch cell {
                case .text(let s): return escape(s)
                case .quantity(let q, let withUnit): return escape(q.map { withUnit ? quantity($0) : digits($0) } ?? "NA")
                }
            }.joined(separator: " | ") + " |")
        }
        if !g.notes.isEmpty { lines += [""] + g.notes.map { escape($0) + "  " } }
        return lines.joined(separator: "\n")
    }
}

/// A JSON document, written with keys in the order given and numbers as Swift prints them
/// shortest (`0.133`, `2020`, `1e-07`); non-finite numbers are `null`.
indirect enum JSON: ExpressibleByStringLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    init(stringLiteral value: String) { self = .string(value) }

    func text(pretty: Bool, indent: String = "") -> String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x):
            guard x.isFinite else { return "null" }
            if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
            return "\(x)"
        case .string(let s): return JSON.quote(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            guard pretty else { return "[" + items.map { $0.text(pretty: false) }.joined(separator: ",") + "]" }
            let inner = indent + "  "
            let scalar = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if scalar { return "[" + items.map { $0.text(pretty: false) }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { inner + $0.text(pretty: true, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            guard pretty else {
                return "{" + fields.map { JSON.quote($0.0) + ":" + $0.1.text(pretty: false) }.joined(separator: ",") + "}"
            }
            let inner = indent + "  "
            let flat = fields.allSatisfy { if case .array = $0.1 { return false }; if case .object = $0.1 { return false }; return true }
            if flat, fields.count <= 8 { return "{" + fields.map { JSON.quote($0.0) + ": " + $0.1.text(pretty: false) }.joined(separator: ", ") + "}" }
            return "{\n" + fields.map { inner + JSON.quote($0.0) + ": " + $0.1.text(pretty: true, indent: inner) }.joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    static func quote(_ s: String) -> String {
        // Nothing to escape (no quote, backslash or control character): as it is, in quotes.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        return quoteByScalars(s)
    }

    /// ``quote(_:)`` for any string, scalar by scalar: `"`, `\` and control characters escaped
    /// (`\n`, `\r`, `\t`, else `\u00XX`), everything else as it is. `CSVFieldTests` keeps
    /// ``quote(_:)``'s shortcut equal to it.
    static func quoteByScalars(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
