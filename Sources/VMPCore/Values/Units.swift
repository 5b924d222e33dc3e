import Foundation

/// A physical unit: a scale factor to the base units and the exponents of the four base
/// dimensions (mass in t, time in day, money in RMB, carbon in t CO2).
///
/// The registry (``UnitRegistry``) is deliberately small: t, kt, kg, 10^N t, day, year
/// (= 365 day, the convention of the model notes), RMB, million RMB, t CO2, `%`, and
/// dimensionless. Units combine under `*` and `/`; `+ - < >` need equal dimensions and
/// convert scale (1 kt + 1 t = 1.001 kt).
public struct Unit: Hashable, Sendable, CustomStringConvertible {
    /// Multiply a value in this unit by `scale` to get it in base units.
    public var scale: Double
    /// Exponents of [mass, time, money, carbon].
    public var dimensions: [Int]
    /// How the unit prints: `10^4 t`, `million RMB/t`, or `` for a plain number.
    public var name: String

    public static let one = Unit(scale: 1, dimensions: [0, 0, 0, 0], name: "")
    static let dimensionNames = ["mass", "time", "money", "carbon (CO2 mass)"]

    public var isDimensionless: Bool { dimensions.allSatisfy { $0 == 0 } }
    public var description: String { name }

    public func sameDimension(_ other: Unit) -> Bool { dimensions == other.dimensions }

    /// `mass`, `mass/time`, `money/mass`, `dimensionless` — for error messages.
    public var dimensionDescription: String {
        if isDimensionless { return "dimensionless" }
        let num = zip(Unit.dimensionNames, dimensions).filter { $1 > 0 }.map { $1 == 1 ? $0 : "\($0)^\($1)" }
        let den = zip(Unit.dimensionNames, dimensions).filter { $1 < 0 }.map { $1 == -1 ? $0 : "\($0)^\(-$1)" }
        return (num.isEmpty ? "1" : num.joined(separator: "·")) + den.map { "/" + $0 }.joined()
    }

    static func * (a: Unit, b: Unit) -> Unit {
        let dims = zip(a.dimensions, b.dimensions).map { $0 + $1 }
        let scale = a.scale * b.scale
        return UnitRegistry.named(scale: scale, dimensions: dims) ?? Unit(scale: scale, dimensions: dims, name: compose(a.name, "·", b.name))
    }

    static func / (a: Unit, b: Unit) -> Unit {
        let dims = zip(a.dimensions, b.dimensions).map { $0 - $1 }
        let scale = a.scale / b.scale
        return UnitRegistry.named(scale: scale, dimensions: dims) ?? Unit(scale: scale, dimensions: dims, name: compose(a.name.isEmpty ? "1" : a.name, "/", b.name))
    }

    func power(_ n: Int) -> Unit {
        if n == 0 { return Unit.one }
        let dims = dimensions.map { $0 * n }
        let scale = Foundation.pow(self.scale, Double(n))
        let shown = name.contains("/") || name.contains(" ") || name.contains("·") ? "(\(name))" : name
        return UnitRegistry.named(scale: scale, dimensions: dims) ?? Unit(scale: scale, dimensions: dims, name: "\(shown)^\(n)")
    }

    private static func compose(_ a: String, _ op: String, _ b: String) -> String {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        let wrap = { (s: String) in s.contains("/") || s.contains("·") ? "(\(s))" : s }
        return op == "/" ? "\(a)/\(wrap(b))" : "\(wrap(a))·\(wrap(b))"
    }
}

