import Foundation

/// A folder written by pymrio's `IOSystem.save()` / `save_all()` (pymrio 0.7): its
/// `file_parameters.json` names the tab-separated tables and how many index columns and header
/// rows each has; `Z` (flows, rows and columns labelled region, sector), `x` (total output,
/// column `indout`), `Y` (final demand, columns region, category), and one subfolder per
/// extension (`emissions/` with `F`, `S`, `unit.txt`, its own `file_parameters.json`).
///
/// The chain: stage ids `REGION_SECTOR` (by ``StageIDs``: `reg1_food`), names
/// `region / sector`; flows Z; `output` = x; `final_demand` = the row sums of Y; and for each
/// stressor row of an extension two quantities, `F_<stressor>` (F, the stressor per stage)
/// and `S_<stressor>` (S = F x̂⁻¹, per unit of output). Units come from the folder's unit files
/// where vmp knows their text (``PymrioUnits``: `Mill USD` is `million USD`, `kg` is `kg`): Z,
/// x and the final demand in the core system's unit, F in the extension's, S in the
/// extension's per the core's (`kg/million USD`); a text vmp does not know leaves plain
/// numbers and a note in ``Chain/notes``. Then `multipliers(S_x[2019], 2019)` = S L is
/// pymrio's `M`.
enum PymrioFolder {
    static let parametersFile = "file_parameters.json"

    /// One table as `file_parameters.json` lists it.
    struct FileEntry {
        var name: String
        var indexColumns: Int
        var headerRows: Int
    }

    /// A table: labels of its rows and columns (one string per index level), values row-major.
    struct Table {
        var grid: CSVGrid
        var rowLabels: [[String]]
        var columnLabels: [[String]]
        var values: [Double]
        var texts: [String]
        /// The grid record of each row.
        var records: [CSVGrid.Record]
        var firstValueColumn: Int
        var rows: Int { rowLabels.count }
        var columns: Int { columnLabels.count }
    }

    /// The `files` of a `file_parameters.json` and its `systemtype` and `name`.
    static func parameters(_ directory: String) throws -> (files: [String: FileEntry], type: String, name: String?) {
        let path = Chain.joined(directory, parametersFile)
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ChainLoadError(file: path, line: 0, message: "cannot read pymrio's parameters: \(error.localizedDescription)")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = json["files"] as? [String: Any] else {
            throw ChainLoadError(file: path, line: 0, message: "not pymrio's file parameters: expected a JSON object with \"files\"")
        }
        var out: [String: FileEntry] = [:]
        for (key, value) in files {
            guard let entry = value as? [String: Any], let name = entry["name"] as? String,
                  let index = count(entry["nr_index_col"]), let header = count(entry["nr_header"]) else {
                throw ChainLoadError(file: path, line: 0, message: "entry \"\(key)\" of \"files\" needs name, nr_index_col and nr_header (whole numbers 1 to 9)")
            }
            guard !name.contains("/"), !name.hasPrefix(".") else {
                throw ChainLoadError(file: path, line: 0, message: "entry \"\(key)\" names the file \"\(name)\": a file of the folder is named without a directory")
            }
            out[key] = FileEntry(name: name, indexColumns: index, headerRows: header)
        }
        return (out, json["systemtype"] as? String ?? "", json["name"] as? String)
    }

    /// `"2"` or `2`, between 1 and 9.
    private static func count(_ value: Any?) -> Int? {
        let number = (value as? String).flatMap { Int($0) } ?? (value as? Int)
        guard let number, (1...9).contains(number) else { return nil }
        return number
    }

