import Foundation

/// A physical unit: a scale factor to the base units, the exponents of its base dimensions
/// (``Dimensions``: mass in t, time in day, carbon in t CO2, one dimension per currency —
/// CNY, USD, EUR — and one per word a chain declares), and its normal form: the words it is
/// written with, each once, with a non-zero power.
///
/// The registry (``UnitRegistry``) is deliberately small: t, kt, kg, 10^N t, day, year
/// (= 365 day, the convention of the model notes), the currencies CNY (RMB is the same unit),
/// USD and EUR with their `k` forms (kUSD) and the scale words thousand, million, billion,
/// t CO2, `%`, and dimensionless. Currencies never convert into one another (no exchange
/// rates): `1 USD + 1 EUR` is an error, `1 kUSD + 1 USD` is 1.001 kUSD. Units combine under `*` and `/` word by word (`kg·t/t` is `kg`, `t·t` is
/// `t^2`); ``simplified()`` then converts words of one dimension into the first of them
/// (`t/day · year` is `t` times 365). `+ - < >` need equal dimensions and convert scale
/// (1 kt + 1 t = 1.001 kt). A power beyond ±``maxPower`` is an error (``UnitError``).
public struct Unit: Hashable, Sendable, CustomStringConvertible {
    /// One word of a unit with its power: `t`, `day^-1`, `10^4`, `t CO2`.
    public struct Factor: Hashable, Sendable {
        public var word: String
        public var power: Int
    }

    /// The unit's parts, in one shared box: a quantity (and so every number the evaluator
    /// copies) then holds one reference for its unit instead of one per part. ``one`` (a plain
    /// number's unit) has no box at all (`nil`), so copying a plain number retains nothing for
    /// its unit.
    private final class Parts: Sendable {
        let scale: Double
        let dimensions: Dimensions
        let name: String
        let factors: [Factor]

        init(scale: Double, dimensions: Dimensions, name: String, factors: [Factor]) {
            self.scale = scale
            self.dimensions = dimensions
            self.name = name
            self.factors = factors
        }
    }
    private let parts: Parts?

    /// Multiply a value in this unit by `scale` to get it in base units.
    public var scale: Double { parts?.scale ?? 1 }
    /// The exponents of the base dimensions.
    public var dimensions: Dimensions { parts?.dimensions ?? .none }
    /// How the unit prints, in a form that can be typed back: `t/day`, `million RMB/t`, `t^2`,
    /// `10^4 t` (shown after a number as `50 (10^4 t)`), or `` for a plain number.
    public var name: String { parts?.name ?? "" }
    /// The normal form: each word once, in order of first use, no zero powers.
    public var factors: [Factor] { parts?.factors ?? [] }

    /// Whether this is ``one`` itself (not merely equal to it): a check without a load.
    @inline(__always) var isOne: Bool { parts == nil }

    /// Whether `self` and `other` share one box (or are both ``one``): then they are equal, in
    /// every part, at once.
    @inline(__always) func isSameBox(_ other: Unit) -> Bool { parts === other.parts }

