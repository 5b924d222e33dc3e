import Foundation

/// `sparkline(series)`: one block character per entry, `▁` for the smallest value up to `█`
/// for the largest; an NA entry is a space (a gap, never the lowest bar).
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The sparkline of `values` (already in one unit); `nil` if every value is NA.
    /// All-equal values draw a flat middle line (`▄`).
    public static func text(_ values: [Double?]) -> String? {
        let present = values.compactMap { $0 }
        guard let lo = present.min(), let hi = present.max() else { return nil }
        // Halves keep the span finite for any finite values.
        let span = hi / 2 - lo / 2
        return String(values.map { v -> Character in
            guard let v else { return " " }
            guard span > 0 else { return blocks[3] }
            return blocks[clampedIndex((v / 2 - lo / 2) / span * 7, 0...7)]
        })
    }
}