/// The unit registry: the words a unit may be written with, and the named units results are
/// shown in. Documented in README ("Units") and `:help units`.
public enum UnitRegistry {
    /// Words and what they stand for. `million` and `thousand` are scale words (they multiply
    /// the word after them); `CO2` turns the mass before it into carbon (`t CO2`).
    static let words: [String: Unit] = [
        "t": Unit(scale: 1, dimensions: [1, 0, 0, 0], name: "t"),
        "kt": Unit(scale: 1000, dimensions: [1, 0, 0, 0], name: "kt"),
        "kg": Unit(scale: 0.001, dimensions: [1, 0, 0, 0], name: "kg"),
        "day": Unit(scale: 1, dimensions: [0, 1, 0, 0], name: "day"),
        "year": Unit(scale: 365, dimensions: [0, 1, 0, 0], name: "year"),
        "RMB": Unit(scale: 1, dimensions: [0, 0, 1, 0], name: "RMB"),
        "million": Unit(scale: 1e6, dimensions: [0, 0, 0, 0], name: "million"),
        "thousand": Unit(scale: 1e3, dimensions: [0, 0, 0, 0], name: "thousand"),
        "CO2": Unit(scale: 1, dimensions: [-1, 0, 0, 1], name: "CO2"),
        "%": Unit(scale: 0.01, dimensions: [0, 0, 0, 0], name: "%"),
    ]

    /// Comma-separated list for hints.
    public static let wordsList = "t, kt, kg, 10^N t, day, year, RMB, million RMB, t CO2, %"

    static func isWord(_ word: String) -> Bool { words[word] != nil }

    /// Units results are expressed in when a product or quotient lands on one of them.
    static let named: [Unit] = {
        let list = ["t", "kt", "day", "year", "RMB", "million RMB", "t CO2", "t/day", "million RMB/t", "t CO2/t",
                    "RMB/t", "million RMB/day", "t CO2/day"]
        return list.compactMap { try? resolve($0) }
    }()

    static func named(scale: Double, dimensions: [Int]) -> Unit? {
        if dimensions.allSatisfy({ $0 == 0 }) && scale == 1 { return Unit.one }
        return named.first { $0.dimensions == dimensions && abs($0.scale - scale) <= 1e-12 * abs(scale) }
    }

    /// Resolves a unit written in the registry's syntax (as in the dataset files):
    /// `10^4 t/day`, `million RMB/t`, `t CO2`, `1` (dimensionless).
    /// - Throws: ``UnitError/unknownWord(_:)`` for a word outside the registry.
    public static func resolve(_ text: String) throws(UnitError) -> Unit {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "1" { return Unit.one }
        let groups = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        var factors: [(String, Int)] = []
        for (i, group) in groups.enumerated() {
            let sign = i == 0 ? 1 : -1
            for word in group.split(separator: " ") where !(i == 0 && word == "1") {
                let parts = word.split(separator: "^", maxSplits: 1)
                if parts.count == 2, parts[0] == "10" {
                    factors.append((String(word), sign))
                } else if parts.count == 2, let n = Int(parts[1]) {
                    factors.append((String(parts[0]), sign * n))
                } else {
                    factors.append((String(word), sign))
                }
            }
        }
        return try resolve(factors: factors, display: trimmed)
    }

    /// Resolves a parsed unit; its name is the text as written (normalised spacing).
    public static func resolve(_ unit: UnitExpr) throws(UnitError) -> Unit {
        try resolve(factors: unit.factors.map { ($0.word, $0.power) }, display: unit.text)
    }

    static func resolve(factors: [(String, Int)], display: String) throws(UnitError) -> Unit {
        var scale = 1.0
        var dims = [0, 0, 0, 0]
        for (word, power) in factors {
            let base: Unit
            if word.hasPrefix("10^"), let n = Int(word.dropFirst(3)), abs(n) <= 24 {
                base = Unit(scale: Foundation.pow(10, Double(n)), dimensions: [0, 0, 0, 0], name: word)
            } else if let known = words[word] {
                base = known
            } else {
                throw .unknownWord(word)
            }
            guard abs(power) <= 24 else { throw .unknownWord("\(word)^\(power)") }
            scale *= Foundation.pow(base.scale, Double(power))
            for k in 0..<4 { dims[k] += base.dimensions[k] * power }
        }
        if dims.allSatisfy({ $0 == 0 }) && scale == 1 { return Unit.one }
        return Unit(scale: scale, dimensions: dims, name: display)
    }
}

/// A unit that the registry does not know.
public enum UnitError: Error, Sendable, Equatable {
    case unknownWord(String)
}
