/// A text table wider than ``Formatter/tableWidth`` (a 40-stage matrix, a shock table with
/// units in its headings) is shown in groups of whole columns that fit, each group repeating
/// the first column (the row keys), one group under the other with a blank line between and a
/// note saying which columns each shows.
enum TableWrap {
    /// The table in column groups, or `nil` when it fits (or has no width limit, or too few
    /// columns to split).
    static func groups(_ formatter: Formatter, header: [Markup], rows: [[String]], rightAligned: [Bool]) -> Markup? {
        guard let limit = formatter.tableWidth, header.count > 2 else { return nil }
        var widths = header.map(\.width)
        for row in rows {
            for (j, text) in row.enumerated() where j < widths.count { widths[j] = max(widths[j], DisplayWidth.of(text)) }
        }
        let total = widths.reduce(0, +) + 2 * (widths.count - 1)
        guard total > limit else { return nil }
        // Greedy: as many whole columns after the first as fit beside it (at least one).
        var groups: [[Int]] = []
        var current: [Int] = []
        var used = widths[0]
        for j in 1..<widths.count {
            if !current.isEmpty, used + 2 + widths[j] > limit {
                groups.append(current)
                current = []
                used = widths[0]
            }
            current.append(j)
            used += 2 + widths[j]
        }
        if !current.isEmpty { groups.append(current) }
        guard groups.count > 1 else { return nil }
        var plain = formatter
        plain.tableWidth = nil
        var out = Markup()
        for (g, group) in groups.enumerated() {
            let keep = [0] + group
            if g > 0 { out.append("\n\n") }
            let first = group.first ?? 1, last = group.last ?? first
            out.append(first == last ? "(column \(first) of \(widths.count - 1))\n" : "(columns \(first)–\(last) of \(widths.count - 1))\n")
            out.append(plain.grid(header: keep.map { header[$0] },
                                  rows: rows.map { row in keep.map { $0 < row.count ? row[$0] : "" } },
                                  rightAligned: keep.map { $0 < rightAligned.count ? rightAligned[$0] : false }))
        }
        return out
    }
}
