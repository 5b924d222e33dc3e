import Foundation

/// A linear scale from values to positions, with "nice" ticks (1, 2 or 5 × 10^k apart) that
/// cover the data and always include zero (bars start at zero; lines are not exaggerated).
struct LinearScale {
    /// The value domain, `lower < upper`, both multiples of ``step``.
    let lower: Double
    let upper: Double
    let step: Double

    /// A scale covering `values` and zero with about `ticks` tick marks (at least 2).
    init(covering values: [Double], ticks: Int = 5) {
        var lo = min(0, values.min() ?? 0)
        var hi = max(0, values.max() ?? 0)
        if lo == hi { hi = lo + 1 }
        // Keep the span finite (values near ±Double.greatestFiniteMagnitude).
        if !(hi - lo).isFinite {
            lo = max(lo, -Double.greatestFiniteMagnitude / 4)
            hi = min(hi, Double.greatestFiniteMagnitude / 4)
        }
        let raw = (hi - lo) / Double(max(1, ticks - 1))
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        var step = nice * magnitude
        if !step.isFinite || step <= 0 { step = 1 }
        lo = floor(lo / step) * step
        hi = ceil(hi / step) * step
        if hi <= lo { hi = lo + step }
        lower = lo
        upper = hi
        self.step = step
    }

    /// The tick values from ``lower`` to ``upper`` (never more than 101).
    var ticks: [Double] {
        let steps = ((upper - lower) / step).rounded()
        let count = steps.isFinite && steps < 100 ? max(1, Int(steps)) : 100
        return (0...count).map { lower + Double($0) * step }
    }

    /// Where `value` falls between `from` (at ``lower``) and `to` (at ``upper``).
    func position(_ value: Double, from: Double, to: Double) -> Double {
        from + (value - lower) / (upper - lower) * (to - from)
    }

    /// The label of one of this scale's ticks: a tick within a millionth of a step of zero
    /// reads `0` (the sum `lower + k·step` leaves binary noise there), any other tick its value,
    /// so ticks 1.5e-13 apart read `0`, `1e-13`, `2e-13`, … rather than `0` each.
    func tickLabel(_ value: Double) -> String {
        Formatter(precision: 6).number(abs(value) < step * 1e-6 ? 0 : value)
    }

    /// A value's label: the shortest text of the value (`0.05`, `40`, `1e-7`).
    static func label(_ value: Double) -> String {
        Formatter(precision: 6).number(abs(value) < 1e-12 ? 0 : value)
    }
}

/// `x` rounded to a whole number within `range` (NaN and infinities land at its ends), so
/// no position computed from data can trap when it becomes an index.
func clampedIndex(_ x: Double, _ range: ClosedRange<Int>) -> Int {
    guard x.isFinite else { return x > 0 ? range.upperBound : range.lowerBound }
    let r = x.rounded()
    if r <= Double(range.lowerBound) { return range.lowerBound }
    if r >= Double(range.upperBound) { return range.upperBound }
    return Int(r)
}

/// Text helpers shared by the terminal and SVG renderers.
enum PlotText {
    /// `text` cut to at most `width` display columns, ending in `…` when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        var out = ""
        var used = 0
        for scalar in text.unicodeScalars {
            let w = DisplayWidth.of(scalar)
            if used + w > width - 1 { break }
            out.unicodeScalars.append(scalar)
            used += w
        }
        return out + "…"
    }

    /// `text` broken into lines of at most `width` display columns at spaces (a word longer
    /// than a line is cut). At most `maxLines` lines; the last ends in `…` if text was left over.
    static func wrap(_ text: String, width: Int, maxLines: Int = 6) -> [String] {
        let width = max(8, width)
        var lines: [String] = []
        var line = ""
        // Words too long for a line break after their hyphens (semi-|fabrication).
        let words = text.split(separator: " ", omittingEmptySubsequences: true).flatMap { word -> [String] in
            guard DisplayWidth.of(String(word)) > width, word.dropLast().contains("-") else { return [String(word)] }
            var parts: [String] = []
            var part = ""
            for c in word {
                part.append(c)
                if c == "-" { parts.append(part); part = "" }
            }
            if !part.isEmpty { parts.append(part) }
            return parts
        }
        for word in words {
            let candidate = line.isEmpty || line.hasSuffix("-") ? line + word : line + " " + word
            if DisplayWidth.of(candidate) <= width {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                line = truncate(word, to: width)
            }
        }
        if !line.isEmpty { lines.append(line) }
        if lines.count > maxLines {
            var kept = Array(lines.prefix(maxLines))
            kept[maxLines - 1] = truncate(kept[maxLines - 1] + " …", to: width)
            if !kept[maxLines - 1].hasSuffix("…") { kept[maxLines - 1] += "…" }
            return kept
        }
        return lines
    }

    /// `items` joined into lines of at most `width` columns, `separator` between items on a line.
    static func flow(_ items: [String], width: Int, separator: String = "   ") -> [String] {
        var lines: [String] = []
        var line = ""
        for item in items {
            let candidate = line.isEmpty ? item : line + separator + item
            if DisplayWidth.of(candidate) <= width || line.isEmpty {
                line = truncate(candidate, to: width)
            } else {
                lines.append(line)
                line = truncate(item, to: width)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
