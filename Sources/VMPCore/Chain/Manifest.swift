import Foundation
import TOMLKit

/// A chain manifest (`chain.toml`): the chain's name and title, its years, its stages, the unit
/// of each quantity and of the flows, and its data files. Read with TOMLKit; see README, "Your
/// own chain", for the format and a complete example:
///
/// ```toml
/// [chain]
/// name = "copper"            # an identifier: the chain's name in the language
/// title = "…"                # one line
/// first_year = 2018          # the chain's years, first…last
/// last_year = 2022
/// flow_unit = "kt"           # unit of every flow row (needed when there are flows)
/// households = "hh"          # optional: the household stage, for Type II multipliers
/// new_units = ["GBP", "jobs"] # optional: unit words of the chain's own, each a new base unit
///
/// [files]                    # paths relative to the manifest; a string or a list of strings
/// quantities = "quantities.csv"
/// linkages = "flows.csv"
///
/// [units]                    # the unit of each stage quantity (a list when several occur)
/// output = "kt"
///
/// [[stages]]                 # in chain order; or [files] stages = "stages.csv"
/// id = "mining"
/// name = "mining and concentration"
/// description = "…"
/// ```
struct ChainManifest {
    /// The manifest's path as shown in errors (as the user gave it).
    var path: String
    var name: String
    var title: String
    var years: ClosedRange<Int>
    var flowUnit: String?
    /// Unit words the chain adds to the registry (`new_units`): each a base unit with a
    /// dimension of its own (docs/units.md).
    var newUnits: [String] = []
    /// The direction of a shock written without `push` or `pull` (`default_shock`; `push` when absent).
    var defaultShock: ShockMode = .push
    /// The household stage (`households`): its row labour income, its column household consumption.
    var households: String?
    /// How the data files write numbers (`thousands`, `decimal` in [chain]): plain decimals when both are `nil`.
    var numberStyle = NumberStyle()
    /// Stages in chain order (empty when they come from ``stagesFile``).
    var stages: [Stage]
    var stagesFile: String?
    /// Declared units per quantity, and the quantities in the order the manifest lists them.
    var units: [String: [String]]
    var unitOrder: [String]
    var quantityFiles: [String]
    var linkageFiles: [String]
    /// A wide (square) table (`[wide]`), `nil` when the data are long-layout files only.
    var wide: WideSpec?
    /// Where keys and values are in the manifest's text.
    var locator: TOMLLocator

    /// The keys each table may hold.
    static let topKeys = ["chain", "files", "units", "stages", "wide"]
    static let chainKeys = ["name", "title", "first_year", "last_year", "year", "flow_unit", "new_units", "default_shock", "thousands", "decimal", "households"]
    static let fileKeys = ["quantities", "linkages", "stages"]
    static let stageKeys = StageField.allCases.map(\.rawValue)

    /// Reads and checks the manifest at `url`.
    /// - Parameter path: The manifest's path as shown in errors.
    /// - Throws: ``ChainLoadError`` at the line and column of the offending key or value: invalid
    ///   TOML, an unknown or missing key, a value of the wrong type, a name that is not an
    ///   identifier, an unknown unit, `first_year` after `last_year`, a repeated stage id.
    /// - Parameter year: The year the load statement gives (`load "…" as m year 2019`): the
    ///   chain's year when the manifest gives none, else it must be the manifest's only year.
    static func read(url: URL, shownAs path: String, year: Int? = nil) throws -> ChainManifest {
        let text = try ChainLoadError.readText(url, shownAs: path, what: "the chain manifest")
        if let bad = badTableHeader(text) {
            throw ChainLoadError(file: path, line: bad.line, column: bad.column,
                                 message: "invalid TOML: a table header needs a key after '[', found \(bad.found)")
        }
        let toml: TOMLTable
        do {
            toml = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ChainLoadError(file: path, line: max(1, error.source.begin.line), column: error.source.begin.column,
                                 message: "invalid TOML: \(error.description)")
        } catch {
            throw ChainLoadError(file: path, line: 0, message: "invalid TOML: \(error)")
        }
        var reader = Reader(path: path, locator: TOMLLocator(text))
        reader.loadYear = year
        return try reader.manifest(toml)
    }

