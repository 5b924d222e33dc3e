import Foundation

/// Loading a chain from a manifest (`chain.toml`) and its long-format CSV files.
extension Chain {
    /// The manifest's file name when a directory is given.
    public static let manifestFileName = "chain.toml"
    /// Columns of the data files: required, then optional.
    static let quantityColumns = (required: ["stage", "quantity", "year", "value", "unit", "source"], optional: ["note", "flag"])
    static let linkageColumns = (required: ["from", "to", "year", "kind", "value", "unit", "source"], optional: ["note", "flag"])
    static let stageFileColumns = (required: ["id", "name"], optional: ["description"])

    /// Loads the chain described by the manifest at `path` (or by `path/chain.toml` when `path`
    /// is a directory), with its data files.
    ///
    /// - `quantities` files: `stage,quantity,year,value,unit,source[,note]`, one stage quantity
    ///   per row; an empty `year` is a value whose year the source does not state.
    /// - `linkages` files: `from,to,year,kind,value,unit,source[,note]`; `kind` is `flow` (a flow
    ///   z_ij in the manifest's `flow_unit`), `forward` (b_ij) or `backward` (a_ij), both with
    ///   unit `1`; `from` is the supplying stage i, `to` the receiving stage j.
    ///
    /// An empty `value` is NA (the row is checked, and nothing is stored). Values are plain
    /// decimal numbers: `1,234` and `abc` are errors, never zeros.
    ///
    /// - Parameters:
    ///   - path: The manifest or its directory, absolute or relative to the current directory;
    ///     errors show data files relative to it.
    ///   - name: The chain's name in the language; the manifest's `name` when `nil`.
    ///   - year: The year of a table that has none (`load "…" as m year 2019`): a manifest
    ///     without years, a pymrio folder. A manifest with years must then have only that one.
    /// - Throws: ``ChainLoadError`` — the first problem, at its file, line and column: a bad
    ///   manifest (see ``ChainManifest``), a missing file or column, an unknown stage or kind, a
    ///   year outside `first_year…last_year`, a value that is not a number, a unit other than
    ///   the manifest's, a negative flow, a repeated row, or flows or coefficients of a year
    ///   whose matrix has spectral radius ≥ 1. Nothing is returned in part.
    ///
    /// A directory without `chain.toml` that holds pymrio's `file_parameters.json` is read as a
    /// folder saved by pymrio (``Chain/loadPymrio(directory:name:year:)``).
    public static func load(manifest path: String, name: String? = nil, year: Int? = nil) throws -> Chain {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ChainLoadError(file: path, line: 0, message: "chain manifest not found")
        }
        var shown = path
        if isDirectory.boolValue {
            shown = joined(path, manifestFileName)
            if !FileManager.default.fileExists(atPath: shown),
               FileManager.default.fileExists(atPath: joined(path, PymrioFolder.parametersFile)) {
                return try loadPymrio(directory: path, name: name, year: year)
            }
            guard FileManager.default.fileExists(atPath: shown) else {
                throw ChainLoadError(file: path, line: 0, message: "no \(manifestFileName) (nor pymrio's \(PymrioFolder.parametersFile)) in this directory")
            }
        }
        let manifest = try ChainManifest.read(url: URL(fileURLWithPath: shown), shownAs: shown, year: year)
        let base = directoryPart(shown)
        var loader = ManifestLoader(manifest: manifest, base: base)
        return try loader.load(name: name ?? manifest.name)
    }

    /// `directory/file` with `x/..` and `.` folded away (`data/../good/q.csv` → `good/q.csv`), or
    /// `file` when it is absolute or the directory is empty.
    static func joined(_ directory: String, _ file: String) -> String {
        if file.hasPrefix("/") || directory.isEmpty { return file }
        let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let folded = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + folded : (folded.isEmpty ? "." : folded)
    }

    /// The directory part of a path as typed (`""` for a bare file name).
    static func directoryPart(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// Reads the data files of one manifest and checks every row against it.
struct ManifestLoader {
    let manifest: ChainManifest
    /// The manifest's directory, as typed.
    let base: String
    var stageLines: [String: Int] = [:]
    /// Each stage id's 0-based place in ``stages`` (the first, should an id repeat), set once
    /// the stages are known: the long-layout rows look their stages up here.
    var stagePositions: [String: Int] = [:]
    var stages: [Stage] = []
    var quantities: [QuantityKey: PublishedValue] = [:]
    /// The published linkages in file order, keys distinct (``LinkageStore/init(rows:dense:)``).
    var linkages: [(key: LinkageKey, value: PublishedValue)] = []
    var quantityNames: [String] = []
    /// Where a stored linkage row is, for the checks that run after every file is read.
    struct LinkageRow {
        var key: LinkageKey
        var file: String
        var line: Int
        /// The columns of its `from` and `value` fields.
        var fromColumn: Int?
        var valueColumn: Int?
        /// The places of `key.from` and `key.to` in the chain's stages.
        var fromPosition: Int
        var toPosition: Int
        /// The stored value's number and unit (as in ``Chain/linkages`` under `key`).
        var value: Double
        var unit: String

        func error(_ column: String, _ message: String) -> ChainLoadError {
            ChainLoadError(file: file, line: line, column: column == "from" ? fromColumn : valueColumn, message: message)
        }
    }
    var linkageRows: [LinkageRow] = []
    /// Rows already read from earlier files (a chain may split its data over several).
    var seenQuantities: [QuantityKey: (file: String, line: Int)] = [:]
    /// Linkage rows already read, by stage places, kind and year (``SeenLinkage``).
    var seenLinkages: [SeenLinkage: (file: String, line: Int)] = [:]
    /// The kinds in `seenLinkages`, one bit per kind (``kindBit(_:)``).
    var kindsSeen: UInt8 = 0
    /// A wide table's stage ids derived from names (`"Name" → id`), for the chain's notes.
    var derivations: [String] = []
    /// A wide table's matrix (row-major), for the spectral-radius check.
    var wideMatrix: (kind: LinkageKind, year: Int, values: [Double], file: String, columns: [Int])?
    /// A wide table's values, kept dense (``DenseLinkages``).
    var dense: [DenseLinkages] = []

    init(manifest: ChainManifest, base: String) {
        self.manifest = manifest
        self.base = base
    }

    var yearsText: String { "\(manifest.years.lowerBound)..\(manifest.years.upperBound)" }
    var manifestName: String { manifest.path.split(separator: "/").last.map(String.init) ?? manifest.path }

    func table(_ file: String, _ columns: (required: [String], optional: [String])) throws -> CSVTable {
        let shown = Chain.joined(base, file)
        return try CSVTable.read(url: URL(fileURLWithPath: shown), shownAs: shown, required: columns.required, optional: columns.optional)
    }

    mutating func load(name: String) throws -> Chain {
        stages = manifest.stages
        if let file = manifest.stagesFile { stages = try readStages(file) }
        if let wide = manifest.wide { try readWide(wide) }
        for (index, stage) in stages.enumerated() { stageLines[stage.id] = index + 1 }
        stagePositions.reserveCapacity(stages.count)
        for (index, stage) in stages.enumerated() where stagePositions[stage.id] == nil { stagePositions[stage.id] = index }
        for file in manifest.quantityFiles { try readQuantities(try table(file, Chain.quantityColumns)) }
        for file in manifest.linkageFiles { try readLinkages(try table(file, Chain.linkageColumns)) }
        for declared in manifest.unitOrder where !quantityNames.contains(declared) { quantityNames.append(declared) }
        try checkShareSums()
        try checkWideMatrix()
        var units = manifest.units
        if manifest.wide != nil {
            // The wide table's accounts are in the unit of its flows unless [units] says otherwise.
            for quantity in ["output", "final_demand", "value_added"] where units[quantity] == nil && quantityNames.contains(quantity) {
                units[quantity] = [manifest.flowUnit ?? "1"]
            }
        }
        var chain = Chain(name: name, title: manifest.title, stages: stages, years: manifest.years, quantityNames: quantityNames,
                          quantities: quantities, linkages: [:], units: units, flowUnit: manifest.flowUnit)
        chain.linkageStore = LinkageStore(rows: linkages, dense: dense)
        chain.defaultShock = manifest.defaultShock
        if let households = manifest.households {
            guard stages.contains(where: { $0.id == households }) else {
                throw ChainLoadError(file: manifest.path, line: manifest.locator.key("chain", "households")?.line ?? 0,
                                     message: "households names the stage \"\(households)\", which the chain does not have (stages: \(stages.map(\.id).joined(separator: ", ")))")
            }
            chain.households = households
        }
        chain.newUnits = manifest.newUnits
        chain.idsFromNames = manifest.wide != nil
        if !derivations.isEmpty {
            chain.notes.append("stage ids derived from the names in \(manifest.wide?.file ?? ""): " + derivations.joined(separator: ", "))
        }
        try checkSpectralRadii(chain)
        return chain
    }

    func readStages(_ file: String) throws -> [Stage] {
        let table = try table(file, Chain.stageFileColumns)
        var out: [Stage] = []
        var lines: [String: Int] = [:]
        for row in table.rows {
            let id = row["id"]
            guard !id.isEmpty else { throw table.error(row, "id", "missing stage id") }
            if let problem = Chain.stageIDProblem(id, chainName: manifest.name) { throw table.error(row, "id", problem) }
            if let first = lines[id] { throw table.error(row, "id", "duplicate stage \"\(id)\" (first given on line \(first))") }
            lines[id] = row.line
            out.append(Stage(id: id, name: row["name"].isEmpty ? id : row["name"], description: row["description"]))
        }
        guard !out.isEmpty else { throw ChainLoadError(file: table.path, line: 0, message: "no stages") }
        return out
    }

    /// Published shares of one stage may not sum above 1 in a year: the forward coefficients
    /// b_ij of a supplying stage i over j (it cannot deliver more than its output), and the
    /// backward coefficients a_ij of a receiving stage j over i (its inputs cannot exceed its
    /// output). The error points at the row that takes the sum above 1.
    func checkShareSums() throws {
        var sums: [String: Double] = [:]
        for r in linkageRows where r.key.kind != .flow {
            let stage = r.key.kind == .forward ? r.key.from : r.key.to
            let id = "\(r.key.kind.rawValue)\u{0}\(stage)\u{0}\(r.key.year)"
            let sum = sums[id, default: 0] + r.value
            sums[id] = sum
            if sum > 1 + 1e-9 {
                let what = r.key.kind == .forward
                    ? "the forward coefficients of \(stage) (shares of its output delivered to each stage)"
                    : "the backward coefficients of \(stage) (inputs per unit of its output)"
                throw r.error("value", "\(what) for \(r.key.year) sum to \(Formatter(precision: 6).number(sum)) > 1")
            }
        }
    }

    /// Flows (with outputs) and published coefficients must make matrices with spectral radius
    /// below 1, or the Leontief and Ghosh inverses do not exist. The error points at the first
    /// row (in file order) of the year and kind that lies on a loop.
    func checkSpectralRadii(_ chain: Chain) throws {
        // The rows of each year and kind, by index into `linkageRows` (in file order). Every
        // row carries its stages' places and its value (a long-layout chain has no dense blocks
        // that could replace it), so no dictionary is asked per row.
        let n = chain.stages.count
        struct GroupKey: Hashable { var year: Int, kind: LinkageKind }
        var groups: [GroupKey: [Int]] = [:]
        for (k, r) in linkageRows.enumerated() { groups[GroupKey(year: r.key.year, kind: r.key.kind), default: []].append(k) }
        var scales: [String: Double?] = [:]
        var last: (unit: String, scale: Double?)?
        func base(_ r: LinkageRow) -> Double? {
            if let last, last.unit == r.unit { return last.scale.map { r.value * $0 } }
            let scale: Double?
            if let known = scales[r.unit] {
                scale = known
            } else {
                scale = (try? UnitRegistry.resolveChecked(r.unit))?.scale
                scales[r.unit] = scale
            }
            last = (r.unit, scale)
            return scale.map { r.value * $0 }
        }
        for year in chain.years {
            for kind in LinkageKind.allCases {
                let indices = groups[GroupKey(year: year, kind: kind)] ?? []
                guard !indices.isEmpty else { continue }
                var m = Matrix(rows: n, cols: n, repeating: 0)
                let what: String
                if kind == .flow {
                    guard let x = Chain.outputs(chain, year: year) else { continue }
                    for k in indices {
                        let r = linkageRows[k]
                        guard let z = base(r) else { continue }
                        m[r.fromPosition, r.toPosition] += z / x[r.toPosition]
                    }
                    what = "the flows of \(year) (A = Z x̂⁻¹ with the outputs of \(year))"
                } else {
                    for k in indices {
                        let r = linkageRows[k]
                        m[r.fromPosition, r.toPosition] = r.value
                    }
                    what = "the \(kind.rawValue) coefficients of \(year)"
                }
                // ρ(M) ≤ min(‖M‖₁, ‖M‖∞): below 1 (the usual case) needs no eigenvalues, and so
                // no LAPACK at start-up.
                guard m.isFinite, Swift.min(m.oneNorm, m.infinityNorm) >= 1 else { continue }
                guard let rho = try? m.spectralRadius(), rho >= 1 else { continue }
                let rows = indices.map { linkageRows[$0] }
                let onLoop = rows.first { r in Chain.path(from: r.key.to, to: r.key.from, rows.map(\.key)) != nil } ?? rows[0]
                let loop = ([onLoop.key.from] + (Chain.path(from: onLoop.key.to, to: onLoop.key.from, rows.map(\.key)) ?? [onLoop.key.to]))
                    .joined(separator: "→")
                throw onLoop.error("from",
                    "\(what) have spectral radius \(Formatter(precision: 3).number(rho)) ≥ 1 around the loop \(loop): the Leontief and Ghosh inverses would not exist (a shock would grow without bound)")
            }
        }
    }
}

extension Chain {
    /// A value in base units (t for masses), `nil` when absent or its unit is unknown.
    static func base(_ value: PublishedValue?) -> Double? {
        guard let value, let unit = try? UnitRegistry.resolveChecked(value.unit) else { return nil }
        return value.value * unit.scale
    }

    /// Every stage's `output` of `year` in base units, when all are published, positive and
    /// of the same dimension as the flows; `nil` otherwise.
    static func outputs(_ chain: Chain, year: Int) -> [Double]? {
        guard let flowUnit = chain.flowUnit, let flowDimension = try? chain.unit(flowUnit) else { return nil }
        var x: [Double] = []
        for stage in chain.stages {
            guard let p = chain.quantities[QuantityKey(stage: stage.id, quantity: "output", year: year)],
                  let unit = try? chain.unit(p.unit), unit.sameDimension(flowDimension), p.value > 0 else { return nil }
            x.append(p.value * unit.scale)
        }
        return x
    }

    /// The stages of a path `from` … `to` along `edges` (breadth first), `nil` when there is none.
    static func path(from start: String, to goal: String, _ edges: [LinkageKey]) -> [String]? {
        var previous: [String: String] = [:]
        var queue = [start]
        var seen: Set<String> = [start]
        while !queue.isEmpty {
            let node = queue.removeFirst()
            if node == goal {
                var path = [node]
                var current = node
                while let p = previous[current] { path.insert(p, at: 0); current = p }
                return path
            }
            for edge in edges where edge.from == node && !seen.contains(edge.to) {
                seen.insert(edge.to)
                previous[edge.to] = node
                queue.append(edge.to)
            }
        }
        return nil
    }
}
