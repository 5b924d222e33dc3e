import Foundation
import Testing
@testable import VMPCore

/// The fast paths of reading long-layout data files (issue "Speed") give what the general paths
/// give: the byte-level CSV reader that reuses a field's string when the field above it has
/// the same bytes, against SwiftCSV; a chain loaded through the row readers (column indexes
/// looked up once, repeats found by stage places), against the rows read independently from
/// SwiftCSV's fields; the manifest locator on CRLF text against the same text with LF. No test
/// here is timed.
@Suite struct LongRowsFastTests {
    /// Texts whose long fields repeat (or nearly repeat) down a column: the reused strings
    /// must be the very fields SwiftCSV reads.
    static let repeating = [
        "a,b\nlong source text 1234567,x\nlong source text 1234567,y\n",
        "a,b\nlong source text 1234567,x\nlong source text 1234568,y\n",        // same length, one byte apart
        "a,b\nlong source text 1234567,x\nlong source text 12345678,y\n",       // one byte longer
        "a,b\r\n\"long, quoted source text\",1\r\n\"long, quoted source text\",2\r\n",
        "a,b\n\"long, quoted source text\",1\nlong, quoted source text,2\n",    // quoted above, not below
        "a,b\n\"say \"\"hi\"\" in a long field\",1\n\"say \"\"hi\"\" in a long field\",2\n",
        "a,b\n\"two lines in a long\nquoted field\",1\n\"two lines in a long\nquoted field\",2\n",
        "a,b,c\nlong source text 1234567,1,2\n1,long source text 1234567\nlong source text 1234567,,\n",  // ragged
        "a,b\n,long source text 1234567\nlong source text 1234567,\n",          // the field moves column
        "a,b\n  long source text 1234567,1\nlong source text 1234567,2\n",      // leading blanks dropped
        "a,b\nlong source text 钒钢钢钢,1\nlong source text 钒钢钢钢,2\n",
        "a,b\nlong source text 1234567,1\n\nlong source text 1234567,2\n",      // a blank line between
        "a,b\n1e308000000000000000,1\n1e308000000000000000,2\n",                // a huge number, twice
        "a,b\nlong source text 1234567,1\nlong source text 1234567",            // no line end at the end
    ]

    @Test func fastCSVReaderReusingFieldsEqualsSwiftCSV() throws {
        for text in Self.repeating {
            let fast = try #require(CSVFastSplit.split(text), "declined: \(text.debugDescription)")
            let general = try CSVTable.generalSplit(text)
            #expect(DataPathFastTests.same(fast, general), "\(text.debugDescription): \(fast) vs \(general)")
        }
    }

    /// Random texts of long pieces that repeat from row to row, so that fields are often equal
    /// to, or as long as, the field above them.
    @Test func fastCSVReaderReusingFieldsEqualsSwiftCSVOnRandomTexts() throws {
        let pieces = ["generated, seed 1", "generated, seed 2", "\"generated, seed 1\"", "\"a \"\"long\"\" one here\"",
                      "abcdefghijklmnop", "abcdefghijklmnoq", ",", ",", ",", "\n", "\r\n", " ", "", "7", "\"x\ny long quoted\""]
        var rng = SplitMix64(state: 18)
        var taken = 0
        for _ in 0..<1500 {
            let length = Int.random(in: 0...24, using: &rng)
            let text = (0..<length).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
            guard let fast = CSVFastSplit.split(text) else { continue }
            taken += 1
            let general = try CSVTable.generalSplit(text)
            #expect(DataPathFastTests.same(fast, general), "\(text.debugDescription): \(fast) vs \(general)")
        }
        #expect(taken > 300)
    }

    /// The manifest of the random chain below: `n` stages s1 … sn, years 2019…2020.
    static func manifest(stages n: Int) -> String {
        """
        [chain]
        name = "rows"
        first_year = 2019
        last_year = 2020
        flow_unit = "t"
        [files]
        quantities = "q.csv"
        linkages = "f.csv"
        [units]
        output = "t"
        cost = ["USD", "EUR"]
        """ + (1...n).map { "\n[[stages]]\nid = \"s\($0)\"" }.joined() + "\n"
    }

