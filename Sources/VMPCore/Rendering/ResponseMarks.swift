/// The marks a shock table puts on Δ cost and Δ emissions cells that were computed from a
/// unit cost or carbon intensity the source gives without a year (`*`) or that `audit` flags
/// as implausible (`†`, ``Provenance/Flag/suspect``), and the footnotes that explain them.
/// The cells know their inputs through ``Quantity/origins`` (docs/model.md §4.5).
struct ResponseMarks {
    /// The undated and the flagged rates used, by label, in the order met.
    private(set) var undated: [String] = []
    private(set) var suspect: [String] = []

    /// Appends `*` and/or `†` to each present cell whose rate is undated or suspect.
    static func mark(_ cells: inout [String], _ items: [Quantity?], _ marks: inout ResponseMarks) {
        for (i, item) in items.enumerated() {
            guard let item, i < cells.count else { continue }
            var suffix = ""
            for origin in item.origins where ResponseMarks.isRate(origin.label) {
                if !origin.label.hasSuffix("]") {
                    if !marks.undated.contains(origin.label) { marks.undated.append(origin.label) }
                    if !suffix.contains("*") { suffix += "*" }
                }
                if origin.published.provenance.flags.contains(.suspect) {
                    if !marks.suspect.contains(origin.label) { marks.suspect.append(origin.label) }
                    if !suffix.contains("†") { suffix += "†" }
                }
            }
            cells[i] += suffix
        }
    }

    /// A unit cost or an intensity (`S4.unit_cost`, `S2.intensity[2020]`).
    static func isRate(_ label: String) -> Bool {
        let name = label.split(separator: "[").first.map(String.init) ?? label
        return name.hasSuffix(".unit_cost") || name.hasSuffix(".intensity")
    }

    /// One line per kind of mark used.
    var footnotes: [String] {
        var lines: [String] = []
        if !undated.isEmpty { lines.append("* computed from a value with no stated year: " + undated.joined(separator: ", ")) }
        if !suspect.isEmpty { lines.append("† computed from a value audit flags as implausible: " + suspect.joined(separator: ", ")) }
        return lines
    }
}
