import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import VMPCore

/// Pictures: terminal plots as exact transcripts at a fixed width, SVG well-formedness and
/// escaping (XMLParser), reproducibility, files written like `export`, limits, and syntax.
@Suite struct PlotTests {
    /// The plot `source` draws at `width` columns, compared line by line with `expected`.
    func expectPlot(_ source: String, width: Int, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let h = try Harness()
        h.session.formatter.plotWidth = width
        let got = h.run(source)
        let gotLines = got.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let wantLines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(gotLines == wantLines, "\(source):\n\(got)", sourceLocation: sourceLocation)
        for line in gotLines {
            #expect(DisplayWidth.of(line) <= width, "wider than \(width): \(line)", sourceLocation: sourceLocation)
            #expect(!line.hasSuffix(" "), sourceLocation: sourceLocation)
            #expect(!line.contains("\u{1B}"), "an escape byte in a plot", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Terminal transcripts (60 columns)

    /// `plot link(S2, S3)` at 60 columns.
    @Test func seriesTranscript() throws {
        try expectPlot("plot link(S2, S3)", width: 60, #"""
            link(S2, S3)
            link(S2, S3) (no unit)
            0.15 ┤
                 │                                 ⢀⣀●⠤⠤⠤⣀⣀⣀●⣀⡠⠤⠤⠤⠒●
                 │                            ●⡠⠤⠒⠉⠁
                 │                        ⣀⠤⠒⠉
             0.1 ┤                  ⣀⡠⠤⠔●⠉
                 │           ⣀⡠⠤⠔●⠉⠉
                 │ ●⣀⠤⠤⠤⠔⠒●⠉⠉
            0.05 ┤
                 │
                 │
                 │
               0 ┤
                 └─┬──────┬──────┬──────┬─────┬──────┬──────┬──────┬─
                  2015   2016   2017   2018  2019   2020   2021   2022
                                         year
            ● link(S2, S3)
            """#)
    }

    /// `plot link()` at 60 columns.
    @Test func tableTranscript() throws {
        try expectPlot("plot link()", width: 60, #"""
            Table S1. Forward linkages: Si drives Sj (allocation
            coefficients b_ij, dimensionless)
            value (no unit)
            0.15 ┤
                 │                                 ⢀⣀■⠤⠤⠤⣀⣀⣀■⣀⡠⠤⠤⠤⠒■
                 │                            ■⡠⠤⠒⠉⠁⢀◆⣀⣀⣀
                 │ ◆⡠⠤⠔⠒⠒⠉◆⠉⠉⠑⠒⠒⠒◆⠒⠤⠤⠤⢄⣀◆⣀⣀⡤⠶⠭◆⠤⠒⠒⠉⠉⣁▲⣀⣀⣀⣉⣉⣉◆⣉⠉⠉⠉⠉⠉◆
             0.1 ┤                  ⣀⡠⠤⠔■⠉  ⢀⡠▲⠒⠊⠉⠉⠉          ⠉⠉⠒⠒⠢▲
                 │           ⣀⡠⠤⠔■⠉⠉     ⢀⡠⠒⠁
                 │ ■⣀⠤⠤⠤⠔⠒■⠉⠉       ⣀⡠⠤⠔▲⠁              ⢀⣀⠤⠒●⠉⠉⠉⠒⠒⠒●
            0.05 ┤     ⢀⣀⡠▲⠤⠤⠔⠒⠒⠒▲⠉⠉        ⢀⣀●⠤⠤⠤⠤⠤⠤●⠔⠊⠁
                 │ ▲⠶⠶⠝⠓⠒⠒●⠒⠒⠢⠤⠤⠤●⠤⠤⠤⠤⠤⠤●⠒⠊⠉⠁
                 │
                 │
               0 ┤ ▼⣀⣀⣀⣀⣀⣀▼⣀⣀⡠⠤⠤⠤▼⠤⠤⠤⠤⠤⠤▼⠤⠤⠤⠤⠤▼⠤⠤⠤⠤⠤⠤▼⠤⠤⠤⠤⠤⠤▼⠤⠤⠤⠤⠤⠤▼
                 └─┬──────┬──────┬──────┬─────┬──────┬──────┬──────┬─
                  2015   2016   2017   2018  2019   2020   2021   2022
                                         year
            ● S1 drives S2   ■ S2 drives S3   ▲ S3 drives S4
            ◆ S4 drives S5   ▼ S5 drives S2
            """#)
    }

    /// `plot cost[2018]` at 60 columns.
    @Test func vectorTranscript() throws {
        try expectPlot("plot cost[2018]", width: 60, #"""
            cost[2018]
            cost[2018] (million RMB) by stage
                 0              20             40             60
                 ┬──────────────┬──────────────┬──────────────┬
            S1   NA
            S2   ██████████████████▉ 25.109
            S3   ████████████▏ 16.166
            S4   ██████████████████████████████▊ 40.979
            S5   NA
            █ cost[2018] (NA: S1, S5)
            """#)
    }

    /// `plot L[2020]` at 60 columns.
    @Test func matrixTranscript() throws {
        try expectPlot("plot L[2020]", width: 60, #"""
            L[2020]: Leontief inverse (I − A)⁻¹
            L[2020] (no unit): rows i (supplying stage), columns j
            (receiving stage)
            i \ j S1        S2        S3        S4        S5
            S1    █ 1       ░ 0.035   ░ 0.00284 ░ 1.7e-4  ░ 1.3e-5
            S2      0       █ 1       ░ 0.081   ░ 0.00494 ░ 3.8e-4
            S3      0       ░ 9.0e-6  █ 1       ░ 0.061   ░ 0.00464
            S4      0       ░ 1.5e-4  ░ 1.2e-5  █ 1       ░ 0.076
            S5      0       ░ 0.00194 ░ 1.6e-4  ░ 9.6e-6  █ 1
            shade of |value|: ░ ≤ 25% ▒ ≤ 50% ▓ ≤ 75% █ ≤ 100% of 1
            """#)
    }

    /// `plot S2.cost` at 60 columns.
    @Test func gapsTranscript() throws {
        try expectPlot("plot S2.cost", width: 60, #"""
            S2.cost
            S2.cost (million RMB)
            30 ┤
               │
               │                      ●
               │                     ⡜
            20 ┤                    ⡜
               │                   ⡜
               │                  ⡜
            10 ┤                 ⡜                     ⣀⣀⣀⣀⠤●
               │                ⡜                    ●⠉
               │               ●
               │
             0 ┤
               └─┬──────┬──────┬──────┬───────┬──────┬──────┬──────┬─
                2015   2016   2017   2018    2019   2020   2021   2022
                                        year
            ● S2.cost (NA: 2015, 2016, 2019, 2022)
            """#)
    }

    /// `plot imports, exports` at 60 columns.
    @Test func groupedTranscript() throws {
        try expectPlot("plot imports, exports", width: 60, #"""
            imports, exports
            imports, exports (10^4 t) by stage
                 0            0.005            0.01          0.015
                 ┬──────────────┬───────────────┬──────────────┬
            S1   NA
                 NA

            S2   NA
                 NA

            S3   NA
                 NA

            S4   NA
                 NA

            S5   ████████████▎ 0.004
                 ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓ 0.012
            █ imports (NA: S1, S2, S3, S4)
            ▓ exports (NA: S1, S2, S3, S4)
            """#)
    }

    /// `plot chain 2020` at 60 columns.
    @Test func chainTranscript() throws {
        try expectPlot("plot chain 2020", width: 60, #"""
            China's vanadium industry Material-Product (M-P) chain,
            2015–2022: forward and backward linkages, 2020
            ┌────┐   ┌────┐   ┌────┐   ┌────┐   ┌────┐
            │ S1 │──▶│ S2 │──▶│ S3 │──▶│ S4 │──▶│ S5 │
            └────┘   └────┘   └────┘   └────┘   └────┘
              S1: mining and raw-material collection
              S2: raw materials and preprocessing
              S3: chemical separation and intermediates
              S4: products
              S5: recycling
            linkages, bar ∝ value (relative to the largest of its kind):
              S1 → S2  forward     0.053  ━━━━━━━━━━━━
              S2 → S3  forward     0.130  ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
              S3 → S4  forward     0.103  ━━━━━━━━━━━━━━━━━━━━━━━━
              S4 → S5  forward     0.114  ━━━━━━━━━━━━━━━━━━━━━━━━━━
              S5 → S2  forward   0.00252  ━
              S1 → S2  backward    0.035  ━━━━━━━━━━━━━
              S2 → S3  backward    0.081  ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
              S3 → S4  backward    0.061  ━━━━━━━━━━━━━━━━━━━━━━━
              S4 → S5  backward    0.076  ━━━━━━━━━━━━━━━━━━━━━━━━━━━━
              S5 → S2  backward  0.00194  ━
            Arrows run from the supplying stage i to the receiving stage
            j: forward linkages (Si drives Sj) above the boxes, backward
            linkages (Sj pulls Si) below; line width grows with the
            value.
            """#)
    }

    // MARK: - NA

    @Test func naGapsAreNotBridged() throws {
        // S2.cost is published for 2017, 2018, 2020 and 2021: the line 2017–2018 and 2020–2021
        // is drawn, nothing between 2018 and 2020 (2019 is NA), nothing at all at 2015, 2016, 2022.
        let h = try Harness()
        h.session.formatter.plotWidth = 60
        let lines = h.run("plot S2.cost").split(separator: "\n").map(String.init)
        let axis = try #require(lines.firstIndex { $0.contains("└") })
        let years = lines[axis + 1]
        func column(_ year: String) throws -> Int {
            let r = try #require(years.range(of: year))
            return years.distance(from: years.startIndex, to: r.lowerBound) + 1   // the tick under the year's middle
        }
        let plotRows = lines[2..<axis].map { Array($0) }
        func drawn(_ c: Int) -> Bool {
            plotRows.contains { row in c < row.count && (row[c] == "●" || (0x2800...0x28FF).contains(row[c].unicodeScalars.first?.value ?? 0) && row[c] != "\u{2800}") }
        }
        let c = try ["2015", "2017", "2018", "2019", "2020", "2021", "2022"].map { try column($0) }
        #expect(drawn(c[1]) && drawn(c[2]) && drawn(c[4]) && drawn(c[5]))
        #expect(!drawn(c[3]), "the NA year 2019 must be a gap")
        #expect(!drawn(c[0]) && !drawn(c[6]))
        #expect(lines.last == "● S2.cost (NA: 2015, 2016, 2019, 2022)")
    }

    @Test func allNASaysSo() throws {
        let h = try Harness()
        h.session.formatter.plotWidth = 60
        #expect(h.run("plot output[2015]") == "output[2015]\nnothing to draw: every value of output[2015] is NA (not\npublished)")
        #expect(h.run("plot S1.output") == "NA\nnothing to draw: S1.output is not published")
        let svg = try svgOf("plot output[2015] to \"PATH\"")
        #expect(svg.contains("nothing to draw: every value of output[2015] is NA"))
        #expect(!svg.contains("<polyline"))
    }

    @Test func sparklines() throws {
        let h = try Harness()
        // Smallest ▁, largest █; NA years (2015, 2016, 2019, 2022) are spaces, not ▁.
        #expect(h.run("sparkline(S2.cost)") == "  ▁█ ▂▃ ")
        #expect(h.run("print \"S2→S3 {sparkline(link(S2, S3))}\"").hasPrefix("S2→S3 ▁"))
        #expect(h.run("sparkline(link(S2, S3))").count == 8)
        #expect(h.run("sparkline(output[2015])") == "NA")
        #expect(h.run("sparkline(cost)").contains("sparkline needs a series or vector, found a table"))
        #expect(Sparkline.text([1, 1, nil, 1]) == "▄▄ ▄")
        #expect(Sparkline.text([-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]) == "▁█")
    }

    // MARK: - SVG

    /// Runs `source` with PATH replaced by a fresh temporary file and returns what it wrote.
    func svgOf(_ source: String, chain: Chain? = nil) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-plot-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = Session(chain: try chain ?? Chain.vanadium())
        var output: [String] = []
        let outcome = session.run(source.replacingOccurrences(of: "PATH", with: path)) { output.append($0) }
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        #expect(output.isEmpty, "a plot to a file prints nothing")
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Parses `svg` with Foundation's XMLParser: whether it is well-formed, the root element
    /// and its size, and every text node.
    final class SVGReader: NSObject, XMLParserDelegate {
        var root: String?
        var width: String?, height: String?
        var texts: [String] = []
        var current = ""
        var strokeWidths: [Double] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if root == nil { root = name; width = attributes["width"]; height = attributes["height"] }
            if name == "path", let w = attributes["stroke-width"].flatMap(Double.init) { strokeWidths.append(w) }
            current = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" || name == "title" || name == "desc" { texts.append(current) }
            current = ""
        }
    }

    func read(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> SVGReader {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
        #expect(reader.root == "svg", sourceLocation: sourceLocation)
        #expect(reader.width == "720" && reader.height == "440", sourceLocation: sourceLocation)
        return reader
    }

    @Test func everyKindIsWellFormedSVG() throws {
        for source in ["plot link(S2, S3) to \"PATH\"", "plot link() to \"PATH\"", "plot cost[2018] to \"PATH\"",
                       "plot imports, exports to \"PATH\"", "plot L[2020] to \"PATH\"", "plot chain 2020 to \"PATH\"",
                       "plot cost title \"Cost\" caption \"§4.2\" to \"PATH\"", "plot shock S2 by +10% in 2020 to \"PATH\""] {
            let svg = try svgOf(source)
            let reader = read(svg)
            #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""), "\(source)")
            #expect(!svg.contains("nan") && !svg.contains("inf"), "\(source)")
            #expect(reader.texts.count > 5, "\(source): text as real text")
        }
        let titled = read(try svgOf("plot cost title \"Cost per stage\" caption \"From §4.2.\" to \"PATH\""))
        #expect(titled.texts.first == "Cost per stage")
        #expect(titled.texts.contains("cost (million RMB)"), "the value axis carries the unit")
        #expect(titled.texts.contains("From §4.2."))
    }

    /// Newcomer report: ticks of a plot of tiny values all read 0 (the label rounded anything
    /// under 1e-12 to zero whatever the scale).
    @Test func tinyValuesGetTickLabelsOfTheirScale() throws {
        let h = try Harness()
        h.session.formatter.plotWidth = 60
        let ticks = h.run("plot vector(S1, 1.5e-13, S2, 3e-13)").split(separator: "\n").map(String.init)[2]
        #expect(ticks.split(separator: " ").map(String.init) == ["0", "1e-13", "2e-13", "3e-13"])
        let svg = read(try svgOf("plot vector(S1, 1.5e-13, S2, 3e-13) to \"PATH\""))
        #expect(svg.texts.contains("1e-13") && svg.texts.contains("3e-13"))
        // Binary noise at zero still reads 0 (0.1 + 0.2 − 0.3 is 5.6e-17, not a tick).
        #expect(LinearScale(covering: [0.1, 0.3]).tickLabel(0.1 + 0.2 - 0.3) == "0")
    }

    /// Newcomer report: a relative shock's picture showed fractions (0.1) where its table shows
    /// % (10), and its axis label was cut ("Δx relative to S2's unit-time output (no …").
    @Test func relativeShockIsPlottedInPercentLikeItsTable() throws {
        let h = try Harness()
        h.session.formatter.plotWidth = 60
        let text = h.run("plot shock S2 by +10% in 2020")
        #expect(text.contains("Δx (% of S2's unit-time output) by stage"))
        #expect(text.contains("████ 10\n"), "S2's total bar is labelled 10 (%), as in the table")
        let svg = read(try svgOf("plot shock S2 by +10% in 2020 to \"PATH\""))
        #expect(svg.texts.contains("Δx (% of S2's unit-time output)"), "the whole axis label, uncut")
        #expect(svg.texts.contains("10") && !svg.texts.contains("0.1"))
    }

    @Test func svgIsReproducible() throws {
        for source in ["plot link() to \"PATH\"", "plot chain 2020 to \"PATH\"", "plot L[2020] to \"PATH\""] {
            let a = try svgOf(source), b = try svgOf(source)
            #expect(a == b, "\(source)")
        }
    }

    @Test func hostileNamesAreEscaped() throws {
        let hostile = try Chain.load(manifest: packageRoot.appendingPathComponent("Tests/VMPCoreTests/Fixtures/chains/hostile").path)
        for source in ["plot chain to \"PATH\"", "plot cost to \"PATH\"", "plot cost[2020] to \"PATH\"", "plot chain title \"<&>\\\"'\" to \"PATH\""] {
            let svg = try svgOf(source, chain: hostile)
            let reader = read(svg)
            #expect(!svg.contains("<S&1>") && !svg.contains("<script>") && !svg.contains("<b>"), "\(source): raw markup in the file")
            if source.hasPrefix("plot chain to") {
                // The texts read back exactly as the data wrote them.
                #expect(reader.texts.contains("<S&1>"))
                #expect(reader.texts.first == "A \"hostile\" <chain> & 'co' ]]> test: flows (t) between stages, 2020")
            }
        }
        #expect(SVG.escape("<S&1>\"'\u{1}") == "&lt;S&amp;1&gt;&quot;&apos;\u{FFFD}")
    }

    @Test func sankeyWidthsAreProportionalToFlows() throws {
        let copper = try Chain.load(manifest: packageRoot.appendingPathComponent("Scripts/chains/copper").path)
        let reader = read(try svgOf("plot chain 2020 to \"PATH\"", chain: copper))
        // Arrows in chain order: mining→smelting 900 kt, smelting→refining 1290, refining→
        // fabrication 1500, fabrication→manufacturing 1650 (the largest, full width).
        let widths = Array(reader.strokeWidths.prefix(4))
        try #require(widths.count == 4)
        let flows = [900.0, 1290, 1500, 1650]
        for (w, f) in zip(widths, flows) {
            #expect(abs(w / widths[3] - f / 1650) < 0.001, "band \(w) for \(f) kt")
        }
        #expect(reader.texts.contains("1650 kt"))
    }

    // MARK: - Files

    @Test func filesAreWrittenLikeExport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = try Harness()
        let path = dir.appendingPathComponent("f.svg").path
        #expect(h.run("plot link() to \"\(path)\"") == "")
        let first = try String(contentsOfFile: path, encoding: .utf8)
        let again = h.run("plot cost to \"\(path)\"")
        #expect(again.contains("error: \"\(path)\" already exists; add 'overwrite' to replace it"))
        let kept = try String(contentsOfFile: path, encoding: .utf8)
        #expect(kept == first, "kept without overwrite")
        #expect(h.run("plot cost to \"\(path)\" overwrite") == "")
        let replaced = try String(contentsOfFile: path, encoding: .utf8)
        #expect(replaced != first)
        #expect(h.run("plot cost to \"\(dir.path)/no/such/f.svg\"").contains("directory \"\(dir.path)/no/such\" does not exist"))
        #expect(h.run("plot cost to \"\(dir.path)/f.png\"").contains("plot writes SVG pictures: the file name must end in .svg"))
        // Nothing but f.svg: no temporary files left behind.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files == ["f.svg"])
    }

    // MARK: - Errors and limits

    @Test func whatCannotBePlotted() throws {
        let h = try Harness()
        #expect(h.run("plot 3").contains("error: plot draws a series, vector, table or chain; this is a single value"))
        #expect(h.run("plot sum").contains("plot draws a series, vector, table or chain, found a function"))
        #expect(h.run("plot S2.cost, cost[2018]").contains("plot together values with the same keys"))
        #expect(h.run("plot cost title 3").contains("a title must be text in quotes, found a number"))
        #expect(h.run("plot chain 1999").contains("year 1999 is not in vanadium (years: 2015..2022)"))
        #expect(h.run("plot unit_output, cost[2018]").contains("cannot plot"))
    }

    @Test func otherFormatsGetThePictureAsOneText() throws {
        let session = Session(chain: try Chain.vanadium(), formatter: Formatter(style: .json))
        var lines: [String] = []
        _ = session.run("plot cost[2018]") { lines.append($0) }
        #expect(lines.count == 1 && lines[0].hasPrefix("{\"type\":\"string\",\"value\":\"cost[2018]\\ncost[2018] (million RMB) by stage"))
    }

    @Test func widthIsClampedAndBounded() {
        let figure = Figure(kind: .lines, title: String(repeating: "long title ", count: 50), categoryName: "year", categories: ["2020", "2021"],
                            valueName: "x", unit: "t", series: [FigureSeries(name: "x", values: [1, 2], labels: ["1", "2"])])
        for (asked, got) in [(10, 40), (1_000_000_000, 400), (Int.max, 400), (Int.min, 40)] {
            let text = TerminalPlot.render(figure, width: asked)
            let widest = text.split(separator: "\n").map { DisplayWidth.of(String($0)) }.max() ?? 0
            #expect(widest <= got && widest > got / 2, "width \(asked): widest line \(widest)")
        }
    }

    @Test func hugeChainsAreRefusedNotDrawn() throws {
        let stages = (1...10_000).map { Stage(id: "S\($0)", name: "stage \($0)", description: "") }
        var linkages: [LinkageKey: PublishedValue] = [:]
        linkages[LinkageKey(from: "S1", to: "S2", kind: .forward, year: 2020)] = PublishedValue(value: 0.1, text: "0.1", unit: "1", provenance: Provenance(source: "test"))
        let big = Chain(name: "big", title: "big", stages: stages, years: 2020...2020, quantityNames: [], quantities: [:], linkages: linkages)
        let session = Session(chain: big)
        let outcome = session.run("plot chain 2020") { _ in }
        #expect(outcome.diagnostics.first?.kind == .limit)
        #expect(outcome.diagnostics.first?.message.contains("at most 24 stages") == true)
    }

    // MARK: - Syntax

    @Test func plotSyntax() {
        func printed(_ source: String) -> String {
            let (statements, diagnostics) = Parser.parse(source)
            return diagnostics.isEmpty ? statements.map(ASTPrinter.print).joined(separator: "; ") : "error: " + diagnostics.map(\.message).joined()
        }
        #expect(printed("plot link(S2, S3)") == "(plot (call link S2 S3))")
        #expect(printed("plot imports, exports") == "(plot imports exports)")
        #expect(printed("plot chain 2020") == "(plot chain 2020)")
        #expect(printed("plot chain") == "(plot chain)")
        #expect(printed("plot chain cu 2019 + 1") == "(plot chain cu (+ 2019 1))")
        #expect(printed("plot chain.S1") == "(plot (. chain S1))")
        #expect(printed("plot link() title \"T\" caption \"C\" to \"f.svg\" overwrite") == "(plot (call link) title \"T\" caption \"C\" to \"f.svg\" overwrite)")
        #expect(printed("plot cost\n  title \"T\"\n  to \"f.svg\"\nprint 1") == "(plot cost title \"T\" to \"f.svg\"); (print 1)")
        #expect(printed("plot").hasPrefix("error: unexpected end of input: expected a value to plot"))
        #expect(printed("plot cost overwrite").hasPrefix("error: expected 'title', 'caption', 'to' or the end of the plot statement"))
    }

    @Test func checkerWalksPlots() throws {
        let diagnostics = Checker.check("plot nosuch to \"f.svg\"\nplot chain 2020 title nope", chain: try Chain.vanadium())
        #expect(diagnostics.map(\.message) == ["unknown name 'nosuch'", "unknown name 'nope'"])
    }
}
