import Foundation

/// Where a published value came from: the table or section of the source, and a note
/// (year not stated, text gives more digits, probable misprint, …).
public struct Provenance: Hashable, Sendable {
    /// The table or section, e.g. `Table S1`, `§4.2`, `Supporting text, stage profile S3`.
    public var source: String
    /// Anything a reader of the number should know; `nil` when there is nothing to add.
    public var note: String?
    /// What `audit` reports the value for (the data files' `flag` column).
    public var flags: Set<Flag>

    /// A reason for `audit` to list a published value.
    public enum Flag: String, Hashable, Sendable, CaseIterable {
        /// The source's text gives more digits than its table (the table value is used).
        case textDigits = "text_digits"
        /// A probable misprint or an implausible unit, kept as printed.
        case suspect
    }

    public init(source: String, note: String? = nil, flags: Set<Flag> = []) {
        self.source = source
        self.note = note
        self.flags = flags
    }
}

/// A number exactly as the source printed it, with its unit and provenance.
public struct PublishedValue: Hashable, Sendable {
    /// The number as a Double (for arithmetic).
    public var value: Double
    /// The digits exactly as printed (`0.070`, `0.001916`), without thousands separators.
    public var text: String
    /// The unit in the registry's syntax (`t`, `10^4 t`, `t/day`, `million RMB`, `1` for none).
    public var unit: String
    public var provenance: Provenance

    public init(value: Double, text: String, unit: String, provenance: Provenance) {
        self.value = value
        self.text = text
        self.unit = unit
        self.provenance = provenance
    }
}

/// One stage of an M-P chain (S1 … S5 for vanadium).
public struct Stage: Hashable, Sendable {
    /// Identifier used in the language: `S3`, `mining`, `钒钢`.
    public var id: String
    /// Short name: "chemical separation and intermediates".
    public var name: String
    public var description: String
    /// The name of the chain the stage belongs to (set by ``Chain/init(name:title:stages:years:quantityNames:quantities:linkages:)``).
    public var chain: String = ""

    public init(id: String, name: String, description: String) {
        self.id = id
        self.name = name
        self.description = description
    }
}

/// Which inter-stage value: a published forward coefficient ("Si drives Sj", allocation
/// coefficient b_ij = z_ij/x_i), a published backward coefficient ("Sj pulls Si", technical
/// coefficient a_ij = z_ij/x_j), or a flow z_ij from stage i to stage j (a mass per year, in
/// the chain's ``Chain/flowUnit``), from which both coefficients can be derived.
public enum LinkageKind: String, Hashable, Sendable, CaseIterable {
    case forward
    case backward
    case flow
}

/// A stage quantity's key: stage id, quantity name, and year (`nil` when the source gives no year).
public struct QuantityKey: Hashable, Sendable {
    public var stage: String
    public var quantity: String
    public var year: Int?

    public init(stage: String, quantity: String, year: Int?) {
        self.stage = stage
        self.quantity = quantity
        self.year = year
    }
}

/// An inter-stage coefficient's key. `from` is the supplying stage i (row), `to` the receiving
/// stage j (column), for both kinds: "S2 drives S3" and "S3 pulls S2" are both (S2, S3).
public struct LinkageKey: Hashable, Sendable {
    public var from: String
    public var to: String
    public var kind: LinkageKind
    public var year: Int

    public init(from: String, to: String, kind: LinkageKind, year: Int) {
        self.from = from
        self.to = to
        self.kind = kind
        self.year = year
    }
}

/// An M-P chain's published data: stages, years, per-stage quantities and inter-stage
/// linkage coefficients and flows, each value with its provenance. Anything absent is `NA`.
///
/// Two chains are equal (`==`) when their data are: name, title, stages, years, quantity
/// names, values with provenance, declared units and flow unit (not ``identity``).
public struct Chain: Sendable, Equatable {
    /// The chain's name as used in the language (`vanadium`).
    public var name: String
    /// A one-line description (region, period, source).
    public var title: String
    /// Stages in chain order.
    public var stages: [Stage]
    /// The years the data covers (2015…2022 for vanadium).
    public var years: ClosedRange<Int>
    /// Quantity names in the order the data files first mention them.
    public var quantityNames: [String]
    /// Stage quantities. A key with `year == nil` is a value whose year the source does not state.
    public var quantities: [QuantityKey: PublishedValue]
    /// Published linkage coefficients (dimensionless) and flows (kind ``LinkageKind/flow``), per
    /// year: the sparse rows and the dense blocks of wide tables (``denseLinkages``), merged on
    /// first use. Setting it replaces both.
    public var linkages: [LinkageKey: PublishedValue] {
        get { linkageStore.all }
        set { linkageStore = LinkageStore(sparse: newValue) }
    }
    var linkageStore: LinkageStore
    /// The units a chain manifest declares for each quantity (the first is the main one);
    /// empty for a chain read without a manifest.
    public var units: [String: [String]]
    /// The unit of every flow (`kt`), from the manifest; `nil` when the chain has no flows.
    public var flowUnit: String?
    /// Unit words the chain adds to the registry (its manifest's `new_units`): each a base
    /// unit with a dimension of its own (`GBP`, `jobs`; docs/units.md).
    public var newUnits: [String] = []
    /// The direction of a shock written without `push` or `pull`: the manifest's
    /// `default_shock` (`pull` suits demand-driven IO tables), else `push` as for the built-in
    /// chain's unit-time production shocks (docs/model.md §4.1).
    public var defaultShock: ShockMode = .push
    /// The stage whose row is labour income and whose column is household consumption (the
    /// manifest's `households`): outside the open model (A, B, L, G treat it as exogenous),
    /// inside the closed model of Type II multipliers (docs/model.md §8.1); `nil` when none.
    public var households: String?
    /// What loading did that a reader should know, one line each (stage ids derived from the
    /// names of a wide table or pymrio folder): shown by `vmp check --chain`. Not part of `==`.
    public var notes: [String] = []
    /// Whether the stage ids were derived from names (a wide table, a pymrio folder: by
    /// ``StageIDs``) rather than typed by the chain's author: then results show each stage's
    /// name beside its id (``StageLabels``). Not part of `==`.
    public var idsFromNames = false
    /// Tells apart two loads of a chain, even of equal data (model caches are keyed by it).
    public var identity = UUID()

