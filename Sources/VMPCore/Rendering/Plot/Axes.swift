import Foundation

/// A rectangle in SVG pixels.
struct PlotRect {
    var x: Double, y: Double, width: Double, height: Double
    var right: Double { x + width }
    var bottom: Double { y + height }
}

/// The frame every SVG chart shares: the title on top, the caption at the bottom, and the
/// plot area between them (minus room for axes and a legend on the right).
struct SVGFrame {
    var document = SVGDocument()
    /// Where the data goes.
    var plot: PlotRect
    /// Where the legend goes (right of the plot), if room was asked for.
    var legend: PlotRect?

    static let titleSize = 15.0
    static let captionSize = 11.0
    static let labelSize = 12.0
    static let tickSize = 11.0

    /// Lays out `figure`'s title and caption and draws them.
    /// - Parameters:
    ///   - legendWidth: pixels to keep right of the plot for a legend (0: none).
    ///   - left, bottom: pixels to keep left of and under the plot for axes.
    init(_ figure: Figure, legendWidth: Double, left: Double = 78, bottom: Double = 52, top: Double = 14) {
        let margin = 16.0
        let titleLines = PlotText.wrap(figure.title, width: SVG.columns(Double(SVG.width) - 2 * margin, size: SVGFrame.titleSize * 1.05), maxLines: 3)
        let captionLines = figure.caption.flatMap {
            PlotText.wrap($0, width: SVG.columns(Double(SVG.width) - 2 * margin, size: SVGFrame.captionSize), maxLines: 4)
        }.prefix(7)
        var y = margin + SVGFrame.titleSize
        for line in titleLines {
            document.text(Double(SVG.width) / 2, y, line, size: SVGFrame.titleSize, anchor: .middle, bold: true)
            y += SVGFrame.titleSize * 1.3
        }
        let top = y + top
        var captionY = Double(SVG.height) - margin - Double(captionLines.count - 1) * SVGFrame.captionSize * 1.35
        for line in captionLines {
            document.text(margin, captionY, line, size: SVGFrame.captionSize, fill: "#333333")
            captionY += SVGFrame.captionSize * 1.35
        }
        let captionTop = Double(SVG.height) - margin - Double(captionLines.count) * SVGFrame.captionSize * 1.35 - 4
        let plotBottom = captionTop - bottom
        let right = Double(SVG.width) - margin - legendWidth
        plot = PlotRect(x: left, y: top, width: max(40, right - left), height: max(40, plotBottom - top))
        legend = legendWidth > 0 ? PlotRect(x: right + 12, y: top, width: legendWidth - 12, height: plot.height) : nil
    }

    /// The value axis on the left: grid lines, ticks with labels, and the rotated axis label.
    mutating func valueAxis(_ scale: LinearScale, label: String) {
        for tick in scale.ticks {
            let y = scale.position(tick, from: plot.bottom, to: plot.y)
            document.line(plot.x, y, plot.right, y, stroke: tick == 0 ? "#888888" : "#E5E5E5", width: 1)
            document.line(plot.x - 5, y, plot.x, y, stroke: "#000000")
            document.text(plot.x - 8, y + 4, scale.tickLabel(tick), size: SVGFrame.tickSize, anchor: .end)
        }
        document.line(plot.x, plot.y, plot.x, plot.bottom, stroke: "#000000")
        let fitted = PlotText.truncate(label, to: SVG.columns(plot.height, size: SVGFrame.labelSize))
        document.text(18, plot.y + plot.height / 2, fitted, size: SVGFrame.labelSize, anchor: .middle, rotate: -90)
    }

    /// The category axis under the plot: a baseline, a tick and a label at each of
    /// `positions` (labels thinned when they would overlap), and the axis label.
    mutating func categoryAxis(_ categories: [String], positions: [Double], label: String) {
        document.line(plot.x, plot.bottom, plot.right, plot.bottom, stroke: "#000000")
        let widest = categories.map { SVG.textWidth($0, size: SVGFrame.tickSize) }.max() ?? 0
        let spacing = positions.count > 1 ? abs(positions[1] - positions[0]) : plot.width
        let every = max(1, clampedIndex(ceil((min(widest, 120) + 6) / max(spacing, 1)), 1...1000))
        let room = max(spacing * Double(every) - 4, 20)
        for (i, (name, x)) in zip(categories, positions).enumerated() {
            document.line(x, plot.bottom, x, plot.bottom + 5, stroke: "#000000")
            if i % every == 0 {
                document.text(x, plot.bottom + 18, PlotText.truncate(name, to: SVG.columns(room, size: SVGFrame.tickSize)),
                              size: SVGFrame.tickSize, anchor: .middle)
            }
        }
        document.text(plot.x + plot.width / 2, plot.bottom + 38, label, size: SVGFrame.labelSize, anchor: .middle)
    }

    /// "NA" under each category position where no series has a value, so a gap reads as
    /// unpublished, not as zero.
    mutating func markNA(at positions: [Double]) {
        for x in positions {
            document.text(x, plot.bottom - 6, "NA", size: 10, anchor: .middle, fill: "#777777")
        }
    }
}
