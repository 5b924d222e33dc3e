import Foundation

/// A picture's content, independent of where it is drawn: what ``TerminalPlot`` draws with
/// Unicode characters and ``SVGPlot`` writes as an SVG file. Built by the evaluator from
/// values (``Evaluator/figure(for:_:)``); the renderers only lay it out.
///
/// Numbers are plain `Double`s in ``unit`` (the values were converted to one unit before);
/// `nil` is NA (not published), drawn as a gap and never as zero.
public struct Figure: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Series by year: one line per ``series``, ``categories`` are the years.
        case lines
        /// One bar per category and series (grouped when there are several series).
        case bars
        /// A matrix: ``series`` are its rows, ``categories`` its columns.
        case heatMap
        /// A chain's stages and linkages (``chain``).
        case chain
    }

    public var kind: Kind
    public var title: String
    /// Lines written under the picture: what is not published, sources, caveats.
    public var caption: [String]
    /// What the categories are (`year`, `stage`, `pair`, `j`).
    public var categoryName: String
    public var categories: [String]
    /// What the numbers are (`cost`, `link`), without the unit.
    public var valueName: String
    /// The unit of every number, as vmp writes it (`million RMB`); empty for plain numbers.
    public var unit: String
    public var series: [FigureSeries]
    /// For a heat map: what the rows are (`i`).
    public var seriesName: String
    /// For a chain diagram: its stages and arrows.
    public var chain: ChainPicture?

    public init(kind: Kind, title: String, caption: [String] = [], categoryName: String, categories: [String],
                valueName: String, unit: String, series: [FigureSeries], seriesName: String = "", chain: ChainPicture? = nil) {
        self.kind = kind
        self.title = title
        self.caption = caption
        self.categoryName = categoryName
        self.categories = categories
        self.valueName = valueName
        self.unit = unit
        self.series = series
        self.seriesName = seriesName
        self.chain = chain
    }

    /// `cost (million RMB)`, `link (dimensionless)`: an axis label with its unit.
    public var valueAxisLabel: String {
        "\(valueName) (\(unit.isEmpty ? "no unit" : unit))"
    }

    /// Every present number of every series.
    var presentValues: [Double] { series.flatMap { $0.values.compactMap { $0 } } }

    /// Whether nothing at all can be drawn (every value NA).
    var isAllNA: Bool { kind != .chain && presentValues.isEmpty }

    /// Why there is nothing to draw, when the value itself is NA (`S4.imports is not published`).
    public var emptyMessage: String?

    /// The sentence shown instead of an empty frame when every value is NA.
    var allNAMessage: String {
        if let emptyMessage { return "nothing to draw: \(emptyMessage)" }
        return "nothing to draw: every value of \(series.map(\.name).joined(separator: ", ")) is NA (not published)"
    }
}

/// One line, one set of bars, or one row of a heat map.
public struct FigureSeries: Sendable {
    public var name: String
    /// One number per category of the figure; `nil` is NA.
    public var values: [Double?]
    /// The numbers as vmp prints them (published digits kept), for value labels; `nil` is NA.
    public var labels: [String?]

    public init(name: String, values: [Double?], labels: [String?]) {
        self.name = name
        self.values = values
        self.labels = labels
    }

    /// The categories whose value is NA, as a short text: `2016–2019, 2022` for years.
    func missing(_ categories: [String]) -> String {
        let missing = zip(categories, values).filter { $1 == nil }.map(\.0)
        var parts: [String] = []
        var run: [String] = []
        func flush() {
            if run.count >= 3, let a = run.first, let b = run.last { parts.append("\(a)–\(b)") } else { parts += run }
            run = []
        }
        for key in missing {
            if let last = run.last, let a = Int(last), let b = Int(key), a < Int.max, b == a + 1 { run.append(key) } else {
                flush()
                run = [key]
            }
        }
        flush()
        return parts.joined(separator: ", ")
    }
}

/// A chain diagram: stages in chain order and the arrows between them.
public struct ChainPicture: Sendable {
    public struct Box: Sendable {
        public var id: String
        public var name: String
    }
    public struct Arrow: Sendable {
        /// Indices into ``ChainPicture/stages``.
        public var from: Int
        public var to: Int
        public var kind: LinkageKind
        public var value: Double
        /// The value as published (`0.042`, `828 kt`).
        public var label: String
    }
    public var chainName: String
    public var year: Int
    public var stages: [Box]
    /// In a stable order: by kind (forward, backward, flow), then by chain order of from and to.
    public var arrows: [Arrow]
    /// The unit of flows (`kt`) when the arrows are flows: widths ∝ flow (a Sankey diagram).
    public var flowUnit: String?

    var isSankey: Bool { arrows.contains { $0.kind == .flow } }

    /// The largest value among arrows of `kind` (for widths relative to it), at least a tiny positive number.
    func largest(_ kind: LinkageKind) -> Double {
        max(arrows.filter { $0.kind == kind }.map { abs($0.value) }.max() ?? 0, Double.leastNormalMagnitude)
    }

    /// How each kind of arrow reads, for legends.
    static func describe(_ kind: LinkageKind) -> String {
        switch kind {
        case .forward: return "forward: Si drives Sj (b_ij)"
        case .backward: return "backward: Sj pulls Si (a_ij)"
        case .flow: return "flow z_ij"
        }
    }
}

/// Limits that keep a picture's size bounded whatever the data (a 10,000-stage chain must
/// not allocate without bound): beyond them the evaluator reports a `limit` diagnostic.
public enum PlotLimits {
    /// Terminal widths are clamped to this range (`--width` is checked against it too).
    public static let widths = 40...400
    /// At most this many series (lines, bar groups, legend entries).
    public static let series = 8
    /// At most this many categories (years, bars per series).
    public static let categories = 60
    /// At most this many rows and columns of a heat map.
    public static let matrix = 30
    /// At most this many stages in a chain diagram.
    public static let stages = 24
    /// At most this many arrows in a chain diagram.
    public static let arrows = 120
    /// Longest text of a title or caption line kept (longer text is cut with …).
    public static let text = 2000

    /// `width` within ``widths``.
    public static func clamp(width: Int) -> Int { min(max(width, widths.lowerBound), widths.upperBound) }
}
