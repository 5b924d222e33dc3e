import Foundation
import SwiftCSV

/// A problem in a chain's data files, with the place it was found.
///
/// `line` is 1-based (line 1 is the header); `line == 0` means the problem concerns the
/// whole file (missing, unreadable, empty) or no single place in it. `column` is 1-based,
/// counted in Unicode scalars, and points at the start of the offending field.
public struct ChainLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's path (for the built-in dataset, the directory that was looked for).
    public var file: String
    /// 1-based line; 0 when the error is about the whole file.
    public var line: Int
    /// 1-based column of the offending field, if there is one.
    public var column: Int?
    /// What is wrong, in one line.
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:col: error: message`, or `file:line: error: message` without a column,
    /// or `file: error: message` when the error concerns the whole file (`line == 0`).
    public var description: String {
        guard line > 0 else { return "\(file): error: \(message)" }
        if let column { return "\(file):\(line):\(column): error: \(message)" }
        return "\(file):\(line): error: \(message)"
    }
}

extension Chain {
    /// The data files of a chain directory and their columns (any order, all required).
    static let stagesFile = "stages.csv"
    static let quantitiesFile = "quantities.csv"
    static let linkagesFile = "linkages.csv"
    static let stagesColumns = ["id", "name", "description"]
    static let quantitiesColumns = ["stage", "quantity", "year", "value", "unit", "source", "note"]
    static let linkagesColumns = ["from", "to", "year", "kind", "value", "unit", "source", "note"]

    /// Loads a chain from a directory holding three UTF-8 CSV files with a header line:
    ///
    /// - `stages.csv` — `id,name,description`, one stage per row, in chain order.
    /// - `quantities.csv` — `stage,quantity,year,value,unit,source,note`: one published
    ///   stage quantity per row. `year` is empty when the source states none; `value` is the
    ///   number exactly as printed (kept as ``PublishedValue/text``), without thousands
    ///   separators; `unit` is the unit as printed (`10^4 t`, `million RMB`, `1` for none);
    ///   `source` is the table or section; `note` may be empty.
    /// - `linkages.csv` — `from,to,year,kind,value,unit,source,note`: one published linkage
    ///   coefficient per row; `from` is the supplying stage (row i), `to` the receiving stage
    ///   (column j) for both kinds; `kind` is `forward` or `backward`; `year` is required.
    ///
    /// The chain's ``Chain/years`` are the smallest through the largest year of
    /// `linkages.csv` (of `quantities.csv` when there are no linkages); every quantity's year
    /// must fall within them. ``Chain/quantityNames`` lists quantity names in order of first
    /// appearance in `quantities.csv`.
    ///
    /// Values are plain decimal numbers: optional sign, digits, optional fraction, optional
    /// exponent (`0.070`, `113947`, `1.5e-3`); no thousands separators, no units.
    ///
    /// - Parameters:
    ///   - directory: The directory holding the three files.
    ///   - name: The chain's name in the language (`vanadium`).
    ///   - title: A one-line description (region, period, source).
    /// - Throws: ``ChainLoadError`` — the first problem found, with file, line and column —
    ///   when a file is missing or unreadable, a header has a missing, extra, misnamed or
    ///   repeated column, a row has the wrong number of fields, a value is not a plain
    ///   decimal number (`1,234`, `abc`), a year is not an integer or lies outside the
    ///   chain's years, a stage id is unknown or repeated, a kind is neither `forward` nor
    ///   `backward`, a required field (`unit`, `source`, …) is empty, or two rows have the
    ///   same key. Nothing is returned in part.
    public static func load(directory: URL, name: String, title: String) throws -> Chain {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue
        else {
            throw ChainLoadError(file: directory.path, line: 0,
                                 message: "chain directory not found")
        }

        // Stages.
        let stagesTable = try CSVTable.read(directory: directory, file: stagesFile, columns: stagesColumns)
        var stages: [Stage] = []
        var stageLines: [String: Int] = [:]
        for row in stagesTable.rows {
            let id = row["id"]
            guard !id.isEmpty else { throw stagesTable.error(row, "id", "missing stage id") }
            guard isIdentifier(id) else {
                throw stagesTable.error(row, "id", "stage id \"\(id)\" is not an identifier (letters, digits and _, not starting with a digit)")
            }
            if let first = stageLines[id] {
                throw stagesTable.error(row, "id", "duplicate stage \"\(id)\" (first given on line \(first))")
            }
            let stageName = row["name"]
            guard !stageName.isEmpty else { throw stagesTable.error(row, "name", "missing name for stage \"\(id)\"") }
            stageLines[id] = row.line
            stages.append(Stage(id: id, name: stageName, description: row["description"]))
        }
        guard !stages.isEmpty else {
            throw ChainLoadError(file: stagesTable.path, line: 0, message: "no stages")
        }
        let stageList = stages.map(\.id).joined(separator: ", ")

        func stageID(_ table: CSVTable, _ row: CSVTable.Row, _ column: String) throws -> String {
            let id = row[column]
            guard !id.isEmpty else { throw table.error(row, column, "missing stage in column \"\(column)\"") }
            guard stageLines[id] != nil else {
                throw table.error(row, column, "unknown stage \"\(id)\" (stages are \(stageList))")
            }
            return id
        }

        // Linkages (read first: their years define the chain's years).
        let linkagesTable = try CSVTable.read(directory: directory, file: linkagesFile, columns: linkagesColumns)
        var linkages: [LinkageKey: PublishedValue] = [:]
        var linkageLines: [LinkageKey: Int] = [:]
        for row in linkagesTable.rows {
            let from = try stageID(linkagesTable, row, "from")
            let to = try stageID(linkagesTable, row, "to")
            guard let year = try parseYear(linkagesTable, row) else {
                throw linkagesTable.error(row, "year", "missing year (every linkage coefficient needs one)")
            }
            let kindText = row["kind"]
            guard let kind = LinkageKind(rawValue: kindText) else {
                throw linkagesTable.error(row, "kind", "unknown kind \"\(kindText)\" (expected forward or backward)")
            }
            let value = try parseValue(linkagesTable, row)
            let key = LinkageKey(from: from, to: to, kind: kind, year: year)
            if let first = linkageLines[key] {
                throw linkagesTable.error(row, "from", "duplicate \(kind.rawValue) linkage \(from)→\(to) for \(year) (first given on line \(first))")
            }
            linkageLines[key] = row.line
            linkages[key] = value
        }

        // Quantities.
        let quantitiesTable = try CSVTable.read(directory: directory, file: quantitiesFile, columns: quantitiesColumns)
        var quantities: [QuantityKey: PublishedValue] = [:]
        var quantityLines: [QuantityKey: Int] = [:]
        var quantityNames: [String] = []
        var quantityYears: [(year: Int, row: CSVTable.Row)] = []
        for row in quantitiesTable.rows {
            let stage = try stageID(quantitiesTable, row, "stage")
            let quantity = row["quantity"]
            guard !quantity.isEmpty else { throw quantitiesTable.error(row, "quantity", "missing quantity name") }
            guard isIdentifier(quantity) else {
                throw quantitiesTable.error(row, "quantity", "quantity name \"\(quantity)\" is not an identifier (letters, digits and _, not starting with a digit)")
            }
            let year = try parseYear(quantitiesTable, row)
            let value = try parseValue(quantitiesTable, row)
            let key = QuantityKey(stage: stage, quantity: quantity, year: year)
            if let first = quantityLines[key] {
                let when = year.map(String.init) ?? "no year"
                throw quantitiesTable.error(row, "stage", "duplicate value for \(stage) \(quantity) (\(when)) (first given on line \(first))")
            }
            quantityLines[key] = row.line
            quantities[key] = value
            if !quantityNames.contains(quantity) { quantityNames.append(quantity) }
            if let year { quantityYears.append((year, row)) }
        }

        // Years: those of the linkage tables; every dated quantity must fall within them.
        let years: ClosedRange<Int>
        let linkageYears = linkages.keys.map(\.year)
        if let low = linkageYears.min(), let high = linkageYears.max() {
            years = low...high
            for (year, row) in quantityYears where !years.contains(year) {
                throw quantitiesTable.error(row, "year", "year \(year) is outside the chain's years \(low)...\(high) (the years of \(linkagesFile))")
            }
        } else if let low = quantityYears.map(\.year).min(), let high = quantityYears.map(\.year).max() {
            years = low...high
        } else {
            throw ChainLoadError(file: linkagesTable.path, line: 0,
                                 message: "no years: neither \(linkagesFile) nor \(quantitiesFile) has a dated value")
        }
        // Every table is laid out year by year: a span like 1..2000000000 is a data error, not a chain.
        guard years.upperBound - years.lowerBound <= 1000 else {
            throw ChainLoadError(file: linkagesTable.path, line: 0,
                                 message: "the years \(years.lowerBound)...\(years.upperBound) span more than 1000 years")
        }

        return Chain(name: name, title: title, stages: stages, years: years,
                     quantityNames: quantityNames, quantities: quantities, linkages: linkages)
    }

    /// The built-in dataset: China's vanadium industry Material-Product chain, 2015–2022
    /// (stages S1–S5; Tables S1–S3, §4.2 and the stage profiles of the supporting text).
    ///
    /// Units: costs in `million RMB`, outputs in `10^4 t` or `t`, unit-time outputs in
    /// `10^4 t/day` or `t/day`, emissions in `t CO2` or `10^4 t CO2`, linkage coefficients,
    /// intensities, ranks and responses `1` (dimensionless or not stated), each as printed.
    ///
    /// The chain is the package resource `vanadium` — its manifest `chain.toml` (the format
    /// of ``load(manifest:name:)``) with `stages.csv`, `quantities.csv` and `linkages.csv` —
    /// found in SwiftPM's resource folder
    /// (`vmp_VMPCore.resources` on Linux, `vmp_VMPCore.bundle` on macOS) next to the running
    /// executable; SwiftPM's `Bundle.module` is not used, so a missing folder is an error,
    /// not a crash.
    ///
    /// - Throws: ``ChainLoadError`` when the resource folder is not found next to the
    ///   executable (the message lists where it looked), or when its files are malformed.
    public static func vanadium() throws -> Chain {
        try load(manifest: try vanadiumManifestPath())
    }

    /// The path of the built-in chain's manifest (`…/vmp_VMPCore.resources/vanadium/chain.toml`).
    /// - Throws: ``ChainLoadError`` when the resource folder is not found next to the executable.
    public static func vanadiumManifestPath() throws -> String {
        try resourceDirectory("vanadium").appendingPathComponent(manifestFileName).path
    }

    /// Names SwiftPM gives the VMPCore resource folder (Linux, then macOS layouts).
    static let resourceBundleNames = [
        "vmp_VMPCore.resources",
        "vmp_VMPCore.bundle/Contents/Resources",
        "vmp_VMPCore.bundle",
    ]

    /// Finds the resource directory `name` in the VMPCore resource folder next to the
    /// executable. Throws ``ChainLoadError`` listing the places searched.
    static func resourceDirectory(_ name: String) throws -> URL {
        var searched: [String] = []
        for base in executableDirectories() {
            for bundle in resourceBundleNames {
                let candidate = base.appendingPathComponent(bundle, isDirectory: true)
                    .appendingPathComponent(name, isDirectory: true)
                let probe = candidate.appendingPathComponent(manifestFileName).path
                if FileManager.default.fileExists(atPath: probe) { return candidate }
                if !searched.contains(candidate.path) { searched.append(candidate.path) }
            }
        }
        throw ChainLoadError(
            file: "\(resourceBundleNames[0])/\(name)", line: 0,
            message: "built-in dataset \"\(name)\" not found next to the executable; looked in: "
                + (searched.isEmpty ? "(no executable directory known)" : searched.joined(separator: ", ")))
    }

    /// Directories that may hold the executable's resource folders: `Bundle.main`'s,
    /// the executable's, and `argv[0]`'s (as given, and with symbolic links resolved).
    static func executableDirectories() -> [URL] {
        var result: [URL] = []
        func add(_ url: URL?) {
            guard let url else { return }
            for candidate in [url.standardizedFileURL, url.resolvingSymlinksInPath()]
            where !result.contains(candidate) {
                result.append(candidate)
            }
        }
        add(Bundle.main.bundleURL)
        add(Bundle.main.executableURL?.deletingLastPathComponent())
        add(Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent())
        if let argv0 = CommandLine.arguments.first, !argv0.isEmpty {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            if argv0.contains("/") {
                let executable = URL(fileURLWithPath: argv0, relativeTo: cwd)
                add(executable.deletingLastPathComponent())
                add(executable.resolvingSymlinksInPath().deletingLastPathComponent())
            } else if let path = ProcessInfo.processInfo.environment["PATH"] {
                // Run through $PATH: the first directory holding an executable of that name.
                for directory in path.split(separator: ":") where !directory.isEmpty {
                    let executable = URL(fileURLWithPath: String(directory), isDirectory: true)
                        .appendingPathComponent(argv0)
                    if FileManager.default.isExecutableFile(atPath: executable.path) {
                        add(executable.deletingLastPathComponent())
                        add(executable.resolvingSymlinksInPath().deletingLastPathComponent())
                        break
                    }
                }
            }
        }
        return result
    }

    /// `true` when `text` is a letter or `_` followed by letters, digits and `_`.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// `true` for a plain decimal number: `[+-]? digits [. digits] [(e|E) [+-]? digits]`,
    /// with at least one digit before the exponent; ASCII digits only.
    static func isPlainDecimal(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            return index - start
        }
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        var mantissa = digits()
        if index < scalars.count, scalars[index] == "." {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == scalars.count
    }

    /// Why a plain decimal cannot be a Double, as for a typed literal: beyond about 1.8e308, or
    /// non-zero but below about 2.2e-308 (`1e-400` would silently read as 0); `nil` if it can.
    static func rangeProblem(_ text: String) -> String? {
        guard let value = Double(text), value.isFinite else {
            return "value \"\(text)\" is out of range (largest is about 1.8e308)"
        }
        let mantissa = text.prefix { $0 != "e" && $0 != "E" }
        if value.magnitude < Double.leastNormalMagnitude, mantissa.contains(where: { ("1"..."9").contains($0) }) {
            return "value \"\(text)\" is too small to represent (smallest is about 2.2e-308)"
        }
        return nil
    }

    /// The row's `value`, `unit`, `source` and `note` as a published value.
    static func parseValue(_ table: CSVTable, _ row: CSVTable.Row) throws -> PublishedValue {
        let text = row["value"]
        guard !text.isEmpty else { throw table.error(row, "value", "missing value") }
        guard isPlainDecimal(text) else {
            let hint = text.contains(",") ? " (write it without thousands separators, e.g. \(text.replacingOccurrences(of: ",", with: "")))" : ""
            throw table.error(row, "value", "value \"\(text)\" is not a plain decimal number\(hint)")
        }
        if let problem = rangeProblem(text) { throw table.error(row, "value", problem) }
        let value = Double(text) ?? 0
        let unit = row["unit"]
        guard !unit.isEmpty else { throw table.error(row, "unit", "missing unit (write 1 for a dimensionless value)") }
        let source = row["source"]
        guard !source.isEmpty else { throw table.error(row, "source", "missing source (the table or section the value comes from)") }
        let note = row["note"]
        return PublishedValue(value: value, text: text, unit: unit,
                              provenance: Provenance(source: source, note: note.isEmpty ? nil : note))
    }

    /// The row's `year`, `nil` when empty.
    static func parseYear(_ table: CSVTable, _ row: CSVTable.Row) throws -> Int? {
        let text = row["year"]
        guard !text.isEmpty else { return nil }
        guard text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let year = Int(text) else {
            throw table.error(row, "year", "year \"\(text)\" is not an integer")
        }
        guard text.count <= 9 else {
            throw table.error(row, "year", "year \(text) is too large (at most 9 digits)")
        }
        return year
    }
}

extension ChainLoadError {
    /// The text of a chain file: strict UTF-8 (the first bad byte is reported with its line and
    /// column), a leading byte-order mark dropped.
    /// - Throws: ``ChainLoadError`` when the file cannot be read or is not UTF-8.
    static func readText(_ url: URL, shownAs path: String, what: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ChainLoadError(file: path, line: 0, message: "cannot read \(what): \(error.localizedDescription)")
        }
        switch SourceText.decode(data) {
        case .success(let text):
            return text
        case .failure(let bad):
            throw ChainLoadError(file: path, line: bad.line, column: bad.column, message: "\(what) is not valid UTF-8 (byte \(bad.byte))")
        }
    }
}
