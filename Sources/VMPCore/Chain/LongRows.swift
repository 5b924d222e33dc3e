import Foundation

/// The rows of a chain's long-layout data files (`quantities`, `linkages`), checked one by one.
///
/// Each table's column indexes are looked up once (``CSVTable/column(_:)``), so a row costs no
/// hashing of column names; stages are looked up once per field (``ManifestLoader/stagePositions``);
/// repeated linkage rows are found by stage places, kind and year (``SeenLinkage``). The checks,
/// their order and every message are those of the row-by-row rules in
/// ``Chain/load(manifest:name:year:)``.
extension ManifestLoader {
    /// The field indexes of the columns a published value is read from.
    struct ValueColumns {
        var value, unit, source, note, flag: Int?

        init(_ table: CSVTable) {
            value = table.column("value")
            unit = table.column("unit")
            source = table.column("source")
            note = table.column("note")
            flag = table.column("flag")
        }
    }

    /// The stage id in the field at `index` (the column `column`) and its place in the chain's
    /// stages.
    /// - Throws: ``ChainLoadError`` for an empty field or an id that is not a stage.
    func stage(_ table: CSVTable, _ row: CSVTable.Row, _ column: String, at index: Int?) throws -> (id: String, position: Int) {
        let id = row[at: index]
        guard !id.isEmpty else { throw table.error(row, column, "missing stage in column \"\(column)\"") }
        guard let position = stagePositions[id] else {
            throw table.error(row, column, "unknown stage \"\(id)\" (stages are \(stages.map(\.id).joined(separator: ", ")))")
        }
        return (id, position)
    }

    /// The row's year (field `index` of column `year`), `nil` when empty; `requiredBy` names the
    /// rows that need one (`flow`).
    func year(_ table: CSVTable, _ row: CSVTable.Row, at index: Int?, requiredBy rows: String?) throws -> Int? {
        let text = row[at: index]
        if text.isEmpty {
            if let rows { throw table.error(row, "year", "missing year (every \(rows) needs one)") }
            return nil
        }
        guard text.utf8.count <= 9, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let year = Int(text) else {
            throw table.error(row, "year", "year \"\(text)\" is not a whole number")
        }
        guard manifest.years.contains(year) else {
            throw table.error(row, "year", "year \(year) is outside the chain's years \(yearsText) (first_year and last_year in \(manifestName))")
        }
        return year
    }

    /// The row's value, `nil` for an empty value (NA); checks its unit against `allowed`.
    func value(_ table: CSVTable, _ row: CSVTable.Row, _ columns: ValueColumns, allowed: [String], what: String,
               declaredIn: String) throws -> PublishedValue? {
        let text = manifest.numberStyle.plain(row[at: columns.value])
        let unit = ChainManifest.normalUnit(row[at: columns.unit])
        if !(text.isEmpty && unit.isEmpty), !allowed.contains(unit) {
            let list = allowed.joined(separator: " or ")
            let gives = "gives \(what) in \(list)\(declaredIn)"
            throw table.error(row, "unit", unit.isEmpty
                ? "missing unit of \(what): \(manifestName) \(gives)"
                : "unit \"\(unit)\" of \(what) does not match \(manifestName), which \(gives)")
        }
        if text.isEmpty { return nil }
        guard Chain.isPlainDecimal(text) else {
            let hint = CSVTable.isThousandsSeparated(text)
                ? " (it has a thousands separator; write \(text.replacingOccurrences(of: ",", with: "")))"
                : text.contains(",") ? " (a comma is not a decimal point; write it with a point)" : ""
            throw table.error(row, "value", "value \"\(text)\" is not a plain decimal number\(hint)")
        }
        let parsed = Double(text)
        if let problem = Chain.rangeProblem(text, parsed: parsed) { throw table.error(row, "value", problem) }
        let number = parsed ?? 0
        let source = row[at: columns.source]
        guard !source.isEmpty else { throw table.error(row, "source", "missing source (the table, section or document the value comes from)") }
        let note = row[at: columns.note]
        var flags = Set<Provenance.Flag>()
        let flagText = row[at: columns.flag]
        if !flagText.isEmpty {
            for word in flagText.split(separator: ";") {
                let name = word.trimmingCharacters(in: .whitespaces)
                guard let flag = Provenance.Flag(rawValue: name) else {
                    let known = Provenance.Flag.allCases.map(\.rawValue).joined(separator: ", ")
                    throw table.error(row, "flag", "unknown flag \"\(name)\" (flags: \(known); several are separated by ';')")
                }
                flags.insert(flag)
            }
        }
        return PublishedValue(value: number, text: text, unit: unit,
                              provenance: Provenance(source: source, note: note.isEmpty ? nil : note, flags: flags))
    }

