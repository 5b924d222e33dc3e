import Foundation
import TOMLKit

/// A wide (square) input-output table, the layout analysts keep their tables in: sector names
/// in the first row and the first column, the flows z_ij in the body (row = supplying sector i,
/// column = receiving sector j), and optionally final-demand columns, a total-output column
/// and value-added rows. Declared in the manifest's `[wide]` table:
///
/// ```toml
/// [wide]
/// file = "table.csv"                  # relative to the manifest
/// source = "Miller & Blair (2009) ch. 2, Table 2.3"   # for every value of the file
/// total_output = "total output"       # the column with x (or give output rows in a quantities file)
/// final_demand = ["households", "exports"]   # columns, summed into final_demand (optional)
/// value_added = ["wages", "profits"]  # rows, summed into value_added (optional)
/// kind = "flow"                       # or "backward" (a_ij) / "forward" (b_ij) coefficients
/// year = 2019                         # optional when the chain has one year
/// ```
///
/// Stage ids are derived from the names (``StageIDs``); the names stay the stages' names.
struct WideSpec {
    var file: String
    var source: String
    var kind: LinkageKind
    var totalOutput: String?
    var finalDemand: [String]
    var valueAdded: [String]
    var year: Int?

    static let keys = ["file", "source", "kind", "total_output", "final_demand", "value_added", "year"]
}

extension ChainManifest.Reader {
    /// The `[wide]` table, `nil` when absent.
    func wide(_ toml: TOMLTable) throws -> WideSpec? {
        guard let value = toml["wide"] else { return nil }
        guard let table = value.table else { throw error("", "wide", "wide must be a table: [wide] with file and source") }
        try checkKeys(table, "wide", allowed: WideSpec.keys, shown: "[wide]")
        let file = try string(table, "wide", "file", shown: "[wide]", required: true) ?? ""
        let source = try string(table, "wide", "source", shown: "[wide]", required: true) ?? ""
        guard !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error("wide", "source", "source in [wide] is empty: name the table, section or document the values come from")
        }
        let kindText = try string(table, "wide", "kind", shown: "[wide]", required: false) ?? "flow"
        guard let kind = LinkageKind(rawValue: kindText) else {
            throw error("wide", "kind", "kind in [wide] is \"flow\", \"backward\" or \"forward\", not \"\(kindText)\"")
        }
        var year: Int?
        if table["year"] != nil { year = try integer(table, "wide", "year", shown: "[wide]") }
        let total = try string(table, "wide", "total_output", shown: "[wide]", required: false)
        let finalDemand = try strings(table, "wide", "final_demand", shown: "[wide]")
        let valueAdded = try strings(table, "wide", "value_added", shown: "[wide]")
        var seen = Set<String>()
        for name in ([total].compactMap { $0 } + finalDemand) where !seen.insert(name).inserted {
            throw error("wide", finalDemand.contains(name) ? "final_demand" : "total_output",
                        "column \"\(name)\" is named twice in [wide] (total_output and final_demand are different columns)")
        }
        return WideSpec(file: file, source: source, kind: kind, totalOutput: total, finalDemand: finalDemand,
                        valueAdded: valueAdded, year: year)
    }
}