    /// Reads one table: `headerRows` rows of column labels (the first `indexColumns` cells of
    /// each are level names), an optional row naming the index levels (empty after them), then
    /// rows of `indexColumns` labels and numbers.
    static func table(_ directory: String, _ entry: FileEntry, what: String, style: NumberStyle) throws -> Table {
        let path = Chain.joined(directory, entry.name)
        let grid = try CSVGrid.read(url: URL(fileURLWithPath: path), shownAs: path, delimiter: UInt8(ascii: "\t"))
        let c = entry.indexColumns, h = entry.headerRows
        guard grid.records.count >= h, let width = grid.records.first?.count, width > c else {
            throw ChainLoadError(file: path, line: grid.records.first?.line ?? 1,
                                 message: "\(what) needs \(h) header row\(h == 1 ? "" : "s") and at least one column after \(c) label column\(c == 1 ? "" : "s")")
        }
        var columnLabels = [[String]](repeating: [], count: width - c)
        for record in grid.records.prefix(h) {
            guard record.count == width else {
                throw grid.error(record, min(record.count, width), "row has \(record.count) fields, expected \(width) as the first row")
            }
            for k in c..<width { columnLabels[k - c].append(grid.text(record, k)) }
        }
        var body = Array(grid.records.dropFirst(h))
        // pandas writes a row of index names after multi-level column headers: labels, then empty cells.
        if let first = body.first, first.count == width, (c..<width).allSatisfy({ grid.isEmpty(first, $0) }) { body.removeFirst() }
        var table = Table(grid: grid, rowLabels: [], columnLabels: columnLabels, values: [], texts: [], records: body, firstValueColumn: c)
        table.values.reserveCapacity(body.count * (width - c))
        table.texts.reserveCapacity(body.count * (width - c))
        for record in body {
            guard record.count == width else {
                throw grid.error(record, min(record.count, width), "row has \(record.count) fields, expected \(width) as the header")
            }
            table.rowLabels.append((0..<c).map { grid.text(record, $0) })
            for k in c..<width {
                let cell = try grid.number(record, k, style: style, what: "value")
                table.values.append(cell?.value ?? 0)
                table.texts.append(cell?.text ?? "")   // "" marks an empty cell (NA)
            }
        }
        return table
    }
}

