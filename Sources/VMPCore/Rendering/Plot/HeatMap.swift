import Foundation

/// Heat maps of matrices (stage × stage): shade by |value| relative to the largest, the value
/// written in each cell when it fits. Rows are ``Figure/series`` (supplying stage i), columns
/// ``Figure/categories`` (receiving stage j).
enum HeatMap {
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// A computed cell value in at most about 7 columns: three significant digits, and
    /// `9.0e-6` style below 0.001 (0 stays `0`).
    static func compact(_ v: Double) -> String {
        guard v != 0, v.isFinite else { return v == 0 ? "0" : "NA" }
        if abs(v) >= 0.001 && abs(v) < 1e6 { return Formatter(precision: 3).number(v) }
        let exponent = Int(floor(log10(abs(v))))
        let mantissa = v / pow(10, Double(exponent))
        return String(format: "%.1f", mantissa) + "e\(exponent)"
    }

    /// The largest |value| (positive), the reference for shades and colours.
    static func largest(_ figure: Figure) -> Double {
        max(figure.presentValues.map(abs).max() ?? 0, Double.leastNormalMagnitude)
    }

    /// 0 for zero, else 1…4 by |v| / largest (any non-zero value gets at least the lightest shade).
    static func level(_ v: Double, largest: Double) -> Int {
        v == 0 ? 0 : clampedIndex(ceil(abs(v) / largest * 4), 1...4)
    }

    static func terminal(_ figure: Figure, width: Int) -> [String] {
        let big = largest(figure)
        let rowsName = figure.seriesName.split(separator: " ").first.map(String.init) ?? ""
        let columnsName = figure.categoryName.split(separator: " ").first.map(String.init) ?? ""
        let rowLabel = min(16, max(rowsName.count + columnsName.count + 3, figure.series.map { DisplayWidth.of($0.name) }.max() ?? 2))
        let texts = figure.series.map { s in s.values.indices.map { s.labels[$0] ?? "NA" } }
        let valueWidth = texts.flatMap { $0.map(\.count) }.max() ?? 2
        let columnHeads = figure.categories.map { PlotText.truncate($0, to: 12) }
        let headWidth = columnHeads.map(DisplayWidth.of).max() ?? 2
        let room = width - rowLabel - 1
        // Values in the cells if they fit, else shades only, else as many columns as fit.
        var withValues = true
        var cell = max(valueWidth + 2, headWidth) + 1
        if cell * figure.categories.count > room {
            withValues = false
            cell = max(3, headWidth + 1)
        }
        let shown = min(figure.categories.count, max(1, room / cell))
        var out = PlotText.wrap(figure.valueAxisLabel + ": rows \(figure.seriesName), columns \(figure.categoryName)", width: width)
        var head = DisplayWidth.pad(PlotText.truncate("\(rowsName) \\ \(columnsName)", to: rowLabel), to: rowLabel) + " "
        for j in 0..<shown { head += DisplayWidth.pad(columnHeads[j], to: cell) }
        out.append(head.trimmedRight)
        for (i, s) in figure.series.enumerated() {
            var row = DisplayWidth.pad(PlotText.truncate(s.name, to: rowLabel), to: rowLabel) + " "
            for j in 0..<shown {
                let content: String
                if let v = s.values[j] {
                    let shade = shades[level(v, largest: big)]
                    content = withValues ? "\(shade) \(texts[i][j])" : String(repeating: shade, count: cell - 1)
                } else {
                    content = "NA"
                }
                row += DisplayWidth.pad(content, to: cell)
            }
            out.append(row.trimmedRight)
        }
        if shown < figure.categories.count {
            out.append("(\(figure.categories.count - shown) more columns not shown: widen the terminal or use --width)")
        }
        out += PlotText.wrap("shade of |value|: ░ ≤ 25%  ▒ ≤ 50%  ▓ ≤ 75%  █ ≤ 100% of \(LinearScale.label(big))"
                             + (withValues ? "" : " (values do not fit: print the matrix to read them)"), width: width)
        return out
    }

