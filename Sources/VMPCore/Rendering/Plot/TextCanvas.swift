import Foundation

/// A grid of terminal cells for plots: each cell holds a character (a marker, a label) or
/// braille dots (2 × 4 per cell) for lines. Characters win over dots in the same cell.
/// Sizes are bounded by the callers (``PlotLimits``); coordinates outside are ignored.
struct TextCanvas {
    let columns: Int
    let rows: Int
    private var cells: [[Character?]]
    private var dots: [[UInt8]]

    init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        cells = Array(repeating: Array(repeating: nil, count: self.columns), count: self.rows)
        dots = Array(repeating: Array(repeating: 0, count: self.columns), count: self.rows)
    }

    /// Pixels of the braille layer: 2 per column, 4 per row.
    var pixelWidth: Int { columns * 2 }
    var pixelHeight: Int { rows * 4 }

    mutating func put(_ column: Int, _ row: Int, _ c: Character) {
        guard (0..<columns).contains(column), (0..<rows).contains(row) else { return }
        cells[row][column] = c
    }

    /// Writes `text` from `column` on `row`, one character per cell (what does not fit is cut).
    mutating func write(_ column: Int, _ row: Int, _ text: String) {
        for (k, c) in text.enumerated() { put(column + k, row, c) }
    }

    mutating func dot(_ x: Int, _ y: Int) {
        guard (0..<pixelWidth).contains(x), (0..<pixelHeight).contains(y) else { return }
        let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        dots[y / 4][x / 2] |= bits[x % 2][y % 4]
    }

    /// A straight line of dots from (x0, y0) to (x1, y1) (Bresenham).
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        var steps = 0
        while steps <= pixelWidth + pixelHeight {
            dot(x, y)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
            steps += 1
        }
    }

    /// The rows as text, trailing spaces kept (callers trim).
    var lines: [String] {
        (0..<rows).map { r in
            String((0..<columns).map { c -> Character in
                if let ch = cells[r][c] { return ch }
                let d = dots[r][c]
                guard d != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(d)) else { return " " }
                return Character(scalar)
            })
        }
    }
}

extension String {
    /// Without trailing spaces (terminal plots never end a line in spaces).
    var trimmedRight: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