    /// A table header whose first key does not start like a key (`[*x]`): the TOML parser
    /// underneath asserts on it instead of reporting an error (found by fuzzing), so it is
    /// caught first.
    static func badTableHeader(_ text: String) -> (line: Int, column: Int, found: String)? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scalars = Array(line.unicodeScalars)
            var i = 0
            while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
            guard i < scalars.count, scalars[i] == "[" else { continue }
            i += 1
            if i < scalars.count, scalars[i] == "[" { i += 1 }
            while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
            // `[` alone on its line asserted as well.
            guard i < scalars.count else { return (index + 1, i + 1, "the end of the line") }
            let c = scalars[i]
            // TOML's bare keys are ASCII letters, digits, `_` and `-`; a key may also be quoted.
            // (Anything else after `[` or `[[` made the parser assert: `[*x]`, `[.x]`, `[+x]`,
            // `[#x]`, `[{a=1}]`, `[[[x]]]`, `[\rx]`. A multi-line array's line that starts that way is
            // refused too: rare, and a clear error rather than a crash.)
            let startsAKeyOrValue = ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
                || "_-\"']".unicodeScalars.contains(c)
            if !startsAKeyOrValue { return (index + 1, i + 1, "'\(Character(c))'") }
        }
        return nil
    }

    /// Checks the values of one TOML document and points errors at the text.
    struct Reader {
        var path: String
        var locator: TOMLLocator
        /// The manifest's `new_units`, once read: units may use them.
        var declared: Set<String> = []
        /// The year given when loading (`load … year 2019`), if any.
        var loadYear: Int?

        func error(_ table: String, _ key: String?, value: Bool = true, _ message: String) -> ChainLoadError {
            let place = key.flatMap { value ? locator.value(table, $0) : locator.key(table, $0) } ?? locator.header(table)
            return ChainLoadError(file: path, line: place?.line ?? 0, column: place?.column, message: message)
        }

        func checkKeys(_ table: TOMLTable, _ name: String, allowed: [String], shown: String) throws {
            for key in table.keys.sorted(by: { (locator.key(name, $0)?.line ?? 0) < (locator.key(name, $1)?.line ?? 0) })
            where !allowed.contains(key) {
                throw error(name, key, value: false, "unknown key \"\(key)\" in \(shown) (expected \(allowed.joined(separator: ", ")))")
            }
        }

        func string(_ table: TOMLTable, _ name: String, _ key: String, shown: String, required: Bool) throws -> String? {
            guard let value = table[key] else {
                if required { throw error(name, nil, "missing key \"\(key)\" in \(shown)") }
                return nil
            }
            guard let text = value.string else {
                throw error(name, key, "\(key) in \(shown) must be a string in quotes")
            }
            return text
        }

        func integer(_ table: TOMLTable, _ name: String, _ key: String, shown: String) throws -> Int {
            guard let value = table[key] else { throw error(name, nil, "missing key \"\(key)\" in \(shown)") }
            guard let number = value.int else { throw error(name, key, "\(key) in \(shown) must be a whole number (a year)") }
            return number
        }

        /// A string or a list of strings.
        func strings(_ table: TOMLTable, _ name: String, _ key: String, shown: String) throws -> [String] {
            guard let value = table[key] else { return [] }
            if let text = value.string { return [text] }
            if let array = value.array {
                var out: [String] = []
                for item in array {
                    guard let text = item.string else { throw error(name, key, "\(key) in \(shown) must be a string or a list of strings") }
                    out.append(text)
                }
                return out
            }
            throw error(name, key, "\(key) in \(shown) must be a string or a list of strings")
        }

        func unit(_ text: String, _ table: String, _ key: String, what: String) throws -> String {
            let normal = ChainManifest.normalUnit(text)
            do {
                _ = try UnitRegistry.resolve(normal, declared: declared)
            } catch {
                throw self.error(table, key, "unknown unit \"\(text)\" for \(what) (units are written with: \(UnitRegistry.wordsList), and 1 for a plain number; a unit of the chain's own is declared in [chain]: new_units = [\"WORD\"])")
            }
            return normal
        }

        mutating func manifest(_ toml: TOMLTable) throws -> ChainManifest {
            try checkKeys(toml, "", allowed: ChainManifest.topKeys, shown: "the manifest")
            guard let chain = toml["chain"]?.table else {
                throw ChainLoadError(file: path, line: locator.header("chain")?.line ?? 0, column: locator.header("chain")?.column,
                                     message: "missing table [chain] (with name, title, first_year, last_year)")
            }
            try checkKeys(chain, "chain", allowed: ChainManifest.chainKeys, shown: "[chain]")
            let name = try string(chain, "chain", "name", shown: "[chain]", required: true) ?? ""
            guard Chain.isLanguageName(name) else {
                throw error("chain", "name", "chain name \"\(name)\" is not a name the language can use (letters, digits and _, not starting with a digit, not a keyword)")
            }
            let title = try string(chain, "chain", "title", shown: "[chain]", required: false) ?? ""
            let (first, last) = try years(chain)
            guard first <= last else { throw error("chain", "last_year", "last_year \(last) is before first_year \(first)") }
            guard last - first <= 1000 else { throw error("chain", "last_year", "the chain's years \(first)..\(last) span more than 1000 years") }
            let newUnits = try strings(chain, "chain", "new_units", shown: "[chain]")
            for word in newUnits {
                guard UnitRegistry.isDeclarable(word), !keywords.contains(word), ShockMode(rawValue: word) == nil else {
                    throw error("chain", "new_units", UnitRegistry.isWord(word)
                        ? "new_units: \"\(word)\" is a unit already (units: \(UnitRegistry.wordsList))"
                        : "new_units: \"\(word)\" is not a unit word (letters, digits and _, not starting with a digit, not a keyword)")
                }
                guard declared.insert(word).inserted else { throw error("chain", "new_units", "new_units: \"\(word)\" is given twice") }
            }
            let flowUnit = try string(chain, "chain", "flow_unit", shown: "[chain]", required: false)
                .map { text throws -> String in try unit(text, "chain", "flow_unit", what: "the flows") }

            let shockText = try string(chain, "chain", "default_shock", shown: "[chain]", required: false)
            var defaultShock = ShockMode.push
            if let shockText {
                guard let mode = ShockMode(rawValue: shockText) else {
                    throw error("chain", "default_shock", "default_shock is \"pull\" or \"push\", not \"\(shockText)\"")
                }
                defaultShock = mode
            }

            let households = try string(chain, "chain", "households", shown: "[chain]", required: false)

            var numberStyle = NumberStyle()
            numberStyle.thousands = try string(chain, "chain", "thousands", shown: "[chain]", required: false)
            numberStyle.decimal = try string(chain, "chain", "decimal", shown: "[chain]", required: false) ?? "."
            if let problem = numberStyle.problem { throw error("chain", numberStyle.thousands == nil ? "decimal" : "thousands", problem) }

            var quantityFiles: [String] = [], linkageFiles: [String] = []
            var stagesFile: String?
            if let files = toml["files"] {
                guard let table = files.table else { throw error("", "files", "files must be a table: [files]") }
                try checkKeys(table, "files", allowed: ChainManifest.fileKeys, shown: "[files]")
                quantityFiles = try strings(table, "files", "quantities", shown: "[files]")
                linkageFiles = try strings(table, "files", "linkages", shown: "[files]")
                stagesFile = try string(table, "files", "stages", shown: "[files]", required: false)
            }

            var units: [String: [String]] = [:]
            var unitOrder: [String] = []
            if let unitsValue = toml["units"] {
                guard let table = unitsValue.table else { throw error("", "units", "units must be a table: [units]") }
                let keys = table.keys.sorted { (locator.key("units", $0)?.line ?? 0) < (locator.key("units", $1)?.line ?? 0) }
                for key in keys {
                    guard Chain.isLanguageName(key) else {
                        throw error("units", key, value: false, "quantity name \"\(key)\" is not a name the language can use (letters, digits and _, not starting with a digit, not a keyword)")
                    }
                    let listed = try strings(table, "units", key, shown: "[units]")
                    guard !listed.isEmpty else { throw error("units", key, "\(key) needs at least one unit") }
                    units[key] = try listed.map { text throws -> String in try unit(text, "units", key, what: key) }
                    unitOrder.append(key)
                }
            }

            var stages: [Stage] = []
            if let stagesValue = toml["stages"] {
                guard let array = stagesValue.array else {
                    throw error("", "stages", "stages must be an array of tables: [[stages]] with id, name and description")
                }
                if stagesFile != nil {
                    throw error("files", "stages", "the stages are given twice: as [[stages]] tables and as [files] stages")
                }
                var seen: [String: Int] = [:]
                for (index, item) in array.enumerated() {
                    let table = "stages#\(index)"
                    guard let stage = item.table else { throw error(table, nil, "each [[stages]] entry must be a table with id, name and description") }
                    try checkKeys(stage, table, allowed: ChainManifest.stageKeys, shown: "[[stages]]")
                    let id = try string(stage, table, "id", shown: "[[stages]]", required: true) ?? ""
                    if let problem = Chain.stageIDProblem(id, chainName: name) { throw error(table, "id", problem) }
                    if let first = seen[id] {
                        throw error(table, "id", "duplicate stage \"\(id)\" (first given as stage \(first + 1))")
                    }
                    seen[id] = index
                    let stageName = try string(stage, table, "name", shown: "[[stages]]", required: false) ?? id
                    let description = try string(stage, table, "description", shown: "[[stages]]", required: false) ?? ""
                    stages.append(Stage(id: id, name: stageName, description: description))
                }
            }
            let wide = try self.wide(toml)
            if wide != nil, !stages.isEmpty || stagesFile != nil {
                throw error(stagesFile != nil ? "files" : "", "stages", "the stages are given twice: by the wide table's names ([wide]) and as \(stagesFile != nil ? "[files] stages" : "[[stages]] tables")")
            }
            if wide != nil, !linkageFiles.isEmpty {
                throw error("files", "linkages", "a chain with a wide table ([wide]) takes its flows from it: [files] linkages cannot be given too")
            }
            if wide?.kind == .flow, flowUnit == nil {
                throw error("wide", "file", "a wide table of flows needs their unit: add flow_unit (e.g. flow_unit = \"1\") to [chain]")
            }
            if stages.isEmpty && stagesFile == nil && wide == nil {
                throw ChainLoadError(file: path, line: 0, message: "no stages: add [[stages]] tables with id, name and description (or [files] stages = \"stages.csv\")")
            }
            var manifest = ChainManifest(path: path, name: name, title: title, years: first...last, flowUnit: flowUnit, stages: stages,
                                 stagesFile: stagesFile, units: units, unitOrder: unitOrder, quantityFiles: quantityFiles,
                                 linkageFiles: linkageFiles, locator: locator)
            manifest.defaultShock = defaultShock
            if let households {
                guard stagesFile != nil || wide != nil || stages.contains(where: { $0.id == households }) else {
                    throw error("chain", "households", "households names the stage \"\(households)\", which the manifest does not define (stages: \(stages.map(\.id).joined(separator: ", ")))")
                }
                manifest.households = households
            }
            manifest.newUnits = newUnits
            manifest.numberStyle = numberStyle
            manifest.wide = wide
            return manifest
        }

        /// The chain's years: `year`, or `first_year` and `last_year`, or the load statement's
        /// year when the manifest gives none.
        func years(_ chain: TOMLTable) throws -> (Int, Int) {
            let given = chain["year"] != nil || chain["first_year"] != nil || chain["last_year"] != nil
            if !given {
                if let loadYear, !(1...9999).contains(loadYear) {
                    throw error("chain", nil, "year \(loadYear) is not a year (1 to 9999)")
                }
                guard let loadYear else {
                    throw error("chain", nil, "the chain has no year: add year = 2019 (or first_year and last_year) to [chain], or give it when loading: load \"…\" as m year 2019")
                }
                return (loadYear, loadYear)
            }
            let first: Int, last: Int
            if chain["year"] != nil {
                if chain["first_year"] != nil || chain["last_year"] != nil {
                    throw error("chain", "year", "give year, or first_year and last_year, not both")
                }
                first = try integer(chain, "chain", "year", shown: "[chain]")
                last = first
            } else {
                first = try integer(chain, "chain", "first_year", shown: "[chain]")
                last = try integer(chain, "chain", "last_year", shown: "[chain]")
            }
            if let loadYear, !(first == loadYear && last == loadYear) {
                throw error("chain", chain["year"] != nil ? "year" : "first_year",
                            "the chain's table is for \(first == last ? "\(first)" : "\(first)..\(last)"), not \(loadYear): 'year' in a load statement is for tables without a year")
            }
            return (first, last)
        }
    }

    /// A unit with single spaces: `million  RMB/t` → `million RMB/t`.
    static func normalUnit(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 }) { return text }
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