    /// A random long-layout chain (quoted sources with commas, long repeated sources, notes,
    /// flags, NA values, blanks around fields, CRLF or LF, a byte-order mark, huge and tiny
    /// numbers, coefficients and flows) loads to exactly the values its rows give when read
    /// one by one from SwiftCSV's fields.
    @Test func loadedLongChainEqualsItsRowsReadByTheGeneralPath() throws {
        var rng = SplitMix64(state: 20261201)
        for round in 0..<6 {
            let n = 6
            let end = round % 2 == 0 ? "\r\n" : "\n"
            let sources = ["\"generated, seed 20261201\"", "generated; seed 20261201", "\"Table 3, row 4 (quoted, with commas)\"", "T", "  padded source text here  "]
            let notes = ["", "z", "a longer note about this value", "\"quoted, note\""]
            var quantities = ["stage,quantity,year,value,unit,source,note"]
            for i in 1...n {
                for year in [2019, 2020] {
                    quantities.append("s\(i),output,\(year),\(1000 + Int.random(in: 0...9000, using: &rng)).5,t,\(sources.randomElement(using: &rng) ?? "T"),")
                }
                let cost = ["", "1e300", "0.000001", "12.50"].randomElement(using: &rng) ?? ""
                let unit = cost.isEmpty && Bool.random(using: &rng) ? "" : (Bool.random(using: &rng) ? "USD" : "EUR")
                quantities.append("s\(i),cost,,\(cost),\(unit),\(sources.randomElement(using: &rng) ?? "T"),\(notes.randomElement(using: &rng) ?? "")")
            }
            var links = ["from,to,year,kind,value,unit,source,note,flag"]
            for i in 1...n {
                for j in 1...n where Int.random(in: 0..<3, using: &rng) > 0 {
                    let year = Bool.random(using: &rng) ? 2019 : 2020
                    let flag = ["", "suspect", "text_digits", "suspect;text_digits"].randomElement(using: &rng) ?? ""
                    let source = sources.randomElement(using: &rng) ?? "T"
                    let note = notes.randomElement(using: &rng) ?? ""
                    if year == 2019 {
                        // Coefficients small enough that no share sum passes 1.
                        let value = Bool.random(using: &rng) ? "" : "0.0\(Int.random(in: 1...9, using: &rng))"
                        let kind = i % 2 == 0 ? "forward" : "backward"
                        links.append("s\(i),s\(j),2019,\(kind), \(value) ,\(value.isEmpty ? "" : "1"),\(source),\(note),\(flag)")
                    } else {
                        let value = Bool.random(using: &rng) ? "" : "\(Int.random(in: 1...9, using: &rng)).\(Int.random(in: 0...99, using: &rng))"
                        links.append("s\(i),s\(j),2020,flow,\(value),t,\(source),\(note),\(flag)")
                    }
                }
            }
            let bom = round % 3 == 0 ? "\u{FEFF}" : ""
            let qText = bom + quantities.joined(separator: end) + end
            let fText = bom + links.joined(separator: end) + end
            let directory = try ChainFilesTests.write([
                "chain.toml": Data(Self.manifest(stages: n).utf8), "q.csv": Data(qText.utf8), "f.csv": Data(fText.utf8),
            ])
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let chain = try Chain.load(manifest: directory)

            // The same rows read one by one from SwiftCSV's fields.
            func rows(_ text: String) throws -> (header: [String], rows: [[String]]) {
                let split = try CSVTable.generalSplit(String(text.drop { $0 == "\u{FEFF}" }))
                return (split.header.map(CSVTable.trimmed), split.rows.map { $0.map(CSVTable.trimmed) })
            }
            func published(_ field: [String: String]) -> PublishedValue? {
                guard let text = field["value"], !text.isEmpty, let value = Double(text) else { return nil }
                var flags = Set<Provenance.Flag>()
                for word in (field["flag"] ?? "").split(separator: ";") { if let flag = Provenance.Flag(rawValue: String(word)) { flags.insert(flag) } }
                let note = field["note"] ?? ""
                return PublishedValue(value: value, text: text, unit: field["unit"] ?? "",
                                      provenance: Provenance(source: field["source"] ?? "", note: note.isEmpty ? nil : note, flags: flags))
            }
            var expectedLinks: [LinkageKey: PublishedValue] = [:]
            let f = try rows(fText)
            for row in f.rows {
                let field = Dictionary(uniqueKeysWithValues: zip(f.header, row))
                guard let year = Int(field["year"] ?? ""), let kind = LinkageKind(rawValue: field["kind"] ?? ""),
                      let value = published(field) else { continue }
                expectedLinks[LinkageKey(from: field["from"] ?? "", to: field["to"] ?? "", kind: kind, year: year)] = value
            }
            var expectedQuantities: [QuantityKey: PublishedValue] = [:]
            let q = try rows(qText)
            for row in q.rows {
                let field = Dictionary(uniqueKeysWithValues: zip(q.header, row))
                guard let value = published(field) else { continue }
                expectedQuantities[QuantityKey(stage: field["stage"] ?? "", quantity: field["quantity"] ?? "", year: Int(field["year"] ?? ""))] = value
            }
            #expect(!expectedLinks.isEmpty)
            #expect(chain.linkages == expectedLinks, "round \(round)")
            #expect(chain.quantities == expectedQuantities, "round \(round)")
            #expect(chain.quantityNames == ["output", "cost"])
        }
    }

