import Testing
@testable import VMPCore

/// The fast paths of table printing stay equal to the general ones: ``NumberText`` to the
/// digits of ``DecimalDigits`` (``Formatter/numberByDigits(_:cut:exact:)``), and the rows of
/// ``Formatter/grid(header:rows:rightAligned:)`` to the cell-by-cell ``Markup`` lines.
@Suite struct NumberTextTests {
    /// Doubles from every region the display rule treats differently: random bit patterns,
    /// short decimals, halves that round up or to a carry (9.9999995, 999999.5), powers of ten
    /// around the positional limits (1e-6, 1e15, 1e17), integers near 2^53, subnormals.
    static func samples() -> [Double] {
        var rng = SplitMix64(state: 20261201)
        var out: [Double] = [0, -0.0, 1, -1, 0.5, 0.1 + 0.2, 1.005, 9.9999995, 999999.5, 9999995, 0.00099999995,
                             .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                             9_007_199_254_740_994, 9_007_199_254_740_992, 123456789012345680, 1e16 + 2, 1e17, 1.0000000000000002e17,
                             Double.nan, .infinity, -.infinity]
        for k in -330...310 {
            let p = Double("1e\(k)") ?? 0
            out += [p, -p, p * 0.95, p * 9.5, p * 1.0000005, p * 0.99999995, p * 9.999995]
        }
        for _ in 0..<4_000 {
            out.append(Double(bitPattern: rng.next()))
            // A short decimal: m / 10^d with m of 1 to 17 digits.
            let digits = 1 + Int(rng.next() % 17)
            var m = 0.0
            for _ in 0..<digits { m = m * 10 + Double(rng.next() % 10) }
            let scale = Double("1e\(Int(rng.next() % 40) - 20)") ?? 1
            out.append((rng.next() & 1 == 0 ? 1 : -1) * m * scale)
            out.append(rng.uniform() * 1e6)
            out.append(rng.uniform() - 0.5)
        }
        return out
    }

    @Test("NumberText gives the digits of DecimalDigits for every cut, precision and exactness")
    func sameDigits() {
        let xs = Self.samples()
        var formatters = [Formatter()]
        for p in [1, 3, 6, 12, 17] { formatters.append(Formatter(precision: p)) }
        var mismatches: [String] = []
        for f in formatters {
            for x in xs {
                for (cut, exact) in [(Formatter.tableDigits, false), (Formatter.scalarDigits, false), (Formatter.tableDigits, true), (1, false), (17, false)] {
                    let fast = f.number(x, cut: cut, exact: exact)
                    let general = f.numberByDigits(x, cut: cut, exact: exact)
                    if fast != general, mismatches.count < 20 {
                        mismatches.append("\(x) precision \(f.precision ?? 0) cut \(cut) exact \(exact): \(fast) vs \(general)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(Formatter().number(.nan) == "NA")
        #expect(Formatter().number(999999.5) == "1000000")
        #expect(Formatter().number(9.9999995) == "10")
        #expect(Formatter().number(-0.0) == "0")
    }

    /// The grid as it was built before: one ``Markup`` per cell and per line.
    static func referenceGrid(header: [Markup], rows: [[String]], rightAligned: [Bool]) -> Markup {
        let columns = header.count
        var widths = header.map(\.width)
        for row in rows {
            for (j, text) in row.enumerated() where j < columns { widths[j] = max(widths[j], DisplayWidth.of(text)) }
        }
        func line(_ cells: [Markup], _ kind: Markup.Kind) -> Markup {
            var out = Markup()
            var pending = ""
            for j in 0..<columns {
                let cell = j < cells.count ? cells[j] : Markup()
                let right = j < rightAligned.count ? rightAligned[j] : false
                let fill = String(repeating: " ", count: max(0, widths[j] - cell.width))
                if j > 0 { pending += "  " }
                if right { pending += fill }
                if !cell.parts.isEmpty {
                    out.append(pending, kind)
                    out.append(cell)
                    pending = ""
                }
                if !right { pending += fill }
            }
            return out
        }
        var out = line(header, .header)
        for row in rows {
            out.append("\n")
            out.append(line(row.map { Markup($0) }, .plain))
        }
        return out
    }

    @Test("Grid rows written in one buffer equal the cell-by-cell Markup (parts and kinds)")
    func sameGrid() {
        var rng = SplitMix64(state: 77)
        let words = ["", "", "NA", "1", "22", "0.133901", "-1.5e-9", "钒钢", "S1", "Ärger", "x y", "e\u{301}", "1234567.25"]
        for trial in 0..<300 {
            let columns = 1 + Int(rng.next() % 7)
            let rowCount = Int(rng.next() % 6)
            var header = [Markup("stage", .header)]
            for j in 1..<max(1, columns) {
                header.append(j % 3 == 0 ? .heading("c\(j)", unit: "t") : Markup(words[Int(rng.next() % UInt64(words.count))].isEmpty ? "h" : "h\(j)", .header))
            }
            let rows: [[String]] = (0..<rowCount).map { _ in
                // Ragged rows too: shorter or longer than the header.
                (0..<(Int(rng.next() % UInt64(columns + 2)))).map { _ in words[Int(rng.next() % UInt64(words.count))] }
            }
            let right = (0..<(trial % 2 == 0 ? header.count : max(0, header.count - 1))).map { _ in rng.next() & 1 == 0 }
            let fast = Formatter().grid(header: header, rows: rows, rightAligned: right)
            let reference = Self.referenceGrid(header: header, rows: rows, rightAligned: right)
            #expect(fast == reference, "trial \(trial)")
        }
    }
}

/// The ASCII fast paths of CSV fields and JSON strings give what the general rules give.
@Suite struct CSVFieldTests {
    static let fields = ["", " ", "a", "0.133901", "-1.5e-9", "million RMB", " lead", "trail ", "\tx", "x\t", "a,b", "say \"hi\"",
                         "two\nlines", "cr\rhere", "\u{0B}", "\u{7F}", "钒钢", "Ärger ", "\u{00A0}nbsp", "nbsp\u{2003}", "S1", "NA",
                         "back\\slash", "ctl\u{01}", "tab\tinside", "é", "e\u{301}"]

    @Test("csvField equals the general rule on every kind of field", arguments: fields)
    func sameField(_ s: String) {
        #expect(Formatter.csvField(s) == Formatter.csvFieldGeneral(s))
    }

    @Test("JSON strings are escaped as the scalar-by-scalar rule does", arguments: fields)
    func sameQuote(_ s: String) {
        #expect(JSON.quote(s) == JSON.quoteByScalars(s))
    }
}