/// Where each key of a TOML document is: its line, the column of the key and of its value.
///
/// TOMLKit gives positions only for syntax errors, so this scans the text line by line,
/// following `[table]` and `[[array]]` headers (the n-th `[[stages]]` is table `stages#n`,
/// counted from 0) and `key = value` lines. Keys inside inline tables are not located;
/// errors about them point at their table's header.
struct TOMLLocator {
    struct Place: Equatable {
        var line: Int
        var column: Int
    }

    private var keys: [String: (key: Place, value: Place)] = [:]
    private var headers: [String: Place] = [:]

    init(_ text: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // An array of scalars (not `unicodeScalars.filter`, which rebuilds a string scalar by scalar).
            var line = Array(rawLine.unicodeScalars)
            if line.contains("\r") { line.removeAll { $0 == "\r" } }
            var i = 0
            while i < line.count, line[i] == " " || line[i] == "\t" { i += 1 }
            guard i < line.count, line[i] != "#" else { continue }
            let indent = i
            if line[i] == "[" {
                let isArray = i + 1 < line.count && line[i + 1] == "["
                let close = line[i...].firstIndex(of: "]") ?? line.count
                var name = CSVTable.trimmed(String(String.UnicodeScalarView(line[(i + (isArray ? 2 : 1))..<close])), newlines: false)
                if name.contains("\"") { name = name.replacingOccurrences(of: "\"", with: "") }
                if isArray {
                    let n = arrayCounts[name, default: 0]
                    arrayCounts[name] = n + 1
                    table = "\(name)#\(n)"
                } else {
                    table = name
                }
                headers[table] = Place(line: number + 1, column: indent + 1)
                continue
            }
            // key = value, the key bare or quoted.
            var inQuotes = false
            var equals: Int?
            for k in i..<line.count {
                if line[k] == "\"" || line[k] == "'" { inQuotes.toggle() }
                if line[k] == "=", !inQuotes { equals = k; break }
            }
            guard let eq = equals else { continue }
            var key = CSVTable.trimmed(String(String.UnicodeScalarView(line[i..<eq])), newlines: false)
            var keyTable = table
            if !key.hasPrefix("\""), !key.hasPrefix("'"), key.contains(".") {
                let parts = key.split(separator: ".").map { CSVTable.trimmed(String($0), newlines: false) }
                keyTable = ([table] + parts.dropLast()).filter { !$0.isEmpty }.joined(separator: ".")
                key = parts.last ?? key
            }
            if key.hasPrefix("\"") || key.hasPrefix("'") || key.hasSuffix("\"") || key.hasSuffix("'") {
                key = key.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
            var v = eq + 1
            while v < line.count, line[v] == " " || line[v] == "\t" { v += 1 }
            let entry = "\(keyTable)\u{0}\(key)"
            if keys[entry] == nil {
                keys[entry] = (Place(line: number + 1, column: indent + 1), Place(line: number + 1, column: v + 1))
            }
        }
    }

