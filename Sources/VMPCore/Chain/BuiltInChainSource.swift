import Foundation

/// The built-in chain in a form that needs no TOML or CSV parse at start-up.
///
/// `BuiltInChainData.swift` holds the vanadium chain's data as Swift values (every published
/// value with its digits as printed, unit and source), generated from the resource folder by
/// `vmp --dump-builtin-chain > Sources/VMPCore/Chain/BuiltInChainData.swift`, together with the
/// exact text of the files it was generated from. The resource files stay the source of truth:
/// ``Chain/vanadium()`` uses the generated values only when the files it finds are byte for
/// byte those texts, and otherwise reads them with the general loader (same values, or the
/// same errors). `BuiltInChainTests` keeps the generated file equal to what the general loader
/// reads from `Sources/VMPCore/Resources/vanadium`, value by value.
enum BuiltInVanadium {
    /// `true` when `directory` holds exactly the files the generated data was made from
    /// (``files``: `chain.toml` and the data files it names, byte for byte).
    static func matches(_ directory: URL) -> Bool {
        guard !files.isEmpty else { return false }
        for file in files where !fileHolds(directory.appendingPathComponent(file.name).path, exactly: file.text) {
            return false
        }
        return true
    }

    /// `true` when the file at `path` reads as exactly the UTF-8 bytes of `text` (at most one
    /// byte more than `text` is read; plain POSIX reads, cheaper at start-up than Foundation's).
    static func fileHolds(_ path: String, exactly text: String) -> Bool {
        let expected = Array(text.utf8)
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: expected.count + 1)
        var filled = 0
        while filled < buffer.count {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return read(descriptor, base + filled, raw.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return filled == expected.count && buffer[..<filled].elementsEqual(expected)
    }

    /// The chain the generated data describe, built as the general loader builds it (values
    /// inserted one by one into empty dictionaries; ``Chain/identity`` new).
    static func chain() -> Chain {
        var quantities: [QuantityKey: PublishedValue] = [:]
        for (key, value) in quantityEntries { quantities[key] = value }
        var linkages: [LinkageKey: PublishedValue] = [:]
        for (key, value) in linkageEntries { linkages[key] = value }
        var chain = Chain(name: name, title: title, stages: stages, years: years, quantityNames: quantityNames,
                          quantities: quantities, linkages: linkages, units: units, flowUnit: flowUnit)
        chain.defaultShock = defaultShock
        chain.households = households
        chain.newUnits = newUnits
        chain.idsFromNames = idsFromNames
        chain.notes = notes
        return chain
    }

    /// A problem that keeps a chain from being written as Swift source.
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    /// The Swift source of `BuiltInChainData.swift` for the chain in `directory` (a chain
    /// manifest's folder), read with the general loader.
    /// - Throws: ``ChainLoadError`` when the chain does not load; ``Unsupported`` for a chain
    ///   with dense (wide-table) linkages or a value that is not finite.
    static func source(directory: URL) throws -> String {
        let manifestPath = directory.appendingPathComponent(Chain.manifestFileName).path
        let chain = try Chain.load(manifest: manifestPath)
        let manifest = try ChainManifest.read(url: URL(fileURLWithPath: manifestPath), shownAs: manifestPath)
        guard chain.denseLinkages.isEmpty, manifest.wide == nil else {
            throw Unsupported(description: "a chain with a wide table cannot be written as Swift source")
        }
        var names = [Chain.manifestFileName]
        for file in [manifest.stagesFile].compactMap({ $0 }) + manifest.quantityFiles + manifest.linkageFiles
        where !names.contains(file) {
            names.append(file)
        }
        var texts: [(String, String)] = []
        for name in names {
            let path = directory.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw Unsupported(description: "\(path): not readable as UTF-8 text")
            }
            texts.append((name, text))
        }
        return try render(chain, files: texts)
    }