    /// Equal when scale, dimensions, name and words are (the same box is equal at once).
    public static func == (a: Unit, b: Unit) -> Bool {
        a.parts === b.parts
            || (a.scale == b.scale && a.dimensions == b.dimensions && a.name == b.name && a.factors == b.factors)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scale)
        hasher.combine(dimensions)
        hasher.combine(name)
        hasher.combine(factors)
    }

    /// The largest power a unit word may have (`t^24`); beyond it a unit is an error, not a
    /// name that grows without bound.
    public static let maxPower = 24

    /// A plain number's unit (computed: no lazy global to check on each use).
    public static var one: Unit { Unit(plain: ()) }

    /// ``one``: no box; its scale is 1, its dimensions none, its name and words empty.
    private init(plain: ()) { parts = nil }

    /// A unit from its scale, dimensions and name (the name is read back into words; a name
    /// outside the registry keeps its text and has no words).
    public init(scale: Double, dimensions: Dimensions, name: String) {
        parts = Parts(scale: scale, dimensions: dimensions, name: name, factors: (try? UnitRegistry.factors(name)) ?? [])
    }

    init(factors: [Factor], scale: Double, dimensions: Dimensions) {
        parts = Parts(scale: scale, dimensions: dimensions, name: Unit.name(of: factors), factors: factors)
    }

    public var isDimensionless: Bool { parts == nil || dimensions.isNone }
    public var isPercent: Bool { factors == [Factor(word: "%", power: 1)] }
    public var description: String { name }

    public func sameDimension(_ other: Unit) -> Bool { parts === other.parts || dimensions == other.dimensions }

    /// `mass`, `mass/time`, `money in CNY/mass`, `jobs`, `dimensionless` — for error messages.
    public var dimensionDescription: String { dimensions.description }

    /// The product, word by word: `kg · t / t` is `kg`; the scale is the product of the scales.
    /// - Throws: ``UnitError/powerTooLarge(_:)`` when a word's power leaves ±``maxPower``.
    public func times(_ other: Unit) throws(UnitError) -> Unit {
        try Unit.build(factors + other.factors)
    }

    /// The quotient, word by word: `t / t` is a plain number.
    /// - Throws: ``UnitError/powerTooLarge(_:)`` when a word's power leaves ±``maxPower``.
    public func dividedBy(_ other: Unit) throws(UnitError) -> Unit {
        try Unit.build(factors + other.factors.map { Factor(word: $0.word, power: -$0.power) })
    }

    /// This unit to the power `n`: `t^2`, `day^-1`.
    /// - Throws: ``UnitError/powerTooLarge(_:)`` when a word's power leaves ±``maxPower``.
    public func power(_ n: Int) throws(UnitError) -> Unit {
        var out: [Factor] = []
        for f in factors {
            let (p, overflow) = f.power.multipliedReportingOverflow(by: n)
            guard !overflow, p.magnitude <= UInt(Unit.maxPower) else { throw .powerTooLarge(f.word) }
            out.append(Factor(word: f.word, power: p))
        }
        return try Unit.build(out)
    }

    /// Products and quotients for code that has checked the powers (shock responses): on an
    /// out-of-range power the words are dropped but the scale and dimensions stay right.
    static func * (a: Unit, b: Unit) -> Unit {
        (try? a.times(b)) ?? Unit(scale: a.scale * b.scale, dimensions: a.dimensions.adding(b.dimensions, times: 1), name: "")
    }

    static func / (a: Unit, b: Unit) -> Unit {
        (try? a.dividedBy(b)) ?? Unit(scale: a.scale / b.scale, dimensions: a.dimensions.adding(b.dimensions, times: -1), name: "")
    }

    /// The simplest unit of the same quantity and the factor a value is multiplied by to be in
    /// it: words of one dimension are converted into the first of them (`t/day · year` →
    /// (`t`, 365); `RMB/kg · t` → (`RMB`, 1000)); `%` next to other words goes into the value
    /// (`5% · 2 t` is `0.1 t`); a dimensionless unit becomes a plain number (`t / 10^4 t` →
    /// (``one``, 0.0001)).
    public func simplified() -> (unit: Unit, factor: Double) {
        if isDimensionless && !isPercent {
            return (Unit.one, scale)
        }
        var factor = 1.0
        var out: [Factor] = []
        for f in factors {
            guard let atom = UnitRegistry.atom(f.word) else { out.append(f); continue }
            if f.word == "%" && factors.count > 1 {
                factor = Decimal64.multiply(factor, UnitRegistry.power(atom.scale, f.power))
                continue
            }
            let single = atom.dimensions.count == 1
            if single, let i = out.firstIndex(where: { g in
                g.word != f.word && UnitRegistry.atom(g.word).map { $0.dimensions == atom.dimensions } ?? false
            }), let first = UnitRegistry.atom(out[i].word) {
                // f.word^p = (scale(f)/scale(first))^p · first^p
                let ratio = Decimal64.divide(atom.scale, first.scale)
                factor = Decimal64.multiply(factor, UnitRegistry.power(ratio, f.power))
                let (p, overflow) = out[i].power.addingReportingOverflow(f.power)
                if overflow || p.magnitude > UInt(Unit.maxPower) { return (self, 1) }
                if p == 0 { out.remove(at: i) } else { out[i].power = p }
                continue
            }
            out.append(f)
        }
        guard let unit = try? Unit.build(out) else { return (self, 1) }
        if unit.isDimensionless && !unit.isPercent {
            return (Unit.one, Decimal64.multiply(factor, unit.scale))
        }
        return (unit, factor)
    }

    /// A unit from words with powers: merges repeated words, joins `10^a · 10^b` into one
    /// scale word, drops zero powers, and checks every power.
    static func build(_ raw: [Factor]) throws(UnitError) -> Unit {
        var merged: [Factor] = []
        var tenPower = 0
        var tenAt: Int?
        for f in raw {
            if f.word.hasPrefix("10^"), let n = Int(f.word.dropFirst(3)), n.magnitude <= UInt(Unit.maxPower) {
                let (p, o1) = n.multipliedReportingOverflow(by: f.power)
                let (sum, o2) = tenPower.addingReportingOverflow(p)
                guard !o1, !o2, sum.magnitude <= UInt(Unit.maxPower) else { throw .powerTooLarge("10^") }
                tenPower = sum
                if tenAt == nil { tenAt = merged.count; merged.append(Factor(word: "10^", power: 1)) }
                continue
            }
            if let i = merged.firstIndex(where: { $0.word == f.word }) {
                let (p, overflow) = merged[i].power.addingReportingOverflow(f.power)
                guard !overflow, p.magnitude <= UInt(Unit.maxPower) else { throw .powerTooLarge(f.word) }
                merged[i].power = p
            } else {
                guard f.power.magnitude <= UInt(Unit.maxPower) else { throw .powerTooLarge(f.word) }
                merged.append(f)
            }
        }
        if let i = tenAt {
            merged[i] = Factor(word: "10^\(tenPower)", power: 1)
            if tenPower == 0 { merged[i].power = 0 }
        }
        merged.removeAll { $0.power == 0 }
        var scale = 1.0
        var dims = Dimensions.none
        for f in merged {
            guard let atom = UnitRegistry.atom(f.word) else { throw .unknownWord(f.word) }
            scale = Decimal64.multiply(scale, UnitRegistry.power(atom.scale, f.power))
            dims = dims.adding(atom.dimensions, times: f.power)
        }
        return Unit(factors: merged, scale: scale, dimensions: dims)
    }

    /// `million RMB/t`, `t^2`, `t CO2/day`, `day^-1` (no numerator), `` for no words.
    static func name(of factors: [Factor]) -> String {
        func word(_ f: Factor, _ p: Int) -> String { p == 1 ? f.word : "\(f.word)^\(p)" }
        let num = factors.filter { $0.power > 0 }.map { word($0, $0.power) }
        let den = factors.filter { $0.power < 0 }
        if num.isEmpty { return den.map { word($0, $0.power) }.joined(separator: " ") }
        if den.isEmpty { return num.joined(separator: " ") }
        return num.joined(separator: " ") + "/" + den.map { word($0, -$0.power) }.joined(separator: " ")
    }
}