    /// The key `key` of table `table` (`""` for the top level, `stages#0` for the first `[[stages]]`).
    func key(_ table: String, _ key: String) -> Place? { keys["\(table)\u{0}\(key)"]?.key }
    /// The start of the value of `key` in `table`.
    func value(_ table: String, _ key: String) -> Place? { keys["\(table)\u{0}\(key)"]?.value }
    /// The header line of `table`.
    func header(_ table: String) -> Place? { headers[table] }
}

extension Chain {
    /// `true` when `text` can be typed as a name in the language: an identifier by the lexer's
    /// rules that is not a keyword. Stage ids, quantity names and chain names must be.
    static func isLanguageName(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, Lexer.isIdentifierStart(first) else { return false }
        return scalars.dropFirst().allSatisfy(Lexer.isIdentifierContinue) && !keywords.contains(text)
    }
}

extension Chain {
    /// The name of the built-in chain, which a stage id may not take.
    static let builtInChainName = "vanadium"

    /// Why `id` cannot name a stage of the chain `chainName`, or `nil` when it can: it is not a
    /// name the language can type, or it is a keyword (`in`), a built-in (`L`, `G`, `link`,
    /// `sum`) or a chain name (`vanadium`, the chain's own) that the stage would hide — stages
    /// resolve before built-ins and chains, so the hidden one could no longer be reached.
    static func stageIDProblem(_ id: String, chainName: String) -> String? {
        if keywords.contains(id) {
            return "stage id \"\(id)\" clashes with the keyword \(id) (keywords cannot be names)"
        }
        guard isLanguageName(id) else {
            return "stage id \"\(id)\" is not a name the language can use (letters, digits and _, not starting with a digit, not a keyword)"
        }
        if Builtins.named(id) != nil {
            return "stage id \"\(id)\" clashes with the built-in \(id): the stage would hide it (choose another id)"
        }
        if id == chainName || id == builtInChainName {
            return "stage id \"\(id)\" clashes with the chain name \(id): the stage would hide the chain (choose another id)"
        }
        return nil
    }
}