    /// The colour of `v`: white to blue (positive) or to vermillion (negative) by |v| / largest.
    static func colour(_ v: Double, largest: Double) -> String {
        let t = min(1, max(0, abs(v) / largest))
        let target: (Double, Double, Double) = v >= 0 ? (0x00, 0x72, 0xB2) : (0xD5, 0x5E, 0x00)
        let c = [target.0, target.1, target.2].map { 255 + (($0 - 255) * t) }
        return "#" + c.map { channel -> String in
            let hex = String(clampedIndex(channel, 0...255), radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    static func svg(_ figure: Figure, _ frame: inout SVGFrame) {
        let big = largest(figure)
        let rows = max(1, figure.series.count), cols = max(1, figure.categories.count)
        let top = frame.plot.y + 22
        let size = min((frame.plot.width - 10) / Double(cols), (frame.plot.bottom - top) / Double(rows))
        let x0 = frame.plot.x + 10, y0 = top
        frame.document.text(x0 + size * Double(cols) / 2, frame.plot.y, "\(figure.categoryName)", size: SVGFrame.labelSize, anchor: .middle)
        frame.document.text(18, y0 + size * Double(rows) / 2, figure.seriesName, size: SVGFrame.labelSize, anchor: .middle, rotate: -90)
        let headColumns = SVG.columns(size - 4, size: SVGFrame.tickSize)
        for (j, name) in figure.categories.enumerated() {
            frame.document.text(x0 + size * (Double(j) + 0.5), y0 - 6, PlotText.truncate(name, to: headColumns), size: SVGFrame.tickSize, anchor: .middle)
        }
        for (i, s) in figure.series.enumerated() {
            frame.document.text(x0 - 6, y0 + size * (Double(i) + 0.5) + 4, PlotText.truncate(s.name, to: 8), size: SVGFrame.tickSize, anchor: .end)
            for (j, v) in s.values.enumerated() where j < cols {
                let x = x0 + size * Double(j), y = y0 + size * Double(i)
                guard let v else {
                    frame.document.rect(x, y, size, size, fill: "#FFFFFF", stroke: "#BBBBBB", strokeWidth: 0.5)
                    frame.document.text(x + size / 2, y + size / 2 + 4, "NA", size: 10, anchor: .middle, fill: "#777777")
                    continue
                }
                let fill = colour(v, largest: big)
                frame.document.rect(x, y, size, size, fill: fill, stroke: "#FFFFFF", strokeWidth: 1)
                let text = s.labels[j] ?? LinearScale.label(v)
                let fontSize = min(12, size / 4)
                if fontSize >= 7, SVG.textWidth(text, size: fontSize) <= size - 4 {
                    frame.document.text(x + size / 2, y + size / 2 + fontSize / 3, text, size: fontSize, anchor: .middle, fill: SVG.ink(on: fill))
                }
            }
        }
        // The colour key: ten steps from 0 to the largest |value| (and to minus it with negatives).
        if let rect = frame.legend {
            let negatives = figure.presentValues.contains { $0 < 0 }
            let steps = 10
            let keyHeight = min(rect.height - 40, 200.0)
            let x = rect.x + 4, yTop = rect.y + 24
            frame.document.text(rect.x, rect.y + 8, figure.valueAxisLabel, size: 11)
            for k in 0..<steps {
                let t = Double(steps - k) / Double(steps)
                let v = negatives ? big * (2 * t - 1) : big * t
                frame.document.rect(x, yTop + keyHeight * Double(k) / Double(steps), 18, keyHeight / Double(steps) + 0.5, fill: colour(v, largest: big))
            }
            frame.document.rect(x, yTop, 18, keyHeight, fill: "none", stroke: "#333333", strokeWidth: 0.5)
            frame.document.text(x + 24, yTop + 4, LinearScale.label(big), size: 10)
            frame.document.text(x + 24, yTop + keyHeight + 4, LinearScale.label(negatives ? -big : 0), size: 10)
            if negatives { frame.document.text(x + 24, yTop + keyHeight / 2 + 4, "0", size: 10) }
        }
    }
}
