import Foundation

/// Line charts: series by year (one line per series), points marked, NA years left as gaps
/// (a line never bridges a missing year; a lone published year is a lone marker).
enum LineChart {
    /// Rows of the terminal plot area.
    static let terminalRows = 12

    /// The chart as terminal text `width` columns wide: title, the value axis label with its
    /// unit, the plot (braille lines, series markers), the year axis, legend and caption.
    static func terminal(_ figure: Figure, width: Int) -> [String] {
        let scale = LinearScale(covering: figure.presentValues, ticks: 5)
        let tickLabels = scale.ticks.map(scale.tickLabel)
        let gutter = (tickLabels.map(\.count).max() ?? 1) + 1
        let plotColumns = max(10, width - gutter - 1 - 3)
        let rows = terminalRows
        var canvas = TextCanvas(columns: plotColumns, rows: rows)
        let n = figure.categories.count
        func px(_ i: Int) -> Int {
            n == 1 ? canvas.pixelWidth / 2 : clampedIndex(2 + Double(i) * Double(canvas.pixelWidth - 5) / Double(n - 1), 0...(canvas.pixelWidth - 1))
        }
        func py(_ v: Double) -> Int {
            clampedIndex(scale.position(v, from: Double(canvas.pixelHeight - 1), to: 0), 0...(canvas.pixelHeight - 1))
        }
        for s in figure.series {
            for i in 0..<max(0, n - 1) {
                if let a = s.values[i], let b = s.values[i + 1] { canvas.line(px(i), py(a), px(i + 1), py(b)) }
            }
        }
        for (k, s) in figure.series.enumerated() {
            for (i, v) in s.values.enumerated() {
                if let v { canvas.put(px(i) / 2, py(v) / 4, Legend.marker(k)) }
            }
        }
        var out: [String] = []
        out.append(figure.valueAxisLabel)
        var labelAtRow: [Int: String] = [:]
        for (t, label) in zip(scale.ticks, tickLabels) { labelAtRow[py(t) / 4] = label }
        for (r, line) in canvas.lines.enumerated() {
            let label = labelAtRow[r]
            out.append((String(repeating: " ", count: gutter - 1 - (label?.count ?? 0)) + (label ?? "") + " " + (label == nil ? "│" : "┤") + line).trimmedRight)
        }
        // The category axis: a tick under each year, labels where they do not overlap.
        var axis = Array(repeating: Character("─"), count: plotColumns)
        var labels = Array(repeating: Character(" "), count: plotColumns + 4)
        var free = 0
        for (i, name) in figure.categories.enumerated() {
            let column = px(i) / 2
            if column < axis.count { axis[column] = "┬" }
            let text = Array(name)
            let start = max(0, column - (text.count - 1) / 2)
            if start >= free, start + text.count <= labels.count {
                for (k, c) in text.enumerated() { labels[start + k] = c }
                free = start + text.count + 1
            }
        }
        let pad = String(repeating: " ", count: gutter)
        out.append(pad + "└" + String(axis))
        out.append((pad + " " + String(labels)).trimmedRight)
        out.append((String(repeating: " ", count: gutter + 1 + max(0, (plotColumns - figure.categoryName.count) / 2)) + figure.categoryName).trimmedRight)
        out += Legend.terminal(Legend.entries(figure, style: .line), width: width)
        return out
    }

    /// The chart as SVG elements in `frame`.
    static func svg(_ figure: Figure, _ frame: inout SVGFrame) {
        let scale = LinearScale(covering: figure.presentValues, ticks: 6)
        frame.valueAxis(scale, label: figure.valueAxisLabel)
        let n = figure.categories.count
        let inset = 16.0
        let positions = (0..<n).map { i in
            n == 1 ? frame.plot.x + frame.plot.width / 2 : frame.plot.x + inset + Double(i) * (frame.plot.width - 2 * inset) / Double(n - 1)
        }
        frame.categoryAxis(figure.categories, positions: positions, label: figure.categoryName)
        frame.markNA(at: positions.enumerated().filter { i, _ in figure.series.allSatisfy { $0.values[i] == nil } }.map(\.1))
        for (k, s) in figure.series.enumerated() {
            let colour = SVG.colour(k)
            var run: [(Double, Double)] = []
            func flush() {
                if run.count > 1 { frame.document.polyline(run, stroke: colour, width: 2, dash: SVG.dash(k)) }
                run = []
            }
            for (i, v) in s.values.enumerated() {
                if let v { run.append((positions[i], scale.position(v, from: frame.plot.bottom, to: frame.plot.y))) } else { flush() }
            }
            flush()
            for (i, v) in s.values.enumerated() {
                if let v { frame.document.marker(k, positions[i], scale.position(v, from: frame.plot.bottom, to: frame.plot.y), fill: colour) }
            }
        }
        if let rect = frame.legend { Legend.svg(Legend.entries(figure, style: .line), in: rect, &frame.document) }
    }
}