    /// A repeated row is found by its stages, kind and year, across files too, with the place
    /// of the first.
    @Test func repeatedLinkageRowsAreFoundAcrossFiles() throws {
        let manifest = Self.manifest(stages: 3).replacingOccurrences(of: "linkages = \"f.csv\"", with: "linkages = [\"f.csv\", \"g.csv\"]")
        let q = "stage,quantity,year,value,unit,source\n" + (1...3).map { "s\($0),output,2020,100,t,T\n" }.joined()
        let header = "from,to,year,kind,value,unit,source\n"
        let directory = try ChainFilesTests.write([
            "chain.toml": Data(manifest.utf8), "q.csv": Data(q.utf8),
            "f.csv": Data((header + "s1,s2,2020,flow,1,t,T\ns2,s1,2020,flow,,t,T\n").utf8),
            "g.csv": Data((header + "s1,s3,2020,flow,1,t,T\ns2,s1,2020,flow,2,t,T\n").utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let message = try ChainFilesTests.loadError(directory).replacingOccurrences(of: directory + "/", with: "")
        #expect(message == "g.csv:3:1: error: duplicate flow s2→s1 for 2020 (first given on f.csv:3)")
    }

    /// A store of linkage rows (its dictionary built on first use) answers as the store of
    /// their dictionary: every entry, the sparse ones, `has`, and the entries of a kind and
    /// year, also with a dense block beside them and when the dictionary is built first.
    @Test func linkageStoreOfRowsEqualsTheStoreOfTheirDictionary() {
        let provenance = Provenance(source: "T", note: "n", flags: [.suspect])
        var rows: [(key: LinkageKey, value: PublishedValue)] = []
        for (k, (from, to)) in [("a", "b"), ("b", "a"), ("a", "a"), ("c", "b")].enumerated() {
            for kind in LinkageKind.allCases {
                for year in [2019, 2020] where (k + year) % 2 == 0 || kind == .flow {
                    rows.append((LinkageKey(from: from, to: to, kind: kind, year: year),
                                 PublishedValue(value: Double(k) + 0.5, text: "\(k).5", unit: kind == .flow ? "t" : "1", provenance: provenance)))
                }
            }
        }
        let dictionary = Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0.value) })
        let block = DenseLinkages(kind: .backward, year: 2021, ids: ["a", "b"], values: [0.1, 0.2, 0.3, 0.4], texts: ["0.1", "0.2", "0.3", "0.4"],
                                  present: [true, false, true, true], unit: "1", provenance: provenance)
        func sorted(_ entries: [(key: LinkageKey, value: PublishedValue)]) -> [String] {
            entries.map { "\($0.key.label) \($0.value.text) \($0.value.unit)" }.sorted()
        }
        for dense in [[], [block]] {
            for buildFirst in [false, true] {
                let lazy = LinkageStore(rows: rows, dense: []), eager = LinkageStore(sparse: dictionary, dense: [])
                let lazyChain = LinkageStore(lazy, adding: dense), eagerChain = LinkageStore(eager, adding: dense)
                if buildFirst { _ = lazyChain.sparse }
                for kind in LinkageKind.allCases {
                    for year in [2019, 2020, 2021, 2022] {
                        #expect(lazyChain.has(kind, year: year) == eagerChain.has(kind, year: year))
                        #expect(sorted(lazyChain.entries(kind, year: year)) == sorted(eagerChain.entries(kind, year: year)))
                        #expect(sorted(lazyChain.sparseEntries(kind, year: year)) == sorted(eagerChain.sparseEntries(kind, year: year)))
                        let fromAll = eagerChain.all.filter { $0.key.kind == kind && $0.key.year == year }.map { ($0.key, $0.value) }
                        #expect(sorted(lazyChain.entries(kind, year: year)) == sorted(fromAll))
                    }
                    #expect(lazyChain.has(kind, year: nil) == eagerChain.has(kind, year: nil))
                }
                #expect(lazyChain.sparse == dictionary)
                #expect(lazyChain.all == eagerChain.all)
                #expect(lazyChain.all.count == dictionary.count + (dense.isEmpty ? 0 : 3))
            }
        }
    }

    /// The locator skips carriage returns inside lines (it reads lines as scalars without them):
    /// the same places as without. (A CRLF line end is one `Character`, which the locator's
    /// split at `\n` does not split: a CRLF manifest gets no places, as before.)
    @Test func manifestLocatorIgnoresCarriageReturns() {
        let text = Self.manifest(stages: 3) + "[wide]\n  file = \"w.csv\" # note\n"
        let lf = TOMLLocator(text), crlf = TOMLLocator(text.replacingOccurrences(of: "\n", with: "\n\r"))
        for (table, key) in [("chain", "name"), ("chain", "flow_unit"), ("files", "linkages"), ("units", "cost"),
                             ("stages#0", "id"), ("stages#2", "id"), ("wide", "file")] {
            #expect(lf.key(table, key) != nil, "\(table).\(key)")
            #expect(lf.key(table, key) == crlf.key(table, key), "\(table).\(key)")
            #expect(lf.value(table, key) == crlf.value(table, key), "\(table).\(key)")
        }
        for table in ["chain", "files", "units", "stages#1", "wide"] {
            #expect(lf.header(table) != nil && lf.header(table) == crlf.header(table), "\(table)")
        }
    }
}
