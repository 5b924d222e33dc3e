import Foundation

extension Chain {
    /// The files of an exported chain directory.
    static let exportedFiles = [manifestFileName, "quantities.csv", "linkages.csv"]

    /// Writes the chain as a directory that ``load(manifest:name:)`` reads back equal:
    /// `chain.toml` (stages inline, the units of every quantity), `quantities.csv` and
    /// `linkages.csv` with every value as printed, its unit, source and note.
    ///
    /// A new directory is written under a temporary name beside it and renamed into place, so
    /// it appears complete or not at all; into an existing directory (only with `overwrite`)
    /// each file is replaced atomically.
    /// - Throws: ``WriteError``: a file exists without `overwrite`, the parent directory is
    ///   missing, or the system refuses.
    func write(toDirectory path: String, overwrite: Bool) throws(WriteError) {
        let directory = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        let files = [(Chain.manifestFileName, manifestText()), ("quantities.csv", quantitiesText()), ("linkages.csv", linkagesText())]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .failed(directory, reason: "it is a file, not a directory") }
            if !overwrite {
                for (file, _) in files where FileManager.default.fileExists(atPath: Chain.joined(directory, file)) {
                    throw .exists(Chain.joined(directory, file))
                }
            }
            for (file, text) in files { try AtomicFile.write(text, to: Chain.joined(directory, file), overwrite: overwrite) }
            return
        }
        let parent = Chain.directoryPart(directory).isEmpty ? "." : Chain.directoryPart(directory)
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .noDirectory(parent)
        }
        let name = directory.split(separator: "/").last.map(String.init) ?? "chain"
        let temporary = Chain.joined(parent, ".\(name).vmp-\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            for (file, text) in files {
                guard FileManager.default.createFile(atPath: Chain.joined(temporary, file), contents: Data(text.utf8)) else {
                    throw WriteError.failed(directory, reason: "cannot create \(file)")
                }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .failed(directory, reason: (error as? WriteError).map { "\($0)" } ?? error.localizedDescription)
        }
        if rename(temporary, directory) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            if code == EEXIST || code == ENOTEMPTY { throw .exists(directory) }
            throw .failed(directory, reason: String(cString: strerror(code)))
        }
    }

    /// The units of `quantity`: as declared, else those its values use, in order.
    func unitsOf(_ quantity: String) -> [String] {
        if let declared = units[quantity], !declared.isEmpty { return declared }
        var found: [String] = []
        for stage in stages {
            for year in [nil] + years.map(Optional.some) {
                if let p = quantities[QuantityKey(stage: stage.id, quantity: quantity, year: year)], !found.contains(p.unit) {
                    found.append(p.unit)
                }
            }
        }
        return found.isEmpty ? ["1"] : found
    }

    /// A TOML key: bare when ASCII letters, digits, `_` and `-` only, else quoted.
    static func tomlKey(_ key: String) -> String {
        key.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }
            ? key : JSON.quote(key)
    }

    func manifestText() -> String {
        var lines = ["# A vmp chain manifest, written by `export \(name) to …`. Format: README, \"Your own chain\".", "",
                     "[chain]", "name = \(JSON.quote(name))", "title = \(JSON.quote(title))",
                     "first_year = \(years.lowerBound)", "last_year = \(years.upperBound)"]
        if let flowUnit { lines.append("flow_unit = \(JSON.quote(flowUnit))") }
        if !newUnits.isEmpty { lines.append("new_units = [\(newUnits.map(JSON.quote).joined(separator: ", "))]") }
        if defaultShock != .push { lines.append("default_shock = \(JSON.quote(defaultShock.rawValue))") }
        if let households { lines.append("households = \(JSON.quote(households))") }
        lines += ["", "[files]", "quantities = \"quantities.csv\"", "linkages = \"linkages.csv\"", "", "[units]"]
        for quantity in quantityNames {
            let list = unitsOf(quantity)
            let value = list.count == 1 ? JSON.quote(list[0]) : "[" + list.map(JSON.quote).joined(separator: ", ") + "]"
            lines.append("\(Chain.tomlKey(quantity)) = \(value)")
        }
        for stage in stages {
            lines += ["", "[[stages]]", "id = \(JSON.quote(stage.id))", "name = \(JSON.quote(stage.name))",
                      "description = \(JSON.quote(stage.description))"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvLine(_ fields: [String]) -> String { fields.map(Formatter.csvField).joined(separator: ",") }

    func quantitiesText() -> String {
        var lines = [Chain.csvLine(Chain.quantityColumns.required + Chain.quantityColumns.optional)]
        for quantity in quantityNames {
            var any = false
            for stage in stages {
                for year in [nil] + years.map(Optional.some) {
                    guard let p = quantities[QuantityKey(stage: stage.id, quantity: quantity, year: year)] else { continue }
                    any = true
                    lines.append(Chain.csvLine([stage.id, quantity, year.map(String.init) ?? "", p.text, p.unit,
                                                p.provenance.source, p.provenance.note ?? "", p.provenance.flagText]))
                }
            }
            // A quantity with no value keeps its place with one NA row.
            if !any, let first = stages.first { lines.append(Chain.csvLine([first.id, quantity, "", "", "", "", "", ""])) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func linkagesText() -> String {
        var lines = [Chain.csvLine(Chain.linkageColumns.required + Chain.linkageColumns.optional)]
        for kind in LinkageKind.allCases {
            for from in stages {
                for to in stages {
                    for year in years {
                        guard let p = linkages[LinkageKey(from: from.id, to: to.id, kind: kind, year: year)] else { continue }
                        lines.append(Chain.csvLine([from.id, to.id, String(year), kind.rawValue, p.text, p.unit,
                                                    p.provenance.source, p.provenance.note ?? "", p.provenance.flagText]))
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Provenance {
    /// The `flag` column of a data file: the flags in a fixed order, separated by `;`.
    var flagText: String {
        Provenance.Flag.allCases.filter { flags.contains($0) }.map(\.rawValue).joined(separator: ";")
    }
}