/// The exponents of a unit's base dimensions, keyed by the base unit's word: `t` (mass), `day`
/// (time), `t CO2` (carbon), each currency (`CNY`, `USD`, `EUR`: three dimensions, so that no
/// sum or conversion crosses currencies) and each word a chain declares (`GBP`, `jobs`: one
/// dimension each). Zero powers are left out, so equal dimensions compare equal.
public struct Dimensions: Hashable, Sendable, CustomStringConvertible {
    public private(set) var powers: [String: Int]

    /// A plain number's: no base dimension.
    public static let none = Dimensions([:])
    /// Mass (t).
    public static let mass = Dimensions(["t": 1])
    /// A unit-time output: mass per time (t/day).
    public static let massRate = Dimensions(["t": 1, "day": -1])

    public init(_ powers: [String: Int]) { self.powers = powers.filter { $0.value != 0 } }

    /// One base dimension, to the first power.
    public static func base(_ word: String) -> Dimensions { Dimensions([word: 1]) }

    public var isNone: Bool { powers.isEmpty }
    /// The number of base dimensions with a non-zero power.
    public var count: Int { powers.count }

    /// `self + k · other`, power by power (the dimensions of a product or quotient).
    public func adding(_ other: Dimensions, times k: Int) -> Dimensions {
        var out = powers
        for (base, p) in other.powers { out[base, default: 0] &+= p &* k }
        return Dimensions(out)
    }

