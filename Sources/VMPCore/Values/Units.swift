import Foundation

/// A physical unit: a scale factor to the base units, the exponents of the four base
/// dimensions (mass in t, time in day, money in RMB, carbon in t CO2), and its normal form:
/// the words it is written with, each once, with a non-zero power.
///
/// The registry (``UnitRegistry``) is deliberately small: t, kt, kg, 10^N t, day, year
/// (= 365 day, the convention of the model notes), RMB, million RMB, t CO2, `%`, and
/// dimensionless. Units combine under `*` and `/` word by word (`kg·t/t` is `kg`, `t·t` is
/// `t^2`); ``simplified()`` then converts words of one dimension into the first of them
/// (`t/day · year` is `t` times 365). `+ - < >` need equal dimensions and convert scale
/// (1 kt + 1 t = 1.001 kt). A power beyond ±``maxPower`` is an error (``UnitError``).
public struct Unit: Hashable, Sendable, CustomStringConvertible {
    /// One word of a unit with its power: `t`, `day^-1`, `10^4`, `t CO2`.
    public struct Factor: Hashable, Sendable {
        public var word: String
        public var power: Int
    }

    /// Multiply a value in this unit by `scale` to get it in base units.
    public var scale: Double
    /// Exponents of [mass, time, money, carbon].
    public var dimensions: [Int]
    /// How the unit prints, in a form that can be typed back: `t/day`, `million RMB/t`, `t^2`,
    /// `10^4 t` (shown after a number as `50 (10^4 t)`), or `` for a plain number.
    public var name: String
    /// The normal form: each word once, in order of first use, no zero powers.
    public var factors: [Factor]

    /// The largest power a unit word may have (`t^24`); beyond it a unit is an error, not a
    /// name that grows without bound.
    public static let maxPower = 24

    public static let one = Unit(factors: [], scale: 1, dimensions: [0, 0, 0, 0])
    static let dimensionNames = ["mass", "time", "money", "carbon (CO2 mass)"]

    /// A unit from its scale, dimensions and name (the name is read back into words; a name
    /// outside the registry keeps its text and has no words).
    public init(scale: Double, dimensions: [Int], name: String) {
        self.scale = scale
        self.dimensions = dimensions
        self.name = name
        self.factors = (try? UnitRegistry.factors(name)) ?? []
    }

    init(factors: [Factor], scale: Double, dimensions: [Int]) {
        self.factors = factors
        self.scale = scale
        self.dimensions = dimensions
        self.name = Unit.name(of: factors)
    }

    public var isDimensionless: Bool { dimensions.allSatisfy { $0 == 0 } }
    public var isPercent: Bool { factors == [Factor(word: "%", power: 1)] }
    public var description: String { name }

    public func sameDimension(_ other: Unit) -> Bool { dimensions == other.dimensions }