    static func render(_ chain: Chain, files: [(String, String)]) throws -> String {
        let positions = chain.stagePositions
        let quantityOrder = Dictionary(chain.quantityNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func stageRank(_ id: String) -> Int { positions[id] ?? Int.max }
        let quantities = chain.quantities.sorted { a, b in
            (stageRank(a.key.stage), quantityOrder[a.key.quantity] ?? Int.max, a.key.quantity, a.key.year ?? Int.min)
                < (stageRank(b.key.stage), quantityOrder[b.key.quantity] ?? Int.max, b.key.quantity, b.key.year ?? Int.min)
        }
        let kinds = Dictionary(uniqueKeysWithValues: LinkageKind.allCases.enumerated().map { ($1, $0) })
        let linkages = chain.linkages.sorted { a, b in
            (kinds[a.key.kind] ?? 0, a.key.year, stageRank(a.key.from), stageRank(a.key.to), a.key.from, a.key.to)
                < (kinds[b.key.kind] ?? 0, b.key.year, stageRank(b.key.from), stageRank(b.key.to), b.key.from, b.key.to)
        }

        var out = """
            // Generated by `swift run vmp --dump-builtin-chain > Sources/VMPCore/Chain/BuiltInChainData.swift`
            // from Sources/VMPCore/Resources/vanadium. Do not edit by hand: BuiltInChainTests checks
            // that it equals what the general loader reads from those files (BuiltInChainSource.swift).

            extension BuiltInVanadium {
                /// The files the data below were generated from, as they were (``matches(_:)``).
                static let files: [(name: String, text: String)] = [

            """
        for (name, text) in files {
            out += "        (\(literal(name)), \"\"\"\n\(multilineBody(text))\n\"\"\"),\n"
        }
        out += "    ]\n\n"
        out += "    static let name = \(literal(chain.name))\n"
        out += "    static let title = \(literal(chain.title))\n"
        out += "    static let years = \(chain.years.lowerBound)...\(chain.years.upperBound)\n"
        out += "    static let quantityNames: [String] = [\(chain.quantityNames.map(literal).joined(separator: ", "))]\n"
        out += "    static let units: [String: [String]] = [\n"
        for key in chain.units.keys.sorted() {
            out += "        \(literal(key)): [\((chain.units[key] ?? []).map(literal).joined(separator: ", "))],\n"
        }
        out += "    ]\n"
        out += "    static let flowUnit: String? = \(optional(chain.flowUnit))\n"
        out += "    static let newUnits: [String] = [\(chain.newUnits.map(literal).joined(separator: ", "))]\n"
        out += "    static let defaultShock: ShockMode = .\(chain.defaultShock.rawValue)\n"
        out += "    static let households: String? = \(optional(chain.households))\n"
        out += "    static let idsFromNames = \(chain.idsFromNames)\n"
        out += "    static let notes: [String] = [\(chain.notes.map(literal).joined(separator: ", "))]\n\n"
        out += "    static let stages: [Stage] = [\n"
        for stage in chain.stages {
            out += "        Stage(id: \(literal(stage.id)), name: \(literal(stage.name)), description: \(literal(stage.description))),\n"
        }
        out += "    ]\n\n"
        out += "    static let quantityEntries: [(QuantityKey, PublishedValue)] = [\n"
        for (key, value) in quantities {
            out += "        (QuantityKey(stage: \(literal(key.stage)), quantity: \(literal(key.quantity)), year: \(key.year.map(String.init) ?? "nil")),\n"
            out += "         \(try published(value))),\n"
        }
        out += "    ]\n\n"
        out += "    static let linkageEntries: [(LinkageKey, PublishedValue)] = [\n"
        for (key, value) in linkages {
            out += "        (LinkageKey(from: \(literal(key.from)), to: \(literal(key.to)), kind: .\(key.kind.rawValue), year: \(key.year)),\n"
            out += "         \(try published(value))),\n"
        }
        out += "    ]\n}\n"
        return out
    }

    static func published(_ value: PublishedValue) throws -> String {
        guard value.value.isFinite else {
            throw Unsupported(description: "the value \(value.text) is not a finite number")
        }
        let flags = Provenance.Flag.allCases.filter { value.provenance.flags.contains($0) }.map { ".\($0)" }
        return "PublishedValue(value: \(value.value), text: \(literal(value.text)), unit: \(literal(value.unit)), "
            + "provenance: Provenance(source: \(literal(value.provenance.source)), note: \(optional(value.provenance.note)), flags: [\(flags.joined(separator: ", "))]))"
    }

    static func optional(_ text: String?) -> String { text.map(literal) ?? "nil" }

    /// `text` as a one-line Swift string literal.
    static func literal(_ text: String) -> String { "\"" + escaped(text, multiline: false) + "\"" }

    /// `text` as the body of a multi-line string literal whose closing delimiter is at the start
    /// of a line: the literal's value is `text` exactly.
    static func multilineBody(_ text: String) -> String { escaped(text, multiline: true) }

    /// `text` with what a Swift string literal cannot hold as it is escaped: `\`, `"`, `\r`,
    /// control and format characters (`\u{…}`), and line breaks and tabs unless `multiline`.
    private static func escaped(_ text: String, multiline: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\r": out += "\\r"
            case "\n" where multiline, "\t" where multiline: out.unicodeScalars.append(scalar)
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
