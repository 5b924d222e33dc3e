import Foundation

/// Builds a standalone SVG 1.1 document element by element.
///
/// Output is byte-for-byte reproducible: elements in the order they were added, attributes in
/// a fixed order, coordinates with at most two decimals (``SVG/number(_:)``), no dates or ids
/// from the environment. Every text from data goes through ``SVG/escape(_:)``.
struct SVGDocument {
    let width: Int
    let height: Int
    private var elements: [String] = []

    init(width: Int = SVG.width, height: Int = SVG.height) {
        self.width = width
        self.height = height
    }

    mutating func raw(_ element: String) { elements.append(element) }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil,
                       strokeWidth: Double = 1, opacity: Double? = nil) {
        var s = "<rect x=\"\(SVG.number(x))\" y=\"\(SVG.number(y))\" width=\"\(SVG.number(max(0, w)))\" height=\"\(SVG.number(max(0, h)))\" fill=\"\(fill)\""
        if let stroke { s += " stroke=\"\(stroke)\" stroke-width=\"\(SVG.number(strokeWidth))\"" }
        if let opacity { s += " fill-opacity=\"\(SVG.number(opacity))\"" }
        elements.append(s + "/>")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        var s = "<line x1=\"\(SVG.number(x1))\" y1=\"\(SVG.number(y1))\" x2=\"\(SVG.number(x2))\" y2=\"\(SVG.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(SVG.number(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        elements.append(s + "/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
        let p = points.map { "\(SVG.number($0.0)),\(SVG.number($0.1))" }.joined(separator: " ")
        var s = "<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(SVG.number(width))\" stroke-linejoin=\"round\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        elements.append(s + "/>")
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String, stroke: String? = nil, opacity: Double? = nil) {
        let p = points.map { "\(SVG.number($0.0)),\(SVG.number($0.1))" }.joined(separator: " ")
        var s = "<polygon points=\"\(p)\" fill=\"\(fill)\""
        if let stroke { s += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
        if let opacity { s += " fill-opacity=\"\(SVG.number(opacity))\"" }
        elements.append(s + "/>")
    }

    mutating func path(_ d: String, stroke: String, width: Double, dash: String? = nil, opacity: Double? = nil) {
        var s = "<path d=\"\(d)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(SVG.number(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        if let opacity { s += " stroke-opacity=\"\(SVG.number(opacity))\"" }
        elements.append(s + "/>")
    }

    enum Anchor: String { case start, middle, end }

    /// Text at (x, y) (the baseline), escaped; `rotate` turns it about (x, y) in degrees.
    mutating func text(_ x: Double, _ y: Double, _ text: String, size: Double = 12, anchor: Anchor = .start,
                       bold: Bool = false, fill: String = "#000000", rotate: Double? = nil) {
        var s = "<text x=\"\(SVG.number(x))\" y=\"\(SVG.number(y))\" font-size=\"\(SVG.number(size))\""
        if anchor != .start { s += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { s += " font-weight=\"bold\"" }
        if fill != "#000000" { s += " fill=\"\(fill)\"" }
        if let rotate { s += " transform=\"rotate(\(SVG.number(rotate)) \(SVG.number(x)) \(SVG.number(y)))\"" }
        elements.append(s + ">\(SVG.escape(text))</text>")
    }

    /// A data point's marker: shape by series index (circle, square, triangle, diamond, …), so
    /// series stay apart without colour.
    mutating func marker(_ index: Int, _ x: Double, _ y: Double, fill: String, size r: Double = 4) {
        switch index % 8 {
        case 0: raw("<circle cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(y))\" r=\"\(SVG.number(r))\" fill=\"\(fill)\"/>")
        case 1: rect(x - r, y - r, 2 * r, 2 * r, fill: fill)
        case 2: polygon([(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)], fill: fill)
        case 3: polygon([(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)], fill: fill)
        case 4: polygon([(x, y + r * 1.2), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)], fill: fill)
        case 5: raw("<circle cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(y))\" r=\"\(SVG.number(r))\" fill=\"#FFFFFF\" stroke=\"\(fill)\" stroke-width=\"2\"/>")
        case 6: rect(x - r, y - r, 2 * r, 2 * r, fill: "#FFFFFF", stroke: fill, strokeWidth: 2)
        default:
            line(x - r, y - r, x + r, y + r, stroke: fill, width: 2)
            line(x - r, y + r, x + r, y - r, stroke: fill, width: 2)
        }
    }

    /// The whole document: XML declaration, `<svg>` with its size, `<title>` and `<desc>`, a
    /// white background, then the elements in order.
    func render(title: String, description: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n"
        out += "<title>\(SVG.escape(title))</title>\n"
        if !description.isEmpty { out += "<desc>\(SVG.escape(description))</desc>\n" }
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#FFFFFF\"/>\n"
        for e in elements { out += e + "\n" }
        return out + "</svg>\n"
    }
}

/// Shared SVG constants and helpers: size, palette, dash patterns, escaping, numbers.
enum SVG {
    /// The size of every picture, in CSS pixels (written in the file).
    static let width = 720
    static let height = 440

    /// The Okabe–Ito palette (colour-blind safe), ordered for contrast on white: blue,
    /// vermillion, bluish green, reddish purple, orange, sky blue, black, yellow.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    /// Line styles by series, so lines differ without colour too.
    static let dashes: [String?] = [nil, "7 4", "2 3", "9 3 2 3", nil, "7 4", "2 3", "9 3 2 3"]

    static func colour(_ index: Int) -> String { palette[index % palette.count] }
    static func dash(_ index: Int) -> String? { dashes[index % dashes.count] }

    /// `text` safe inside XML character data and attribute values: `& < > " '` escaped, and
    /// characters XML 1.0 forbids (C0 controls except tab and newline, lone surrogates, U+FFFE/F)
    /// replaced by U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                if (v < 0x20 && v != 0x09 && v != 0x0A) || v == 0xFFFE || v == 0xFFFF || (0x7F...0x9F).contains(v) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A coordinate with at most two decimals and no trailing zeros (`12.5`, `300`, `-0.25`);
    /// non-finite values become 0, so a file never holds `nan`.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let hundredths = (x * 100).rounded()
        guard abs(hundredths) < 1e15 else { return "0" }
        let n = Int(hundredths)
        let sign = n < 0 ? "-" : ""
        let whole = abs(n) / 100, frac = abs(n) % 100
        if frac == 0 { return n == 0 ? "0" : "\(sign)\(whole)" }
        let decimals = frac % 10 == 0 ? "\(frac / 10)" : (frac < 10 ? "0\(frac)" : "\(frac)")
        return "\(sign)\(whole).\(decimals)"
    }

    /// Estimated width of `text` at `size` px in a sans-serif face (about 0.6 em per column),
    /// for fitting labels; wide (CJK) characters count double.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(DisplayWidth.of(text)) * size * 0.6
    }

    /// How many display columns fit in `pixels` at `size`.
    static func columns(_ pixels: Double, size: Double) -> Int {
        clampedIndex(pixels / (size * 0.6), 1...10_000)
    }

    /// A label colour that reads on `fill` (`#RRGGBB`): white on dark fills, black otherwise.
    static func ink(on fill: String) -> String {
        let hex = fill.dropFirst()
        guard hex.count == 6, let v = Int(hex, radix: 16) else { return "#000000" }
        let r = Double((v >> 16) & 0xFF), g = Double((v >> 8) & 0xFF), b = Double(v & 0xFF)
        return 0.299 * r + 0.587 * g + 0.114 * b < 140 ? "#FFFFFF" : "#000000"
    }
}