    /// `mass`, `mass/time`, `money/mass`, `dimensionless` — for error messages.
    public var dimensionDescription: String {
        if isDimensionless { return "dimensionless" }
        let num = zip(Unit.dimensionNames, dimensions).filter { $1 > 0 }.map { $1 == 1 ? $0 : "\($0)^\($1)" }
        let den = zip(Unit.dimensionNames, dimensions).filter { $1 < 0 }.map { $1 == -1 ? $0 : "\($0)^\(-$1)" }
        return (num.isEmpty ? "1" : num.joined(separator: "·")) + den.map { "/" + $0 }.joined()
    }

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
        (try? a.times(b)) ?? Unit(scale: a.scale * b.scale, dimensions: zip(a.dimensions, b.dimensions).map { $0 &+ $1 }, name: "")
    }

    static func / (a: Unit, b: Unit) -> Unit {
        (try? a.dividedBy(b)) ?? Unit(scale: a.scale / b.scale, dimensions: zip(a.dimensions, b.dimensions).map { $0 &- $1 }, name: "")
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
            let single = atom.dimensions.filter { $0 != 0 }.count == 1
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
        var dims = [0, 0, 0, 0]
        for f in merged {
            guard let atom = UnitRegistry.atom(f.word) else { throw .unknownWord(f.word) }
            scale = Decimal64.multiply(scale, UnitRegistry.power(atom.scale, f.power))
            for k in 0..<4 { dims[k] += atom.dimensions[k] * f.power }
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

/// The unit registry: the words a unit may be written with. Documented in README ("Units")
/// and `:help units`. A chain's manifest (`--chain`) declares which of these units each of its
/// quantities is published in; it does not add words.
public enum UnitRegistry {
    /// Words and what they stand for. `million` and `thousand` are scale words (they multiply
    /// the word after them); `CO2` turns the mass before it into carbon (`t CO2`).
    static let words: [String: (scale: Double, dimensions: [Int])] = [
        "t": (1, [1, 0, 0, 0]),
        "kt": (1000, [1, 0, 0, 0]),
        "kg": (0.001, [1, 0, 0, 0]),
        "day": (1, [0, 1, 0, 0]),
        "year": (365, [0, 1, 0, 0]),
        "RMB": (1, [0, 0, 1, 0]),
        "million": (1e6, [0, 0, 0, 0]),
        "thousand": (1e3, [0, 0, 0, 0]),
        "CO2": (1, [-1, 0, 0, 1]),
        "%": (0.01, [0, 0, 0, 0]),
    ]

    /// Comma-separated list for hints.
    public static let wordsList = "t, kt, kg, 10^N t, day, year, RMB, million RMB, t CO2, %"

    static func isWord(_ word: String) -> Bool { words[word] != nil }

    /// One word of a normal form: a registry word, a scale `10^N` (|N| ≤ 24), or a mass in CO2 (`t CO2`).
    static func atom(_ word: String) -> (scale: Double, dimensions: [Int])? {
        if let known = words[word] { return known }
        if word.hasPrefix("10^"), let n = Int(word.dropFirst(3)), n.magnitude <= UInt(Unit.maxPower) {
            return (Foundation.pow(10, Double(n)), [0, 0, 0, 0])
        }
        if word.hasSuffix(" CO2"), let mass = words[String(word.dropLast(4))], mass.dimensions == [1, 0, 0, 0] {
            return (mass.scale, [0, 0, 0, 1])
        }
        return nil
    }

    /// `x^n` for a unit scale (`n` within ±``Unit/maxPower``), decimal-exact where it can be.
    static func power(_ x: Double, _ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<min(n.magnitude, UInt(Unit.maxPower)) { r = Decimal64.multiply(r, x) }
        return n < 0 ? Decimal64.divide(1, r) : r
    }

    /// The words of a unit written in the registry's syntax (`10^4 t/day`, `t CO2/t`, `day^-1`).
    static func factors(_ text: String) throws(UnitError) -> [Unit.Factor] {
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
        return try normalFactors(factors)
    }

    /// Checks the words and powers and joins `CO2` to the mass before it.
    static func normalFactors(_ raw: [(String, Int)]) throws(UnitError) -> [Unit.Factor] {
        var out: [Unit.Factor] = []
        for (word, power) in raw {
            guard power.magnitude <= UInt(Unit.maxPower) else { throw .powerTooLarge(word) }
            if word == "CO2", let last = out.last, words[last.word]?.dimensions == [1, 0, 0, 0], last.power == power {
                out[out.count - 1].word = last.word + " CO2"
                continue
            }
            if word.hasPrefix("10^") {
                guard let n = Int(word.dropFirst(3)), n.magnitude <= UInt(Unit.maxPower) else { throw .unknownWord(word) }
            } else if words[word] == nil {
                throw .unknownWord(word)
            }
            out.append(Unit.Factor(word: word, power: power))
        }
        return out
    }

    /// Resolves a unit written in the registry's syntax (as in the dataset files):
    /// `10^4 t/day`, `million RMB/t`, `t CO2`, `1` (dimensionless).
    /// - Throws: ``UnitError/unknownWord(_:)`` for a word outside the registry,
    ///   ``UnitError/powerTooLarge(_:)`` for a power beyond ±``Unit/maxPower``.
    public static func resolve(_ text: String) throws(UnitError) -> Unit {
        let unit = try Unit.build(try factors(text))
        return unit.isDimensionless && unit.scale == 1 ? Unit.one : unit
    }

    /// Resolves a parsed unit; it prints in normal form (`t day/day` is `t`).
    public static func resolve(_ unit: UnitExpr) throws(UnitError) -> Unit {
        let built = try Unit.build(try normalFactors(unit.factors.map { ($0.word, $0.power) }))
        return built.isDimensionless && built.scale == 1 ? Unit.one : built
    }
}

/// A unit that the registry does not know, or a power beyond ±``Unit/maxPower``.
public enum UnitError: Error, Sendable, Equatable {
    case unknownWord(String)
    case powerTooLarge(String)
}
