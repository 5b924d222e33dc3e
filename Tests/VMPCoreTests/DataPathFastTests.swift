import Foundation
import Testing
@testable import VMPCore

/// The fast paths of loading and printing (issue "Speed") give exactly what the general paths
/// give: the byte-level CSV reader against SwiftCSV, the ASCII trimming against Foundation, the
/// byte checks of numbers against the scalar ones they replaced, the digit extraction of
/// printed numbers, display widths and the first round of a one-stage shock. No test here is
/// timed.
@Suite struct DataPathFastTests {
    static func same(_ a: CSVFastSplit.Result, _ b: CSVFastSplit.Result) -> Bool {
        a.header == b.header && a.rows == b.rows && a.positions.count == b.positions.count
            && zip(a.positions, b.positions).allSatisfy { $0.line == $1.line && $0.columns == $1.columns }
    }

    /// Texts the fast reader must take, each equal to the general path's result.
    static let accepted = [
        "from,to,year\nS1,S2,2020\n",
        "from,to,year\r\nS1,S2,2020\r\n",
        "a,b\n1,2",                                  // no line end at the end
        "a,b\n1,",                                   // SwiftCSV drops an empty last field
        "a,b\n1,\"\"",                               // … also a quoted one
        "a,b\n\n1,2\n\n",                            // blank lines
        "a,b\n   \n1,2\n",                           // a line of blanks
        "a,b\n  1 ,  2\n",                           // leading blanks dropped, trailing kept
        "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n",       // quoted comma and quotes
        "a,b\n\"two\nlines\",3\n4,5\n",              // a line end inside quotes
        "a,b\n\"two\r\nlines\",3\r\n",
        "a,b\n钒钢 S1,naïve text\n",                  // non-ASCII inside fields
        "a,钒\n钒,é\n\"钒\",\"é\"\n",                 // … next to commas and quotes
        "a,b\n é,\t钒\n",                           // … after leading blanks
        "a,b\n1\u{301},\"x\u{301}\"\n",                // a mark joins the digit or letter before it
        "a,b\n\"钒钢\",x\n",
        "a,b,c\n1,2\n3,4,5,6\n",                     // wrong field counts are the caller's to report
        "",
        "\n\n",
        "a",
        "a,b\n,\n,,\n",
    ]

    /// Texts it must leave to the general path.
    static let declined = [
        "a,b\n1\"x,2\n",          // a quote inside an unquoted field
        "a,b\n\"x\" ,2\n",        // a blank after a closing quote
        "a,b\n\"x\"y,2\n",        // text after a closing quote
        "a,b\n\"open,2\n",        // never closed
        "a,b\r1,2\n",             // a lone carriage return
        "a,b\n1,\u{301}2\n",      // a combining mark joined to the comma
        "a,b\n1,\u{3000}2\n",     // Unicode white space where a field starts
        "a,b\n1,\u{A0}2\n",
        "a,b\n1, \u{301}2\n",    // a mark joined to a leading blank
        "a,b\n1\u{2028}2,3\n",    // a line separator
        "a,b\n1\u{0B}2,3\n",      // a vertical tab
    ]

    @Test func fastCSVReaderEqualsSwiftCSVOnEdgeCases() throws {
        for text in Self.accepted {
            let fast = try #require(CSVFastSplit.split(text), "declined: \(text.debugDescription)")
            let general = try CSVTable.generalSplit(text)
            #expect(Self.same(fast, general), "\(text.debugDescription): \(fast) vs \(general)")
        }
        for text in Self.declined {
            #expect(CSVFastSplit.split(text) == nil, "taken: \(text.debugDescription)")
        }
    }

    /// Random texts over the characters that matter: whenever the fast reader answers, the
    /// general path parses the text too and gives the same header, rows and positions.
    @Test func fastCSVReaderEqualsSwiftCSVOnRandomTexts() throws {
        let pieces = ["a", "b", "7", ",", ",", "\"", "\"\"", "\n", "\r\n", " ", "\t", "é", "钒", "\u{301}", "\r", "", "\u{A0}", "\u{600}"]
        var rng = SplitMix64(state: 14)
        var taken = 0
        for _ in 0..<4000 {
            let length = Int.random(in: 0...14, using: &rng)
            let text = (0..<length).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
            guard let fast = CSVFastSplit.split(text) else { continue }
            taken += 1
            #expect(CSVTable.unclosedQuote(text) == nil, "\(text.debugDescription)")
            let general = try CSVTable.generalSplit(text)
            #expect(Self.same(fast, general), "\(text.debugDescription): \(fast) vs \(general)")
        }
        #expect(taken > 800)
    }