    mutating func readQuantities(_ table: CSVTable) throws {
        let stageColumn = table.column("stage"), quantityColumn = table.column("quantity"), yearColumn = table.column("year")
        let unitColumn = table.column("unit")
        let columns = ValueColumns(table)
        for row in table.rows {
            let stageID = try stage(table, row, "stage", at: stageColumn).id
            let quantity = row[at: quantityColumn]
            guard !quantity.isEmpty else { throw table.error(row, "quantity", "missing quantity name") }
            guard Chain.isLanguageName(quantity) else {
                throw table.error(row, "quantity", "quantity name \"\(quantity)\" is not a name the language can use (letters, digits and _, not starting with a digit, not a keyword)")
            }
            guard let allowed = manifest.units[quantity] else {
                let unit = row[at: unitColumn]
                throw table.error(row, "quantity", "quantity \"\(quantity)\" has no unit in \(manifestName): add it under [units], e.g. \(quantity) = \"\(unit.isEmpty ? "t" : unit)\"")
            }
            let year = try self.year(table, row, at: yearColumn, requiredBy: nil)
            let value = try self.value(table, row, columns, allowed: allowed, what: quantity, declaredIn: "")
            let key = QuantityKey(stage: stageID, quantity: quantity, year: year)
            if let first = seenQuantities[key] {
                let when = year.map(String.init) ?? "no year"
                throw table.error(row, "stage", "duplicate row for \(stageID) \(quantity) (\(when)) (first given on \(first.file == table.path ? "line \(first.line)" : "\(first.file):\(first.line)"))")
            }
            seenQuantities[key] = (table.path, row.line)
            if !quantityNames.contains(quantity) { quantityNames.append(quantity) }
            if let value { quantities[key] = value }
        }
    }

    /// A linkage row's identity for finding repeats: its stages by place in the chain (one
    /// place per id), its kind and year. Equal exactly when the rows' ``LinkageKey``s are.
    struct SeenLinkage: Hashable {
        var from: Int
        var to: Int
        var kind: LinkageKind
        var year: Int

        /// One word of the four fields (bits shifted out are dropped: equal rows hash equal,
        /// and `==` still compares every field), hashed once instead of four times.
        func hash(into hasher: inout Hasher) {
            hasher.combine(from ^ (to << 20) ^ (year << 40) ^ (Int(ManifestLoader.kindBit(kind)) << 61))
        }
    }

    /// One bit per kind, for ``kindsSeen``.
    static func kindBit(_ kind: LinkageKind) -> UInt8 {
        switch kind {
        case .forward: return 1
        case .backward: return 2
        case .flow: return 4
        }
    }

    static let coefficientKinds: [LinkageKind] = [.forward, .backward]
    static let flowKind: [LinkageKind] = [.flow]

    /// What a row of `kind` is called in messages: `flow`, `forward coefficient`, …
    static func noun(_ kind: LinkageKind) -> String {
        switch kind {
        case .flow: return "flow"
        case .forward: return "forward coefficient"
        case .backward: return "backward coefficient"
        }
    }

