import Foundation

/// Bar charts: one bar per category (stage, pair, …), grouped when there are several series
/// (e.g. imports and exports by stage). An NA bar is written `NA`, never drawn as zero.
enum BarChart {
    static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// Horizontal bars in the terminal: a row per category and series, the value after each bar.
    static func terminal(_ figure: Figure, width: Int) -> [String] {
        let labelWidth = min(20, max(4, figure.categories.map(DisplayWidth.of).max() ?? 4))
        let valueWidth = min(24, (figure.series.flatMap { $0.labels.map { ($0 ?? "NA").count } }.max() ?? 2) + 1)
        let barWidth = max(8, width - labelWidth - 2 - valueWidth - 1)
        let scale = LinearScale(covering: figure.presentValues, ticks: max(2, min(8, barWidth / 10)))
        func column(_ v: Double) -> Double { scale.position(v, from: 0, to: Double(barWidth - 1)) }
        let zero = clampedIndex(column(0), 0...(barWidth - 1))
        var out: [String] = [figure.valueAxisLabel + " by " + figure.categoryName]
        // Tick labels over a ruler.
        var tickLine = Array(repeating: Character(" "), count: barWidth + 8)
        var ruler = Array(repeating: Character("─"), count: barWidth)
        var free = 0
        for tick in scale.ticks {
            let c = clampedIndex(column(tick), 0...(barWidth - 1))
            ruler[c] = "┬"
            let text = Array(scale.tickLabel(tick))
            let start = max(0, c - (text.count - 1) / 2)
            if start >= free, start + text.count <= tickLine.count {
                for (k, ch) in text.enumerated() { tickLine[start + k] = ch }
                free = start + text.count + 1
            }
        }
        let pad = String(repeating: " ", count: labelWidth + 1)
        out.append((pad + String(tickLine)).trimmedRight)
        out.append(pad + String(ruler))
        for (i, category) in figure.categories.enumerated() {
            for (k, s) in figure.series.enumerated() {
                let label = k == 0 ? DisplayWidth.pad(PlotText.truncate(category, to: labelWidth), to: labelWidth) : String(repeating: " ", count: labelWidth)
                var row = label + " "
                guard let v = s.values[i] else {
                    row += String(repeating: " ", count: zero) + "NA"
                    out.append(row)
                    continue
                }
                let text = s.labels[i] ?? LinearScale.label(v)
                let to = column(v), from = column(0)
                if v >= 0 {
                    row += String(repeating: " ", count: zero)
                    row += bar(length: to - from, series: k)
                    row += " " + text
                } else {
                    let cells = clampedIndex(from - to, 0...barWidth)
                    row += String(repeating: " ", count: max(0, zero - cells)) + String(repeating: Legend.fill(k), count: cells)
                    row += " " + text
                }
                out.append(row.trimmedRight)
            }
            if figure.series.count > 1 && i < figure.categories.count - 1 { out.append("") }
        }
        if figure.series.count > 1 || figure.series.contains(where: { $0.values.contains { $0 == nil } }) {
            out += Legend.terminal(Legend.entries(figure, style: .swatch), width: width)
        }
        return out
    }

    /// A bar `length` cells long: eighth blocks for the first series, whole cells of the
    /// series' fill pattern for the others.
    static func bar(length: Double, series: Int) -> String {
        if series == 0 {
            let eighths = clampedIndex(length * 8, 0...(8 * PlotLimits.widths.upperBound))
            return String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
        }
        return String(repeating: Legend.fill(series), count: clampedIndex(length, 0...PlotLimits.widths.upperBound))
    }

    /// Vertical grouped bars in `frame`, the value over each bar when it fits, `NA` where a
    /// value is not published.
    static func svg(_ figure: Figure, _ frame: inout SVGFrame) {
        let scale = LinearScale(covering: figure.presentValues, ticks: 6)
        frame.valueAxis(scale, label: figure.valueAxisLabel)
        let n = max(1, figure.categories.count)
        let slot = frame.plot.width / Double(n)
        let positions = (0..<n).map { frame.plot.x + slot * (Double($0) + 0.5) }
        frame.categoryAxis(figure.categories, positions: positions, label: figure.categoryName)
        let groups = max(1, figure.series.count)
        let barWidth = slot * 0.8 / Double(groups)
        let zeroY = scale.position(0, from: frame.plot.bottom, to: frame.plot.y)
        for (k, s) in figure.series.enumerated() {
            for (i, v) in s.values.enumerated() where i < positions.count {
                let x = positions[i] - slot * 0.4 + Double(k) * barWidth
                guard let v else {
                    frame.document.text(x + barWidth / 2, zeroY - 6, "NA", size: 10, anchor: .middle, fill: "#777777")
                    continue
                }
                let y = scale.position(v, from: frame.plot.bottom, to: frame.plot.y)
                frame.document.rect(x + 1, min(y, zeroY), barWidth - 2, abs(zeroY - y), fill: SVG.colour(k), stroke: "#333333", strokeWidth: 0.5)
                let text = s.labels[i] ?? LinearScale.label(v)
                if SVG.textWidth(text, size: 10) <= barWidth + 8 {
                    frame.document.text(x + barWidth / 2, v >= 0 ? y - 4 : y + 12, text, size: 10, anchor: .middle)
                }
            }
        }
        if let rect = frame.legend { Legend.svg(Legend.entries(figure, style: .swatch), in: rect, &frame.document) }
    }
}
