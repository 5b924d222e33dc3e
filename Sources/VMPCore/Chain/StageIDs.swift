import Foundation

/// Stage ids for tables whose sectors are named in free text (wide CSV tables, pymrio
/// folders): `Agriculture, forestry & fishing` → `Agriculture_forestry_fishing`,
/// `Électricité et gaz` → `Electricite_et_gaz`. The name stays the stage's name (shown in tables,
/// plots and exports); the id is what a script types.
///
/// The rule (README, "Bring your own table"; in this order):
/// 1. accents are dropped: the name is decomposed (Unicode canonical decomposition) and its
///    combining marks removed (`é` → `e`, `ü` → `u`); other letters stay (`ß`, `钢`);
/// 2. every run of characters that cannot be in a name (anything but letters, digits and `_`)
///    becomes one `_`; runs of `_` become one `_`, and `_` is trimmed from both ends;
/// 3. the case is kept (`EU` stays `EU`);
/// 4. an id that starts with a digit gets `s` in front (`01 Crops` → `s01_Crops`); an empty one
///    is `s` and the sector's 1-based position (`s7`);
/// 5. an id that is a keyword, a built-in or a chain name (`in`, `L`, `sum`, `vanadium`, the
///    chain's own name) gets `_` at the end (`L` → `L_`), so nothing built in is hidden;
/// 6. an id already taken by an earlier sector gets `_2`, then `_3`, … (the first free one), in
///    the table's order.
enum StageIDs {
    /// The id of one name by rules 1–5 (without de-duplication); `position` is 1-based.
    static func derive(_ name: String, position: Int, chainName: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingUnderscore = false
        for scalar in name.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let keep = scalar != "_" && (Lexer.isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
                || scalar.properties.generalCategory == .decimalNumber)
            if keep {
                if pendingUnderscore && !out.isEmpty { out.append("_") }
                pendingUnderscore = false
                out.append(scalar)
            } else {
                pendingUnderscore = true
            }
        }
        var id = String(out).precomposedStringWithCanonicalMapping
        if id.isEmpty { id = "s\(position)" }
        if let first = id.unicodeScalars.first, !Lexer.isIdentifierStart(first) { id = "s" + id }
        if Chain.stageIDProblem(id, chainName: chainName) != nil { id += "_" }
        return id
    }

    /// The ids of `names` (rules 1–6), in order.
    static func derive(_ names: [String], chainName: String) -> [String] {
        var taken = Set<String>()
        var ids: [String] = []
        ids.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            let base = derive(name, position: index + 1, chainName: chainName)
            var id = base
            var k = 2
            while taken.contains(id) {
                id = "\(base)_\(k)"
                k += 1
            }
            taken.insert(id)
            ids.append(id)
        }
        return ids
    }

    /// `"Agriculture, forestry & fishing" → Agriculture_forestry_fishing` for every name whose
    /// id differs from it (what `vmp check` and the chain's notes show).
    static func derivations(names: [String], ids: [String]) -> [String] {
        zip(names, ids).compactMap { name, id in name == id ? nil : "\"\(name)\" → \(id)" }
    }
}
