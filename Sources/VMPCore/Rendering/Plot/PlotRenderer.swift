import Foundation

/// Draws a ``Figure`` as plain text for a terminal: Unicode block, box and braille
/// characters, no escape codes (colour, where allowed, is the executable's business).
public enum TerminalPlot {
    /// The picture `width` columns wide (clamped to ``PlotLimits/widths``), lines joined by
    /// newlines, none ending in a space. A figure whose values are all NA is its title and a
    /// sentence saying so, not an empty frame.
    public static func render(_ figure: Figure, width: Int) -> String {
        let width = PlotLimits.clamp(width: width)
        var out = PlotText.wrap(figure.title, width: width, maxLines: 4)
        if figure.isAllNA {
            out += PlotText.wrap(figure.allNAMessage, width: width)
        } else {
            switch figure.kind {
            case .lines: out += LineChart.terminal(figure, width: width)
            case .bars: out += BarChart.terminal(figure, width: width)
            case .heatMap: out += HeatMap.terminal(figure, width: width)
            case .chain: out += ChainDiagram.terminal(figure, width: width)
            }
        }
        for line in figure.caption { out += PlotText.wrap(line, width: width, maxLines: 8) }
        // No line is wider than asked (the renderers keep to it; this is the guarantee).
        return out.map { PlotText.truncate($0, to: width).trimmedRight }.joined(separator: "\n")
    }
}

/// Draws a ``Figure`` as a standalone SVG 1.1 document of ``SVG/width`` × ``SVG/height``
/// pixels: title, axes with units, ticks, legend (or colour key), caption. The same figure
/// always gives the same bytes.
public enum SVGPlot {
    /// The whole SVG file's text (UTF-8, ends with a newline).
    public static func render(_ figure: Figure) -> String {
        let legendWidth: Double
        switch figure.kind {
        case .lines, .bars: legendWidth = 180
        case .heatMap: legendWidth = 150
        case .chain: legendWidth = 0
        }
        var frame = SVGFrame(figure, legendWidth: figure.isAllNA ? 0 : legendWidth,
                             left: figure.kind == .chain ? 24 : 78, bottom: figure.kind == .chain ? 30 : figure.kind == .heatMap ? 6 : 52)
        if figure.isAllNA {
            frame.document.rect(frame.plot.x, frame.plot.y, frame.plot.width, frame.plot.height, fill: "#FAFAFA", stroke: "#BBBBBB")
            for (k, line) in PlotText.wrap(figure.allNAMessage, width: SVG.columns(frame.plot.width - 40, size: 14), maxLines: 4).enumerated() {
                frame.document.text(frame.plot.x + frame.plot.width / 2, frame.plot.y + frame.plot.height / 2 + Double(k) * 18, line, size: 14, anchor: .middle, fill: "#555555")
            }
        } else {
            switch figure.kind {
            case .lines: LineChart.svg(figure, &frame)
            case .bars: BarChart.svg(figure, &frame)
            case .heatMap: HeatMap.svg(figure, &frame)
            case .chain: ChainDiagram.svg(figure, &frame)
            }
        }
        return frame.document.render(title: figure.title, description: figure.caption.joined(separator: " "))
    }
}
