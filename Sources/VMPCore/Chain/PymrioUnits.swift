/// pymrio's unit texts (a folder's `unit.txt` for the core system, one per extension) as vmp
/// units, where the meaning is certain; anything else is read as a plain number and the chain's
/// notes say which text was not understood (vmp never guesses a unit).
///
/// The mapping (README, "Bring your own table"; docs/units.md):
///
/// | pymrio text | vmp unit |
/// |---|---|
/// | `USD`, `EUR`, `CNY`, `RMB` | the currency |
/// | `Mill USD`, `Mill. USD`, `M.EUR`, `M EUR`, `Mio EUR`, `million USD`, `Million USD` | `million` + the currency |
/// | `1000 USD`, `thousand EUR`, `Thousand EUR`, `k EUR`, `kUSD` | `thousand` + the currency |
/// | `bn USD`, `billion EUR`, `Billion EUR` | `billion` + the currency |
/// | `kg`, `t`, `tonne`, `tonnes`, `kt`, `Gg` | `kg`, `t`, `t`, `t`, `kt`, `kt` |
/// | `Mt` | `10^6 t` |
///
/// Anything else, e.g. `kg CO2-eq` (an equivalent, not a mass of CO2), `TJ`, `Mm3`, `km2`,
/// `1000 p.`, stays a plain number.
enum PymrioUnits {
    /// Magnitude words before a currency, by the scale word vmp writes.
    static let magnitudes: [String: String] = [
        "Mill": "million", "Mill.": "million", "M": "million", "M.": "million", "Mio": "million", "Mio.": "million",
        "million": "million", "Million": "million",
        "1000": "thousand", "thousand": "thousand", "Thousand": "thousand", "k": "thousand",
        "bn": "billion", "billion": "billion", "Billion": "billion",
    ]
    /// Currency codes vmp knows.
    static let currencies = ["USD", "EUR", "CNY", "RMB"]
    /// Masses, by the unit vmp writes.
    static let masses: [String: String] = ["kg": "kg", "t": "t", "tonne": "t", "tonnes": "t", "kt": "kt", "Gg": "kt", "Mt": "10^6 t"]

    /// The vmp unit of pymrio's unit text, or `nil` when its meaning is not certain.
    static func unit(_ text: String) -> String? {
        let t = ChainManifest.normalUnit(text)
        if let mass = masses[t] { return mass }
        if t == "kUSD" || t == "kEUR" || t == "kCNY" || t == "kRMB" { return "thousand " + String(t.dropFirst()) }
        for currency in currencies where t.hasSuffix(currency) {
            let prefix = String(t.dropLast(currency.count))
            let trimmed = prefix.hasSuffix(" ") ? String(prefix.dropLast()) : prefix
            if prefix.isEmpty { return currency }
            // `M.EUR` (no space after a dot) or `Mill USD` (a space).
            guard prefix.hasSuffix(" ") || prefix.hasSuffix("."), let scale = magnitudes[trimmed] else { return nil }
            return "\(scale) \(currency)"
        }
        return nil
    }

    /// The unit of S = F x̂⁻¹: the stressor's unit per unit of output (`kg/million USD`); `1`
    /// when both are the same unit; the stressor's unit when output is a plain number; `1` when
    /// the stressor's unit is not known.
    static func perOutput(_ stressor: String, _ money: String) -> String {
        if stressor == money || stressor == "1" { return "1" }
        if money == "1" { return stressor }
        let unit = "\(stressor)/\(money)"
        return (try? UnitRegistry.resolve(unit)) == nil ? "1" : unit
    }

    /// The one vmp unit of a list of texts (a unit file's rows) when every text maps to the same
    /// unit; else `1` (plain numbers) and a note naming the texts not understood.
    static func common(_ texts: [String], file: String) -> (unit: String, note: String?) {
        let distinct = texts.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard !distinct.isEmpty else { return ("1", "\(file) lists no units: plain numbers") }
        let mapped = distinct.map { unit($0) }
        if let first = mapped[0], mapped.allSatisfy({ $0 == first }) { return (first, nil) }
        let unknown = zip(distinct, mapped).filter { $1 == nil }.map { "\"\($0.0)\"" }
        if !unknown.isEmpty {
            return ("1", "unit text \(unknown.joined(separator: ", ")) of \(file) not understood: read as plain numbers")
        }
        return ("1", "\(file) gives several units (\(distinct.map { "\"\($0)\"" }.joined(separator: ", "))): read as plain numbers")
    }
}
