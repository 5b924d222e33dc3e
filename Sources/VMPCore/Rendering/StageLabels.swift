/// Sector names as labels: a chain whose stage ids were derived from names (a wide table or a
/// pymrio folder, ``Chain/idsFromNames``) shows each stage's name beside its id wherever a
/// result is keyed by stage (README, "Bring your own table"):
///
/// - text and Markdown tables whose rows are stages get a `name` column after the id column;
///   a table whose columns are stages but whose rows are not (years × stages, rounds ×
///   stages) keeps ids as headings and lists `id = name` under the table;
/// - CSV gets a `name` column after the key column, JSON a `name` field (`row_names`,
///   `column_names` for tables);
/// - plots label bars, heat-map rows and columns and legend entries with the name.
///
/// Chains whose ids the author typed (the built-in chain, long layouts) show ids only, as
/// before. An id that two loaded chains give different names, or that a typed-id chain also
/// has, shows no name (it would be ambiguous).
enum StageLabels {
    /// The name of every stage id whose name is to be shown, from all loaded chains (every
    /// stage of a chain with derived ids, also one whose name is its id).
    static func names<C: Collection>(_ chains: C) -> [String: String] where C.Element == Chain {
        var names: [String: String] = [:]
        var blocked = Set<String>()
        for chain in chains {
            for stage in chain.stages {
                guard chain.idsFromNames, !stage.name.isEmpty else {
                    blocked.insert(stage.id)
                    continue
                }
                if let other = names[stage.id], other != stage.name { blocked.insert(stage.id) }
                names[stage.id] = stage.name
            }
        }
        for id in blocked { names[id] = nil }
        return names
    }
}

extension Keyed.KeyKind {
    /// Keys that are stage ids.
    var isStage: Bool { self == .stage || self == .supplier }
}

extension Formatter {
    /// The name shown for `key` of `kind`, or `nil` (not a stage, or no name to show).
    func stageName(_ key: String, _ kind: Keyed.KeyKind) -> String? {
        guard kind.isStage, !stageNames.isEmpty else { return nil }
        return stageNames[key]
    }

    /// The `name` column for rows keyed by `keys` ("" where a key has none, as `total`), or
    /// `nil` when no key has a name other than itself.
    func nameColumn(_ keys: [String], _ kind: Keyed.KeyKind) -> [String]? {
        guard kind.isStage, !stageNames.isEmpty else { return nil }
        let names = keys.map { stageNames[$0] ?? "" }
        return zip(keys, names).contains { !$1.isEmpty && $0 != $1 } ? names : nil
    }

    /// `key` as a plot labels it: the stage's name when it has one to show.
    func plotLabel(_ key: String, _ kind: Keyed.KeyKind) -> String {
        stageName(key, kind) ?? key
    }

    /// Lines `id = name` for the stage columns of a table whose rows do not name them.
    func columnLegend(_ t: Table) -> [String] {
        guard t.columnKind.isStage, !stageNames.isEmpty else { return [] }
        let named = t.rowKind.isStage ? Set(t.rowKeys) : []
        let lines = t.columnKeys.compactMap { key -> String? in
            guard !named.contains(key), let name = stageNames[key], name != key else { return nil }
            return "  \(key) = \(name)"
        }
        return lines.isEmpty ? [] : ["stage names:"] + lines
    }

    /// `header`, `rows` and `rightAligned` with a `name` column inserted after the first.
    func withNames(_ names: [String]?, header: [Markup], rows: [[String]], rightAligned: [Bool]) -> ([Markup], [[String]], [Bool]) {
        guard let names else { return (header, rows, rightAligned) }
        func insert<T>(_ xs: [T], _ x: T) -> [T] { xs.isEmpty ? [x] : [xs[0], x] + xs.dropFirst() }
        return (insert(header, Markup("name", .header)),
                zip(rows, names).map { insert($0, $1) },
                insert(rightAligned, false))
    }
}