    /// How a base dimension is named in messages.
    static func name(of base: String) -> String {
        switch base {
        case "t": return "mass"
        case "day": return "time"
        case "t CO2": return "carbon (CO2 mass)"
        default: return UnitRegistry.currencies.contains(base) ? "money in \(base)" : base
        }
    }

    /// Messages list mass, time, the currencies and carbon first, then declared words by name.
    private static func rank(_ base: String) -> (Int, String) {
        let order = ["t", "day", "CNY", "EUR", "USD", "t CO2"]
        return (order.firstIndex(of: base) ?? order.count, base)
    }

    /// `mass`, `mass/time`, `money in CNY/mass`, `jobs`, `dimensionless`.
    public var description: String {
        if isNone { return "dimensionless" }
        let sorted = powers.sorted { Dimensions.rank($0.key) < Dimensions.rank($1.key) }
        let num = sorted.filter { $0.value > 0 }.map { $0.value == 1 ? Dimensions.name(of: $0.key) : "\(Dimensions.name(of: $0.key))^\($0.value)" }
        let den = sorted.filter { $0.value < 0 }.map { $0.value == -1 ? Dimensions.name(of: $0.key) : "\(Dimensions.name(of: $0.key))^\(-$0.value)" }
        return (num.isEmpty ? "1" : num.joined(separator: "·")) + den.map { "/" + $0 }.joined()
    }
}

/// The unit registry: the words a unit may be written with. Documented in docs/units.md and
/// `:help units`. A chain's manifest (`--chain`) declares which of these units each of its
/// quantities is published in, and may add words of its own (`new_units = ["GBP", "jobs"]`
/// in `[chain]`): each such word is a new base unit with a dimension of its own.
public enum UnitRegistry {
    /// The currencies: each its own dimension (no exchange rates). `RMB` is the same unit as `CNY`.
    public static let currencies = ["CNY", "USD", "EUR"]

    /// Words and what they stand for. `thousand`, `million` and `billion` are scale words (they
    /// multiply the word after them: `million USD`); `kUSD` is `thousand USD`; `CO2` turns the
    /// mass before it into carbon (`t CO2`).
    static let words: [String: (scale: Double, dimensions: Dimensions)] = [
        "t": (1, .mass),
        "kt": (1000, .mass),
        "kg": (0.001, .mass),
        "day": (1, .base("day")),
        "year": (365, .base("day")),
        "CNY": (1, .base("CNY")),
        "RMB": (1, .base("CNY")),
        "USD": (1, .base("USD")),
        "EUR": (1, .base("EUR")),
        "kCNY": (1000, .base("CNY")),
        "kRMB": (1000, .base("CNY")),
        "kUSD": (1000, .base("USD")),
        "kEUR": (1000, .base("EUR")),
        "thousand": (1e3, .none),
        "million": (1e6, .none),
        "billion": (1e9, .none),
        "CO2": (1, Dimensions(["t": -1, "t CO2": 1])),
        "%": (0.01, .none),
    ]

    /// Comma-separated list for hints.
    public static let wordsList = "t, kt, kg, 10^N t, day, year, USD, EUR, CNY (= RMB), kUSD, thousand, million, billion, t CO2, %"

    static func isWord(_ word: String) -> Bool { words[word] != nil }