extension Chain {
    /// Loads a folder saved by pymrio (see ``PymrioFolder``) as the chain `name` for `year`.
    /// - Throws: ``ChainLoadError`` at the file, line and column: no year given, a missing or
    ///   unreadable `file_parameters.json` or table, Z not square or its rows and columns not the
    ///   same sectors in the same order, x or Y rows not Z's sectors, a cell that is not a
    ///   number, a negative flow or output, flows whose A has spectral radius ≥ 1.
    static func loadPymrio(directory: String, name: String?, year: Int?) throws -> Chain {
        guard let year else {
            throw ChainLoadError(file: directory, line: 0, message: "a pymrio folder has no year: give it when loading (load \"\(directory)\" as m year 2019, or vmp --chain \(directory) --year 2019)")
        }
        guard (1...9999).contains(year) else { throw ChainLoadError(file: directory, line: 0, message: "year \(year) is not a year (1 to 9999)") }
        let (files, type, systemName) = try PymrioFolder.parameters(directory)
        let parametersPath = joined(directory, PymrioFolder.parametersFile)
        guard type == "IOSystem" else {
            throw ChainLoadError(file: parametersPath, line: 0, message: "systemtype is \"\(type)\", not \"IOSystem\": load the folder of the whole system, not of one extension")
        }
        guard let zEntry = files["Z"] else {
            throw ChainLoadError(file: parametersPath, line: 0, message: "no Z (the flows) among the files: save the system with pymrio's save() or save_all()")
        }
        let style = NumberStyle()
        let z = try PymrioFolder.table(directory, zEntry, what: "Z", style: style)
        let n = z.rows
        guard n > 0, z.columns == n else {
            throw ChainLoadError(file: z.grid.path, line: z.records.first?.line ?? 1, message: "Z is not square: \(n) rows and \(z.columns) columns")
        }
        for j in 0..<n where z.columnLabels[j] != z.rowLabels[j] {
            let header = z.grid.records[0]
            throw z.grid.error(header, z.firstValueColumn + j, "column \(j + 1) of Z is \(z.columnLabels[j].joined(separator: " / ")) but row \(j + 1) is \(z.rowLabels[j].joined(separator: " / ")): rows and columns list the same sectors in the same order")
        }
        let chainName = name ?? "mrio"
        let ids = StageIDs.derive(z.rowLabels.map { $0.joined(separator: "_") }, chainName: chainName)
        let names = z.rowLabels.map { $0.joined(separator: " / ") }
        let stages = zip(ids, names).map { Stage(id: $0, name: $1, description: "") }
        var index: [[String]: Int] = [:]
        for (i, label) in z.rowLabels.enumerated() {
            if let first = index[label] {
                throw z.grid.error(z.records[i], 0, "sector \(names[i]) appears twice in Z (first on line \(z.records[first].line))")
            }
            index[label] = i
        }

        let flowSource = Provenance(source: "pymrio folder \(systemName ?? directory), \(zEntry.name)")
        for i in 0..<n {
            for j in 0..<n {
                let v = z.values[i * n + j]
                guard v >= 0 else {
                    throw z.grid.error(z.records[i], z.firstValueColumn + j, "a flow cannot be negative (\(z.texts[i * n + j]) from \(names[i]) to \(names[j]))")
                }
            }
        }
        // The core system's unit (flows, output, final demand): its unit file, when vmp knows it.
        var notes: [String] = []
        var money = "1"
        if let unitEntry = files["unit"] {
            let (_, texts) = try PymrioFolder.units(directory, unitEntry)
            let common = PymrioUnits.common(texts, file: unitEntry.name)
            money = common.unit
            if let note = common.note { notes.append(note) }
        } else {
            notes.append("no unit file among the files of \(PymrioFolder.parametersFile): flows, output and final demand are plain numbers")
        }
        var quantities: [QuantityKey: PublishedValue] = [:]
        var quantityNames: [String] = []
        var units: [String: [String]] = [:]
        func put(_ quantity: String, _ i: Int, _ value: Double, _ text: String, _ unit: String, _ source: String) {
            guard !text.isEmpty else { return }   // an empty cell is NA
            quantities[QuantityKey(stage: ids[i], quantity: quantity, year: year)] =
                PublishedValue(value: value, text: text, unit: unit, provenance: Provenance(source: source, note: names[i] == ids[i] ? nil : "\(names[i]) (id \(ids[i]))"))
            if !quantityNames.contains(quantity) { quantityNames.append(quantity) }
            if units[quantity] == nil { units[quantity] = [unit] }
        }
        /// The row of `table` for each stage, by its labels.
        func rowsByStage(_ table: PymrioFolder.Table, _ what: String) throws -> [Int] {
            var rows = [Int?](repeating: nil, count: n)
            for (r, label) in table.rowLabels.enumerated() {
                guard let i = index[label] else {
                    throw table.grid.error(table.records[r], 0, "\(what) has a row for \(label.joined(separator: " / ")), which is not a sector of Z")
                }
                rows[i] = r
            }
            if let missing = rows.firstIndex(where: { $0 == nil }) {
                throw ChainLoadError(file: table.grid.path, line: 0, message: "\(what) has no row for \(names[missing])")
            }
            return rows.compactMap { $0 }
        }
        var x = [Double](repeating: 0, count: n)
        if let entry = files["x"] {
            let table = try PymrioFolder.table(directory, entry, what: "x", style: style)
            let rows = try rowsByStage(table, "x")
            for i in 0..<n {
                let r = rows[i], k = r * table.columns
                guard table.values[k] >= 0 else {
                    throw table.grid.error(table.records[r], table.firstValueColumn, "total output cannot be negative (\(table.texts[k]) for \(names[i]))")
                }
                x[i] = table.values[k]
                put("output", i, x[i], table.texts[k], money, "pymrio folder \(systemName ?? directory), \(entry.name)")
            }
        }
        if let entry = files["Y"] {
            let table = try PymrioFolder.table(directory, entry, what: "Y", style: style)
            let rows = try rowsByStage(table, "Y")
            for i in 0..<n {
                let sum = (0..<table.columns).reduce(0.0) { $0 + table.values[rows[i] * table.columns + $1] }
                put("final_demand", i, sum, PymrioFolder.plainText(sum), money, "pymrio folder \(systemName ?? directory), \(entry.name): sum of the row")
            }
        }
        if files["x"] == nil {
            throw ChainLoadError(file: parametersPath, line: 0, message: "no x (total output) among the files: run calc_all() (or calc_system()) before save()")
        }
        notes += try readExtensions(directory, stageRows: rowsByStage, money: money, put: put, style: style)

        var chain = Chain(name: chainName, title: "pymrio folder \(systemName ?? directory)", stages: stages, years: year...year,
                          quantityNames: quantityNames, quantities: quantities, linkages: [:], units: units, flowUnit: money)
        chain.addDense([DenseLinkages(kind: .flow, year: year, ids: ids, values: z.values, texts: z.texts,
                                      present: z.texts.map { !$0.isEmpty }, unit: money, provenance: flowSource)])
        chain.notes += notes
        chain.defaultShock = .pull
        chain.idsFromNames = true
        let derived = StageIDs.derivations(names: names, ids: ids)
        if !derived.isEmpty { chain.notes.append("stage ids derived from the sectors of \(zEntry.name) (region / sector → REGION_SECTOR): " + derived.joined(separator: ", ")) }
        try checkPymrioFlows(z.values, x: x, n: n, file: z.grid.path, year: year)
        return chain
    }