    mutating func readLinkages(_ table: CSVTable) throws {
        linkages.reserveCapacity(linkages.count + table.rows.count)
        seenLinkages.reserveCapacity(seenLinkages.count + table.rows.count)
        linkageRows.reserveCapacity(linkageRows.count + table.rows.count)
        let fromColumn = table.column("from"), toColumn = table.column("to"), kindColumn = table.column("kind")
        let yearColumn = table.column("year"), valueColumn = table.column("value")
        let columns = ValueColumns(table)
        let flowUnits = manifest.flowUnit.map { [$0] }
        let plainNumber = ["1"]
        // Rows are usually grouped by supplying stage: the one just looked up is asked first.
        var lastFrom: (id: String, position: Int)?
        for row in table.rows {
            let from: String, fromPosition: Int
            if let last = lastFrom, row[at: fromColumn] == last.id {
                (from, fromPosition) = last
            } else {
                (from, fromPosition) = try stage(table, row, "from", at: fromColumn)
                lastFrom = (from, fromPosition)
            }
            let (to, toPosition) = try stage(table, row, "to", at: toColumn)
            let kindText = row[at: kindColumn]
            guard let kind = LinkageKind(rawValue: kindText) else {
                throw table.error(row, "kind", "unknown kind \"\(kindText)\" (expected flow, forward or backward)")
            }
            let noun = Self.noun(kind)
            guard let year = try self.year(table, row, at: yearColumn, requiredBy: noun) else { continue }
            let value: PublishedValue?
            if kind == .flow {
                guard let flowUnits else {
                    throw table.error(row, "kind", "a flow needs the unit of flows: add flow_unit (e.g. flow_unit = \"t\") to [chain] in \(manifestName)")
                }
                value = try self.value(table, row, columns, allowed: flowUnits, what: "flows", declaredIn: " (flow_unit)")
                if let value, value.value < 0 {
                    throw table.error(row, "value", "a flow cannot be negative (\(value.text) \(value.unit) from \(from) to \(to))")
                }
            } else {
                value = try self.value(table, row, columns, allowed: plainNumber, what: "\(kind.rawValue) coefficients",
                                       declaredIn: " (they are plain numbers)")
                if let value, !(0...1).contains(value.value) {
                    throw table.error(row, "value", "a \(noun) is a share between 0 and 1, not \(value.text) (\(from) to \(to))")
                }
            }
            let seen = SeenLinkage(from: fromPosition, to: toPosition, kind: kind, year: year)
            if let first = seenLinkages[seen] {
                let place = first.file == table.path ? "line \(first.line)" : "\(first.file):\(first.line)"
                throw table.error(row, "from", "duplicate \(noun) \(from)→\(to) for \(year) (first given on \(place))")
            }
            seenLinkages[seen] = (table.path, row.line)
            kindsSeen |= Self.kindBit(kind)
            // One source of truth per pair and year: a flow and a published coefficient of the
            // same pair would give two different A (or B), so they are not both accepted.
            // Only kinds already read can clash (most files give one kind only).
            for other in kind == .flow ? Self.coefficientKinds : Self.flowKind where kindsSeen & Self.kindBit(other) != 0 {
                guard let first = seenLinkages[SeenLinkage(from: fromPosition, to: toPosition, kind: other, year: year)] else { continue }
                let place = first.file == table.path ? "line \(first.line)" : "\(first.file):\(first.line)"
                let otherNoun = Self.noun(other)
                throw table.error(row, "kind", "\(noun) \(from)→\(to) for \(year) is also given as a \(otherNoun) (on \(place)): give the flow or the coefficient, not both (the coefficient follows from the flow and the outputs)")
            }
            if let value {
                let key = LinkageKey(from: from, to: to, kind: kind, year: year)
                linkages.append((key, value))
                linkageRows.append(LinkageRow(key: key, file: table.path, line: row.line,
                                              fromColumn: row.start(at: fromColumn), valueColumn: row.start(at: valueColumn),
                                              fromPosition: fromPosition, toPosition: toPosition, value: value.value, unit: value.unit))
            }
        }
    }
}