extension ManifestLoader {
    /// Reads the wide table: its sectors become the chain's stages (ids by ``StageIDs``), its
    /// body the flows (or coefficients) of the year, its declared columns and rows the stages'
    /// `output`, `final_demand` and `value_added`.
    /// - Throws: ``ChainLoadError`` at the file, line and column: an empty or duplicate name, a
    ///   row that does not match the header's sector in its place, a table that is not square, a
    ///   row with the wrong number of fields, a cell that is not a number, a negative flow or
    ///   output, a coefficient outside [0, 1], a declared column or row that is missing.
    mutating func readWide(_ spec: WideSpec) throws {
        let shown = Chain.joined(base, spec.file)
        let grid = try CSVGrid.read(url: URL(fileURLWithPath: shown), shownAs: shown)
        let year = try wideYear(spec)
        guard let header = grid.records.first else {
            throw ChainLoadError(file: shown, line: 1, message: "empty file: expected a header row of sector names (a corner cell, then one column per sector)")
        }
        let declared = Set(spec.finalDemand + [spec.totalOutput].compactMap { $0 })
        var names: [String] = []
        var nameColumn: [String: Int] = [:]
        var extra: [String: Int] = [:]
        for k in 1..<max(1, header.count) {
            let name = grid.text(header, k)
            guard !name.isEmpty else {
                throw grid.error(header, k, "empty column name in the header (each column is a sector, or a column named in [wide] of \(manifestName))")
            }
            if declared.contains(name) {
                if extra[name] != nil { throw grid.error(header, k, "column \"\(name)\" appears twice") }
                extra[name] = k
                continue
            }
            if let first = nameColumn[name] {
                throw grid.error(header, k, "duplicate sector name \"\(name)\" (first in column \(grid.column(header, first)))")
            }
            if let after = extra.min(by: { $0.value < $1.value }) {
                throw grid.error(header, k, "sector column \"\(name)\" comes after \"\(after.key)\", a column named in [wide]: the sectors come first, then final demand and total output")
            }
            nameColumn[name] = k
            names.append(name)
        }
        guard !names.isEmpty else {
            throw grid.error(header, nil, "no sectors: the header needs a corner cell, then one column per sector")
        }
        for name in spec.finalDemand + [spec.totalOutput].compactMap({ $0 }) where extra[name] == nil {
            let what = name == spec.totalOutput ? "total-output column" : "final-demand column"
            throw grid.error(header, nil, "missing \(what) \"\(name)\" (named in [wide] of \(manifestName); the header's columns are \(names.count) sectors\(extra.isEmpty ? "" : " and " + extra.keys.sorted().joined(separator: ", ")))")
        }
        let n = names.count
        let ids = StageIDs.derive(names, chainName: manifest.name)
        stages = zip(ids, names).map { Stage(id: $0, name: $1, description: "") }
        for (index, stage) in stages.enumerated() { stageLines[stage.id] = index + 1 }
        derivations = StageIDs.derivations(names: names, ids: ids)

        // Every sector row is there and as wide as the header before n × n values are allocated
        // (their number is then bounded by the fields the file really has).
        for r in 0..<n {
            guard 1 + r < grid.records.count else {
                let last = grid.records[grid.records.count - 1]
                throw ChainLoadError(file: shown, line: last.line + 1, message: "the table is not square: \(n) sector columns but \(r) sector rows (the row for \"\(names[r])\" is missing)")
            }
            let record = grid.records[1 + r]
            let rowName = grid.text(record, 0)
            if rowName != names[r] {
                if nameColumn[rowName] != nil {
                    throw grid.error(record, 0, "row \"\(rowName)\" is out of place: row \(r + 1) must be \"\(names[r])\", as column \(r + 1) of the header (rows and columns list the sectors in the same order)")
                }
                if spec.valueAdded.contains(rowName) {
                    throw grid.error(record, 0, "the table is not square: \(n) sector columns but \(r) sector rows before the value-added row \"\(rowName)\"")
                }
                throw grid.error(record, 0, "row name \"\(rowName)\" does not match the header: row \(r + 1) must be \"\(names[r])\", as column \(r + 1) of the header")
            }
            try fieldCount(grid, record, header.count)
        }
        let unit = spec.kind == .flow ? (manifest.flowUnit ?? "1") : "1"
        let provenance = Provenance(source: spec.source)
        var matrix = [Double](repeating: 0, count: n * n)
        var texts = [String](repeating: "", count: n * n), present = [Bool](repeating: false, count: n * n)
        var finalDemand = [Double](repeating: 0, count: n), output = [Double?](repeating: nil, count: n)
        var outputText = [String](repeating: "", count: n)
        let noun = spec.kind == .flow ? "flow" : "\(spec.kind.rawValue) coefficient"
        for r in 0..<n {
            let record = grid.records[1 + r]
            for c in 0..<n {
                // An empty cell is neither a number nor a zero: the model cannot use an unknown
                // flow, and reading it as 0 would change every result without a word.
                guard let cell = try grid.number(record, 1 + c, style: manifest.numberStyle, what: "value") else {
                    throw grid.error(record, 1 + c, "empty cell from \"\(names[r])\" to \"\(names[c])\": every cell of the square part needs a number (write 0 where there is no \(noun))")
                }
                if spec.kind == .flow, cell.value < 0 {
                    throw grid.error(record, 1 + c, "a flow cannot be negative (\(cell.text) from \"\(names[r])\" to \"\(names[c])\")")
                }
                if spec.kind != .flow, !(0...1).contains(cell.value) {
                    throw grid.error(record, 1 + c, "a \(noun) is a share between 0 and 1, not \(cell.text) (\"\(names[r])\" to \"\(names[c])\")")
                }
                matrix[r * n + c] = cell.value
                texts[r * n + c] = cell.text
                present[r * n + c] = true
            }
            for name in spec.finalDemand {
                guard let k = extra[name], let cell = try grid.number(record, k, style: manifest.numberStyle, what: "final demand") else { continue }
                finalDemand[r] += cell.value
            }
            if let total = spec.totalOutput, let k = extra[total], let cell = try grid.number(record, k, style: manifest.numberStyle, what: "total output") {
                guard cell.value >= 0 else { throw grid.error(record, k, "total output cannot be negative (\(cell.text) for \"\(names[r])\")") }
                output[r] = cell.value
                outputText[r] = cell.text
            }
        }
        var valueAdded = [Double](repeating: 0, count: n)
        var vaSeen: [String: Int] = [:]
        for record in grid.records.dropFirst(1 + n) {
            let rowName = grid.text(record, 0)
            guard spec.valueAdded.contains(rowName) else {
                let why = nameColumn[rowName] != nil ? "sector \"\(rowName)\" has a second row"
                    : "row \"\(rowName)\" is neither a sector of the header nor a value-added row named in [wide] of \(manifestName)"
                throw grid.error(record, 0, "\(why) (the table is square: \(n) sector columns, \(n) sector rows, then value-added rows)")
            }
            if let first = vaSeen[rowName] { throw grid.error(record, 0, "value-added row \"\(rowName)\" appears twice (first on line \(first))") }
            vaSeen[rowName] = record.line
            try fieldCount(grid, record, header.count)
            for c in 0..<n {
                guard let cell = try grid.number(record, 1 + c, style: manifest.numberStyle, what: "value added") else { continue }
                valueAdded[c] += cell.value
            }
        }
        for name in spec.valueAdded where vaSeen[name] == nil {
            throw grid.error(grid.records[grid.records.count - 1], nil, "missing value-added row \"\(name)\" (named in [wide] of \(manifestName))")
        }
        func store(_ quantity: String, _ r: Int, _ value: Double, _ text: String, _ column: String) {
            let key = QuantityKey(stage: ids[r], quantity: quantity, year: year)
            let where_ = "\(column) of \(spec.file), sector \"\(names[r])\"" + (names[r] == ids[r] ? "" : " (id \(ids[r]))")
            quantities[key] = PublishedValue(value: value, text: text, unit: manifest.flowUnit ?? "1",
                                             provenance: Provenance(source: spec.source, note: where_))
            seenQuantities[key] = (shown, 1 + r + 1)
            if !quantityNames.contains(quantity) { quantityNames.append(quantity) }
        }
        for r in 0..<n {
            if let x = output[r] { store("output", r, x, outputText[r], "column \"\(spec.totalOutput ?? "")\"") }
            if !spec.finalDemand.isEmpty {
                store("final_demand", r, finalDemand[r], PymrioFolder.plainText(finalDemand[r]),
                      spec.finalDemand.count == 1 ? "column \"\(spec.finalDemand[0])\"" : "sum of columns \(spec.finalDemand.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            if !spec.valueAdded.isEmpty {
                store("value_added", r, valueAdded[r], PymrioFolder.plainText(valueAdded[r]),
                      spec.valueAdded.count == 1 ? "row \"\(spec.valueAdded[0])\"" : "sum of rows \(spec.valueAdded.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
        }
        wideMatrix = (spec.kind, year, matrix, shown, names.indices.map { grid.column(header, nameColumn[names[$0]] ?? 1) })
        dense.append(DenseLinkages(kind: spec.kind, year: year, ids: ids, values: matrix, texts: texts, present: present,
                                   unit: unit, provenance: provenance))
    }

    /// The year of the wide table: `year` in [wide], or the chain's only year.
    func wideYear(_ spec: WideSpec) throws -> Int {
        if let year = spec.year {
            guard manifest.years.contains(year) else {
                throw spec.error(manifest, "year", "year \(year) in [wide] is outside the chain's years \(yearsText)")
            }
            return year
        }
        guard manifest.years.count == 1 else {
            throw spec.error(manifest, nil, "the chain has the years \(yearsText): say which one the wide table is for (year = … in [wide])")
        }
        return manifest.years.lowerBound
    }

    func fieldCount(_ grid: CSVGrid, _ record: CSVGrid.Record, _ width: Int) throws {
        guard record.count != width else { return }
        let hint = record.count > width ? " (a comma inside a name or a number? quote names that contain commas; write numbers without thousands separators)" : ""
        throw grid.error(record, record.count > width ? width : nil, "row has \(record.count) fields, expected \(width) as the header\(hint)")
    }

    /// After the quantities are read: the flows with the outputs (or the coefficients) must
    /// make a matrix of spectral radius below 1. The cheap bound min(‖M‖₁, ‖M‖∞) < 1 settles
    /// it for a table whose columns (inputs) or rows (sales) leave a positive share for value
    /// added or final demand; otherwise the eigenvalues are computed.
    func checkWideMatrix() throws {
        guard let (kind, year, z, file, columns) = wideMatrix else { return }
        let n = stages.count
        var m = z
        if kind == .flow {
            var x: [Double] = []
            for stage in stages {
                guard let p = quantities[QuantityKey(stage: stage.id, quantity: "output", year: year)], p.value > 0 else { return }
                x.append(p.value)
            }
            for i in 0..<n { for j in 0..<n { m[i * n + j] = z[i * n + j] / x[j] } }
        }
        var column = [Double](repeating: 0, count: n), row = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n { column[j] += m[i * n + j]; row[i] += m[i * n + j] } }
        if kind == .backward, let j = column.indices.first(where: { column[$0] > 1 + 1e-9 }) {
            throw ChainLoadError(file: file, line: 1, column: columns[j], message: "the backward coefficients of \(stages[j].id) (inputs per unit of its output) sum to \(Formatter(precision: 6).number(column[j])) > 1")
        }
        if kind == .forward, let i = row.indices.first(where: { row[$0] > 1 + 1e-9 }) {
            throw ChainLoadError(file: file, line: 1 + i + 1, column: 1, message: "the forward coefficients of \(stages[i].id) (shares of its output delivered to each stage) sum to \(Formatter(precision: 6).number(row[i])) > 1")
        }
        if min(column.max() ?? 0, row.max() ?? 0) < 1 { return }
        var matrix = Matrix(rows: n, cols: n, repeating: 0)
        for i in 0..<n { for j in 0..<n { matrix[i, j] = m[i * n + j] } }
        guard matrix.isFinite, let rho = try? matrix.spectralRadius(), rho >= 1 else { return }
        let what = kind == .flow ? "the flows of \(year) (A = Z x̂⁻¹ with the total outputs)" : "the \(kind.rawValue) coefficients of \(year)"
        throw ChainLoadError(file: file, line: 0, message: "\(what) have spectral radius \(Formatter(precision: 3).number(rho)) ≥ 1: the Leontief and Ghosh inverses would not exist")
    }
}

extension WideSpec {
    func error(_ manifest: ChainManifest, _ key: String?, _ message: String) -> ChainLoadError {
        let place = key.flatMap { manifest.locator.value("wide", $0) } ?? manifest.locator.header("wide")
        return ChainLoadError(file: manifest.path, line: place?.line ?? 0, column: place?.column, message: message)
    }
}