    /// Each subfolder with a `file_parameters.json` of systemtype `Extension`: `F` rows in the
    /// extension's unit and `S` rows in it per `money` (the core system's unit), each when vmp
    /// knows it (``PymrioUnits``). Returns the notes on unit texts not understood.
    private static func readExtensions(_ directory: String, stageRows: (PymrioFolder.Table, String) throws -> [Int], money: String,
                                       put: (String, Int, Double, String, String, String) -> Void, style: NumberStyle) throws -> [String] {
        var notes: [String] = []
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var taken = Set<String>()
        for entry in entries {
            let sub = joined(directory, entry)
            guard FileManager.default.fileExists(atPath: joined(sub, PymrioFolder.parametersFile)) else { continue }
            let (files, type, extensionName) = try PymrioFolder.parameters(sub)
            guard type == "Extension" else { continue }
            let label = extensionName ?? entry
            var unitOf: [[String]: String] = [:]
            var unknown: [String] = []
            if let unitEntry = files["unit"] {
                let (labels, texts) = try PymrioFolder.units(sub, unitEntry)
                for (label, text) in zip(labels, texts) {
                    unitOf[label] = text
                    if PymrioUnits.unit(text) == nil, !unknown.contains(text) { unknown.append(text) }
                }
            }
            if !unknown.isEmpty {
                notes.append("unit text \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")) of \(entry)/\(files["unit"]?.name ?? "unit.txt") not understood: its rows are plain numbers")
            }
            for matrix in ["F", "S"] {
                guard let fileEntry = files[matrix] else { continue }
                let table = try PymrioFolder.table(sub, fileEntry, what: "\(entry)/\(fileEntry.name)", style: style)
                // Columns are the sectors of Z, in any order.
                let columns = try stageRows(PymrioFolder.Table(grid: table.grid, rowLabels: table.columnLabels, columnLabels: [], values: [],
                                                               texts: [], records: Array(repeating: table.grid.records[0], count: table.columns),
                                                               firstValueColumn: table.firstValueColumn), "\(entry)/\(fileEntry.name) (its columns)")
                for (r, stressor) in table.rowLabels.enumerated() {
                    var quantity = matrix + "_" + StageIDs.derive(stressor.joined(separator: "_"), position: r + 1, chainName: "")
                    var k = 2
                    while taken.contains(quantity) { quantity = "\(matrix)_\(StageIDs.derive(stressor.joined(separator: "_"), position: r + 1, chainName: ""))_\(k)"; k += 1 }
                    taken.insert(quantity)
                    let printed = unitOf[stressor]
                    let known = printed.flatMap(PymrioUnits.unit)
                    let unit = matrix == "F" ? (known ?? "1") : PymrioUnits.perOutput(known ?? "1", money)
                    let source = "pymrio folder, extension \(label), \(fileEntry.name), row \(stressor.joined(separator: " / "))"
                        + (printed == nil ? " (no unit given, read as a plain number)"
                           : known == nil ? " (unit \(printed ?? ""), not understood, read as a plain number)" : "")
                    for i in 0..<columns.count {
                        let c = columns[i], v = table.values[r * table.columns + c]
                        put(quantity, i, v, table.texts[r * table.columns + c], unit, source)
                    }
                }
            }
        }
        return notes
    }

    /// Flows with their outputs must give an A of spectral radius below 1 (the bound
    /// min(‖A‖₁, ‖A‖∞) < 1 first, the eigenvalues only when it does not settle it).
    private static func checkPymrioFlows(_ z: [Double], x: [Double], n: Int, file: String, year: Int) throws {
        guard x.allSatisfy({ $0 > 0 }) else { return }
        var column = [Double](repeating: 0, count: n), row = [Double](repeating: 0, count: n)
        var a = Matrix(rows: n, cols: n, repeating: 0)
        for i in 0..<n { for j in 0..<n { let v = z[i * n + j] / x[j]; a[i, j] = v; column[j] += v; row[i] += v } }
        if min(column.max() ?? 0, row.max() ?? 0) < 1 { return }
        guard a.isFinite, let rho = try? a.spectralRadius(), rho >= 1 else { return }
        throw ChainLoadError(file: file, line: 0, message: "the flows of \(year) (A = Z x̂⁻¹) have spectral radius \(Formatter(precision: 3).number(rho)) ≥ 1: the Leontief and Ghosh inverses would not exist")
    }
}

extension PymrioFolder {
    /// The rows of a unit file: each row's labels and its unit text (the last field).
    static func units(_ directory: String, _ entry: FileEntry) throws -> (labels: [[String]], texts: [String]) {
        let path = Chain.joined(directory, entry.name)
        let grid = try CSVGrid.read(url: URL(fileURLWithPath: path), shownAs: path, delimiter: UInt8(ascii: "\t"))
        var labels: [[String]] = [], texts: [String] = []
        for record in grid.records.dropFirst(entry.headerRows) where record.count > entry.indexColumns {
            labels.append((0..<entry.indexColumns).map { grid.text(record, $0) })
            texts.append(grid.text(record, record.count - 1))
        }
        return (labels, texts)
    }

    /// A computed number as plain decimal text: whole numbers without a point, others in
    /// Swift's shortest round-trip form.
    static func plainText(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