    @Test func asciiTrimmingEqualsFoundation() {
        var texts = ["", " ", "x", " x ", "\tx\t", "x\r\n", "\n x \u{0B}", "\u{0C}", "a b", "  a b  ",
                     "\u{00A0}x", "x\u{3000}", " 钒 ", "\u{85}x", "x\u{2028}"]
        for b in 0..<128 { texts += [String(UnicodeScalar(UInt8(b))) + "a", "a" + String(UnicodeScalar(UInt8(b)))] }
        for text in texts {
            #expect(CSVTable.trimmed(text, newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(CSVTable.trimmed(text, newlines: false) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }

    /// The scalar version `isPlainDecimal` had before it read bytes.
    static func plainDecimalByScalars(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            return index - start
        }
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        var mantissa = digits()
        if index < scalars.count, scalars[index] == "." {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == scalars.count
    }

    @Test func plainDecimalCheckEqualsTheScalarOne() {
        var texts = ["", "1", "-1", "+1.5", ".5", "5.", ".", "-", "1e5", "1E-5", "1e", "1e+", "2.5e+10x", "1,5",
                     "١٢", "1 ", " 1", "0x10", "1e5.5", "--1", "1.2.3", "１"]
        let alphabet = Array("0123456789+-.eE ,x٣")
        var rng = SplitMix64(state: 7)
        for _ in 0..<3000 {
            texts.append(String((0..<Int.random(in: 0...7, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "0" }))
        }
        for text in texts { #expect(Chain.isPlainDecimal(text) == Self.plainDecimalByScalars(text), "\(text.debugDescription)") }
    }

    /// `DecimalDigits` as it was before it read bytes: (negative, digits, exponent) and its text.
    static func digitsByCharacters(_ x: Double) -> (Bool, [UInt8], Int)? {
        guard x.isFinite else { return nil }
        if x == 0 { return (false, [], 0) }
        let text = x.magnitude.description
        var mantissa = Substring(text)
        var power = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            power = Int(text[text.index(after: e)...]) ?? 0
        }
        var pointAt: Int?
        var all: [UInt8] = []
        for c in mantissa {
            if c == "." { pointAt = all.count; continue }
            guard let d = c.wholeNumberValue else { continue }
            all.append(UInt8(d))
        }
        var point = pointAt ?? all.count
        while let first = all.first, first == 0 { all.removeFirst(); point -= 1 }
        while let last = all.last, last == 0 { all.removeLast() }
        return all.isEmpty ? (false, [], 0) : (x < 0, all, point + power)
    }

    static func textByCharacters(_ d: DecimalDigits) -> String {
        if d.digits.isEmpty { return "0" }
        let sign = d.negative ? "-" : ""
        let ds = d.digits.map { Character(String($0)) }
        let exponent = d.exponent
        let positional = (exponent > -6 && exponent <= 15) || (exponent > 15 && exponent <= 17 && ds.count >= exponent)
        if positional {
            if exponent <= 0 { return sign + "0." + String(repeating: "0", count: -exponent) + String(ds) }
            if ds.count <= exponent { return sign + String(ds) + String(repeating: "0", count: exponent - ds.count) }
            return sign + String(ds[0..<exponent]) + "." + String(ds[exponent...])
        }
        let mantissa = ds.count == 1 ? String(ds) : String(ds[0]) + "." + String(ds[1...])
        return sign + mantissa + "e\(exponent - 1)"
    }

    @Test func decimalDigitsEqualTheCharacterVersion() throws {
        var xs: [Double] = [0, -0.0, 1, -1, 0.1, 0.30000000000000004, 1e-5, 1e-7, 123.456, 1e15, 1e15 + 1, 1e16, 1e17, 1e21, 2e306,
                            1.7976931348623157e308, Double.leastNonzeroMagnitude, 2.2250738585072014e-308, -1234.5, 100, 0.001916, 9.999999999999999e22]
        var rng = SplitMix64(state: 300)
        for _ in 0..<3000 {
            let bits = rng.next()
            let x = Double(bitPattern: bits)
            if x.isFinite { xs.append(x) }
            xs.append(Double.random(in: -1e6...1e6, using: &rng))
        }
        for x in xs {
            let d = try #require(DecimalDigits(x))
            let reference = try #require(Self.digitsByCharacters(x))
            #expect(d.negative == reference.0 && d.digits == reference.1 && d.exponent == reference.2, "\(x)")
            #expect(d.text == Self.textByCharacters(d), "\(x)")
            for n in [1, 6, 12] {
                let r = d.rounded(significant: n)
                #expect(r.text == Self.textByCharacters(r), "\(x) to \(n)")
            }
        }
        #expect(DecimalDigits(.nan) == nil && DecimalDigits(.infinity) == nil)
        let formatter = VMPCore.Formatter()
        #expect(formatter.number(-0.0) == "0" && formatter.number(-1e-300 * 1e-300) == "0")
    }

    @Test func displayWidthOfASCIIEqualsTheScalarSum() {
        var texts = ["", "abc", "0.133901", "S3.cost[2019]", "\t", "\u{7F}", "钒钢", "e\u{301}", "a\u{200B}b", "😀"]
        for b in 0..<128 { texts.append("x" + String(UnicodeScalar(UInt8(b)))) }
        for text in texts {
            let bySlowPath = text.unicodeScalars.reduce(0) { total, scalar in
                let v = scalar.value
                if v == 0 || v == 0x200B || v == 0x200D || v == 0xFE0F { return total }
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .enclosingMark, .format: return total
                default: break
                }
                return total + DisplayWidth.of(scalar)
            }
            #expect(DisplayWidth.of(text) == bySlowPath, "\(text.debugDescription)")
        }
    }

    @Test func sourceTextDecodingEqualsTheScalarLoop() {
        let texts = ["", "a", "S1,S2\r\n钒钢,e\u{301}\n", "\u{FEFF}x", "😀\n"]
        for text in texts {
            #expect(SourceText.decode(Data(text.utf8)) == .success(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text))
        }
        #expect(SourceText.decode(Data([0xEF, 0xBB, 0xBF, 0x61])) == .success("a"))
        #expect(SourceText.decode(Data([0x61, 0x0A, 0x62, 0xFF])) == .failure(SourceText.InvalidUTF8(line: 2, column: 2, byte: 4)))
        #expect(SourceText.decode(Data([0xED, 0xA0, 0x80])) == .failure(SourceText.InvalidUTF8(line: 1, column: 1, byte: 1)))
    }

    /// The first round of a one-stage pull, A e_k s, is the full product A v.
    @Test func firstRoundOfAOneStageShockEqualsTheFullProduct() throws {
        var rng = SplitMix64(state: 2000)
        let n = 23
        var z = Matrix(rows: n, cols: n)
        for i in 0..<n { for j in 0..<n where Int.random(in: 0..<3, using: &rng) > 0 { z[i, j] = Double.random(in: 1..<100, using: &rng) } }
        let x = z.columnSums.map { $0 / 0.6 + 1 }
        let sys = try IOSystem.fromFlows(Z: z, x: x, stageIDs: (1...n).map { "S\($0)" })
        let a = try #require(sys.A)
        for k in [0, 5, n - 1] {
            for size in [1.0, -2.5, 1e-300, 7.25] {
                var v = [Double](repeating: 0, count: n)
                v[k] = size
                let fast = try sys.step(v, mode: .pull)
                let full = try a.multiply(v)
                #expect(fast.map(\.bitPattern) == full.map(\.bitPattern), "k = \(k), s = \(size)")
                let response = try sys.pull(stage: "S\(k + 1)", size: size)
                #expect(response.firstRound.map(\.bitPattern) == full.map(\.bitPattern))
            }
        }
        // Two shocked stages take the general product.
        var v = [Double](repeating: 0, count: n)
        v[1] = 1; v[4] = 2
        #expect(try sys.step(v, mode: .pull) == (try a.multiply(v)))
    }

    /// `commonUnit` over rows equals the flat version it replaced.
    @Test func commonUnitOfRowsEqualsTheFlatRule() throws {
        let t = try UnitRegistry.resolve("t"), kt = try UnitRegistry.resolve("kt")
        let cases: [[[Quantity?]]] = [[], [[nil]], [[Quantity(1, t)], [nil, Quantity(2, t)]], [[Quantity(1, t), Quantity(2, kt)]],
                                      [[nil], [Quantity(3, kt)]]]
        for rows in cases {
            let all = rows.flatMap { $0 }
            let units = all.compactMap { $0?.unit.name }
            let flat: VMPCore.Unit?? = units.first.map { first in units.allSatisfy { $0 == first } ? .some(all.compactMap { $0?.unit }.first) : nil } ?? .some(nil)
            #expect(VMPCore.Formatter.commonUnit(rows) == flat)
        }
    }
}
