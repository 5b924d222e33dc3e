import Foundation

/// One legend entry: a series' name, its index (which sets colour, marker and line style),
/// and a note such as which categories are NA.
struct LegendEntry {
    enum Style { case line, swatch }
    var name: String
    var index: Int
    var style: Style
    var note: String?
}

/// Legends for both media. Entries differ by marker shape or fill pattern as well as by
/// colour, so a legend works in print, in a pipe and for colour-blind readers.
enum Legend {
    /// Terminal markers of line charts, by series.
    static let markers: [Character] = ["●", "■", "▲", "◆", "▼", "○", "□", "×"]
    /// Terminal fills of bar charts, by series.
    static let fills: [Character] = ["█", "▓", "▒", "░", "#", "=", "+", "%"]

    static func marker(_ index: Int) -> Character { markers[index % markers.count] }
    static func fill(_ index: Int) -> Character { fills[index % fills.count] }

    /// The entries of `figure`'s series, each noting its NA categories.
    static func entries(_ figure: Figure, style: LegendEntry.Style) -> [LegendEntry] {
        figure.series.enumerated().map { i, s in
            let present = s.values.contains { $0 != nil }
            let missing = s.missing(figure.categories)
            let note = !present ? "all NA: not published" : missing.isEmpty ? nil : "NA: \(missing)"
            return LegendEntry(name: s.name, index: i, style: style, note: note)
        }
    }

    /// Legend lines for the terminal: `● S1 drives S2   ■ S2 drives S3 (NA: 2015–2017)`.
    static func terminal(_ entries: [LegendEntry], width: Int) -> [String] {
        let items = entries.map { e -> String in
            let symbol = e.style == .line ? marker(e.index) : fill(e.index)
            return "\(symbol) \(e.name)" + (e.note.map { " (\($0))" } ?? "")
        }
        return PlotText.flow(items, width: width)
    }

    /// Draws the legend in `rect`: a sample (line with marker, or a swatch) and the name,
    /// with the note on a second line in grey.
    static func svg(_ entries: [LegendEntry], in rect: PlotRect, _ document: inout SVGDocument) {
        var y = rect.y + 8
        let columns = SVG.columns(rect.width - 30, size: 11)
        for e in entries {
            guard y < rect.bottom else { break }
            let colour = SVG.colour(e.index)
            switch e.style {
            case .line:
                document.line(rect.x, y, rect.x + 24, y, stroke: colour, width: 2, dash: SVG.dash(e.index))
                document.marker(e.index, rect.x + 12, y, fill: colour)
            case .swatch:
                document.rect(rect.x + 4, y - 6, 16, 12, fill: colour)
            }
            for (k, line) in PlotText.wrap(e.name, width: columns, maxLines: 2).enumerated() {
                document.text(rect.x + 30, y + 4 + Double(k) * 13, line, size: 11)
                if k > 0 { y += 13 }
            }
            if let note = e.note {
                for line in PlotText.wrap(note, width: columns, maxLines: 2) {
                    y += 13
                    document.text(rect.x + 30, y + 4, line, size: 10, fill: "#666666")
                }
            }
            y += 22
        }
    }
}