    /// Whether `word` can be declared by a chain as a unit of its own: a name (letters, digits
    /// and `_`, not starting with a digit) that is not already a unit word.
    public static func isDeclarable(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, !("0"..."9").contains(first), !isWord(word) else { return false }
        return word.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    /// One word of a normal form: a registry word, a scale `10^N` (|N| ≤ 24), a mass in CO2
    /// (`t CO2`), or a word a chain declared (a base unit of its own: scale 1, its own dimension).
    /// Words reach a normal form only through ``factors(_:declared:)`` or the parser, which
    /// check them, so any other name here is a declared one.
    static func atom(_ word: String) -> (scale: Double, dimensions: Dimensions)? {
        if let known = words[word] { return known }
        if word.hasPrefix("10^"), let n = Int(word.dropFirst(3)), n.magnitude <= UInt(Unit.maxPower) {
            return (Foundation.pow(10, Double(n)), .none)
        }
        if word.hasSuffix(" CO2"), let mass = words[String(word.dropLast(4))], mass.dimensions == .mass {
            return (mass.scale, .base("t CO2"))
        }
        if isDeclarable(word) { return (1, .base(word)) }
        return nil
    }

    /// `x^n` for a unit scale (`n` within ±``Unit/maxPower``), decimal-exact where it can be.
    static func power(_ x: Double, _ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<min(n.magnitude, UInt(Unit.maxPower)) { r = Decimal64.multiply(r, x) }
        return n < 0 ? Decimal64.divide(1, r) : r
    }

    /// The words of a unit written in the registry's syntax (`10^4 t/day`, `t CO2/t`, `day^-1`);
    /// `declared`: the words a chain adds; `nil` accepts any declarable word (text already checked).
    static func factors(_ text: String, declared: Set<String>? = []) throws(UnitError) -> [Unit.Factor] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "1" { return [] }
        let groups = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        var factors: [(String, Int)] = []
        for (i, group) in groups.enumerated() {
            let sign = i == 0 ? 1 : -1
            for word in group.split(separator: " ") where !(i == 0 && word == "1") {
                let parts = word.split(separator: "^", maxSplits: 1)
                if parts.count == 2, parts[0] == "10" {
                    factors.append((String(word), sign))
                } else if parts.count == 2, let n = Int(parts[1]) {
                    guard n.magnitude <= UInt(Unit.maxPower) else { throw .powerTooLarge(String(parts[0])) }
                    factors.append((String(parts[0]), sign * n))
                } else {
                    factors.append((String(word), sign))
                }
            }
        }
        return try normalFactors(factors, declared: declared)
    }

    /// Checks the words and powers and joins `CO2` to the mass before it. A word outside the
    /// registry must be in `declared` (`nil`: any declarable word, for units the parser checked).
    static func normalFactors(_ raw: [(String, Int)], declared: Set<String>?) throws(UnitError) -> [Unit.Factor] {
        var out: [Unit.Factor] = []
        for (word, power) in raw {
            guard power.magnitude <= UInt(Unit.maxPower) else { throw .powerTooLarge(word) }
            if word == "CO2", let last = out.last, words[last.word]?.dimensions == .mass, last.power == power {
                out[out.count - 1].word = last.word + " CO2"
                continue
            }
            if word.hasPrefix("10^") {
                guard let n = Int(word.dropFirst(3)), n.magnitude <= UInt(Unit.maxPower) else { throw .unknownWord(word) }
            } else if words[word] == nil {
                guard isDeclarable(word), declared.map({ $0.contains(word) }) ?? true else { throw .unknownWord(word) }
            }
            out.append(Unit.Factor(word: word, power: power))
        }
        return out
    }

    /// Resolves a unit written in the registry's syntax (as in the dataset files):
    /// `10^4 t/day`, `million USD/t`, `t CO2`, `1` (dimensionless); `declared`: the words the
    /// chain adds to the registry (its manifest's `new_units`).
    /// - Throws: ``UnitError/unknownWord(_:)`` for a word outside the registry and `declared`,
    ///   ``UnitError/powerTooLarge(_:)`` for a power beyond ±``Unit/maxPower``.
    public static func resolve(_ text: String, declared: Set<String> = []) throws(UnitError) -> Unit {
        let unit = try Unit.build(try factors(text, declared: declared))
        return unit.isDimensionless && unit.scale == 1 ? Unit.one : unit
    }

    /// Resolves a unit of a loaded chain's data, which the loader checked against the registry
    /// and the chain's `new_units`: any declarable word is taken as a declared one.
    static func resolveChecked(_ text: String) throws(UnitError) -> Unit {
        let unit = try Unit.build(try factors(text, declared: nil))
        return unit.isDimensionless && unit.scale == 1 ? Unit.one : unit
    }

    /// Resolves a parsed unit (its words were checked by the parser, against the registry and
    /// the words the session's chains declare); it prints in normal form (`t day/day` is `t`).
    public static func resolve(_ unit: UnitExpr) throws(UnitError) -> Unit {
        let built = try Unit.build(try normalFactors(unit.factors.map { ($0.word, $0.power) }, declared: nil))
        return built.isDimensionless && built.scale == 1 ? Unit.one : built
    }
}

/// A unit that the registry does not know, or a power beyond ±``Unit/maxPower``.
public enum UnitError: Error, Sendable, Equatable {
    case unknownWord(String)
    case powerTooLarge(String)
}