    public init(name: String, title: String, stages: [Stage], years: ClosedRange<Int>,
                quantityNames: [String], quantities: [QuantityKey: PublishedValue],
                linkages: [LinkageKey: PublishedValue], units: [String: [String]] = [:], flowUnit: String? = nil) {
        self.name = name
        self.title = title
        self.stages = stages.map { stage in
            var tagged = stage
            tagged.chain = name
            return tagged
        }
        self.years = years
        self.quantityNames = quantityNames
        self.quantities = quantities
        self.linkageStore = LinkageStore(sparse: linkages)
        self.units = units
        self.flowUnit = flowUnit
    }

    public static func == (a: Chain, b: Chain) -> Bool {
        a.name == b.name && a.title == b.title && a.stages == b.stages && a.years == b.years
            && a.quantityNames == b.quantityNames && a.quantities == b.quantities && a.linkages == b.linkages
            && a.units == b.units && a.flowUnit == b.flowUnit && a.defaultShock == b.defaultShock
            && a.households == b.households && a.newUnits == b.newUnits
    }

    /// A unit of this chain's data (`flow_unit`, a quantity's unit), with its declared words.
    /// - Throws: ``UnitError`` for a word outside the registry and ``newUnits``.
    public func unit(_ text: String) throws(UnitError) -> Unit {
        try UnitRegistry.resolve(text, declared: Set(newUnits))
    }

    /// The same chain under another name (its stages move with it).
    public func renamed(_ newName: String) -> Chain {
        var copy = self
        copy.name = newName
        copy.stages = stages.map { stage in
            var tagged = stage
            tagged.chain = newName
            return tagged
        }
        return copy
    }

    /// `true` when the chain has at least one flow (kind ``LinkageKind/flow``) in `year`.
    public func hasFlows(in year: Int) -> Bool {
        linkageStore.has(.flow, year: year)
    }

    /// `true` when the chain has any flow at all.
    public var hasFlows: Bool { linkageStore.has(.flow, year: nil) }

    /// Each stage id's 0-based place in ``stages`` (the first, should an id repeat).
    public var stagePositions: [String: Int] {
        var out: [String: Int] = [:]
        out.reserveCapacity(stages.count)
        for (k, stage) in stages.enumerated() where out[stage.id] == nil { out[stage.id] = k }
        return out
    }

    /// The stage with this id, if any.
    public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }

    /// The (from, to) pairs that have a published linkage of `kind`, in chain order of `from`.
    public func linkagePairs(_ kind: LinkageKind) -> [(from: String, to: String)] {
        var seen = Set<String>()
        var pairs: [(from: String, to: String)] = []
        let order = Dictionary(uniqueKeysWithValues: stages.enumerated().map { ($1.id, $0) })
        for key in linkages.keys where key.kind == kind {
            if seen.insert(key.from + "\u{0}" + key.to).inserted { pairs.append((key.from, key.to)) }
        }
        return pairs.sorted { (order[$0.from] ?? 0, order[$0.to] ?? 0) < (order[$1.from] ?? 0, order[$1.to] ?? 0) }
    }
}

// MARK: - Labels

/// A published value's label is a vmp expression that evaluates to it, so `:source` and
/// `:explain` show what can be typed back.
extension QuantityKey {
    /// `S3.cost[2019]`, or `S1.emissions` for a value the source gives without a year.
    public var label: String {
        year.map { "\(stage).\(quantity)[\($0)]" } ?? "\(stage).\(quantity)"
    }
}

extension LinkageKey {
    /// `link(S1, S2)[2020]` (forward, "S1 drives S2"), `pull(S2, S1)[2020]` (backward,
    /// "S2 pulls S1"), or `Z[2020][S1][S2]` (the flow z_12).
    public var label: String {
        switch kind {
        case .forward: return "link(\(from), \(to))[\(year)]"
        case .backward: return "pull(\(to), \(from))[\(year)]"
        case .flow: return "Z[\(year)][\(from)][\(to)]"
        }
    }
}

/// What `S3.name`, `S3.description` and `S3.id` read: a stage's fields besides its quantities.
public enum StageField: String, CaseIterable, Sendable {
    case id, name, description

    /// The field's text for `stage`.
    public func value(of stage: Stage) -> String {
        switch self {
        case .id: return stage.id
        case .name: return stage.name
        case .description: return stage.description
        }
    }
}