/// How a chain's data files write numbers: an optional thousands separator and a decimal mark
/// (manifest keys `thousands` and `decimal` in [chain]). Without them numbers are plain
/// decimals (`1234.5`) and `1,234` is an error.
struct NumberStyle: Equatable {
    /// `","`, `"."`, `" "` or `"'"`, or `nil` for none.
    var thousands: String?
    /// `"."` or `","`.
    var decimal = "."

    /// Why the settings cannot be used, or `nil`.
    var problem: String? {
        guard [".", ","].contains(decimal) else { return "decimal is \".\" or \",\", not \"\(decimal)\"" }
        if let thousands {
            guard [",", ".", " ", "'"].contains(thousands) else {
                return "thousands is \",\", \".\", \" \" or \"'\", not \"\(thousands)\""
            }
            guard thousands != decimal else { return "thousands and decimal are both \"\(decimal)\"" }
        }
        return nil
    }

    /// `text` as a plain decimal: thousands separators between groups of three digits removed
    /// (`1,234,567.5` → `1234567.5`), the decimal mark made a point (`3,5` → `3.5`); text that
    /// does not follow the style is returned unchanged, so that it fails as a plain decimal.
    func plain(_ text: String) -> String {
        var body = text
        if let thousands, body.contains(thousands) {
            let sign = body.first == "-" || body.first == "+" ? String(body.removeFirst()) : ""
            let integer = body.split(separator: Character(decimal), maxSplits: 1, omittingEmptySubsequences: false)[0]
            let groups = integer.split(separator: Character(thousands), omittingEmptySubsequences: false)
            guard let first = groups.first, (1...3).contains(first.count), groups.dropFirst().allSatisfy({ $0.count == 3 }),
                  groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return text }
            body = sign + groups.joined() + body.dropFirst(integer.count)
        }
        return decimal == "," ? body.replacingOccurrences(of: ",", with: ".") : body
    }
}

