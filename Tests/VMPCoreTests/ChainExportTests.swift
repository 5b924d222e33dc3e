import Foundation
import Testing
@testable import VMPCore

/// `export`: every kind of value to CSV, JSON and Markdown; atomic writes; no overwrite without
/// `overwrite`; chains to directories that load back equal.
@Suite struct ChainExportTests {
    /// A harness and a temporary directory for its files.
    func setUp() throws -> (Harness, String) {
        (try Harness(), try ChainFilesTests.temporaryDirectory())
    }

    func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    func json(_ path: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require(object as? [String: Any])
    }

    @Test func quantityAndSeries() throws {
        let (h, dir) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(h.run("export S3.cost[2019] to \"\(dir)/q.csv\"") == "")
        #expect(try read("\(dir)/q.csv") == "value,unit\n37.979,million RMB\n")
        #expect(h.run("export S3.cost[2019] to \"\(dir)/q.json\"") == "")
        let q = try json("\(dir)/q.json")
        #expect(q["type"] as? String == "quantity")
        #expect(q["value"] as? Double == 37.979)
        #expect(q["unit"] as? String == "million RMB")
        let sources = try #require(q["sources"] as? [[String: Any]])
        #expect(sources.first?["source"] as? String == "§4.2")
        #expect(sources.first?["label"] as? String == "S3.cost[2019]")

        #expect(h.run("export S3.cost to \"\(dir)/s.csv\"") == "")
        #expect(try read("\(dir)/s.csv") == """
            year,value,unit
            2015,,
            2016,,
            2017,,
            2018,16.166,million RMB
            2019,37.979,million RMB
            2020,,
            2021,,
            2022,,

            """)
        #expect(h.run("export S3.cost to \"\(dir)/s.md\"") == "")
        #expect(try read("\(dir)/s.md").contains("| 2019 | 37.979 |"))
        #expect(try read("\(dir)/s.md").hasPrefix("| year | S3.cost (million RMB) |\n|---|---:|\n"))
        #expect(h.run("export cost[2018] to \"\(dir)/v.json\"") == "")
        let v = try json("\(dir)/v.json")
        #expect(v["type"] as? String == "vector" && v["key"] as? String == "stage")
        let items = try #require(v["items"] as? [[String: Any]])
        #expect(items.count == 5 && items[0]["value"] is NSNull && items[1]["value"] as? Double == 25.109)
    }

    @Test func tablesMatricesResponsesTracesAndText() throws {
        let (h, dir) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for statement in [
            "export link() to \"\(dir)/t1.csv\"", "export L[2015] to \"\(dir)/l.csv\"",
            "export shock S2 by +10% in 2020 to \"\(dir)/r.json\"", "export shock S2 by +10% in 2020 to \"\(dir)/r.csv\"",
            "export trace(shock S1 by +10% in 2015, 3) to \"\(dir)/trace.md\"", "export audit to \"\(dir)/audit.md\"",
            "export \"plain text\" to \"\(dir)/text.json\"", "export responses() to \"\(dir)/s3.json\"",
        ] {
            #expect(h.run(statement) == "", "\(statement)")
        }
        let t1 = try read("\(dir)/t1.csv")
        #expect(t1.hasPrefix("year,S1-S2,S2-S3,S3-S4,S4-S5,S5-S2\n2015,0.042,0.065,0.042,0.103,0.00133\n"), "\(t1)")
        let l = try read("\(dir)/l.csv").split(separator: "\n")
        #expect(l[0] == "supplier,S1,S2,S3,S4,S5")
        #expect(l[2].hasPrefix("S2,0,1.00000007004"), "\(l)")  // full precision
        let r = try json("\(dir)/r.json")
        #expect(r["type"] as? String == "response" && r["unit"] as? String == "%" && r["year"] as? Int == 2020)
        let stages = try #require(r["stages"] as? [[String: Any]])
        #expect(stages[1]["stage"] as? String == "S2" && stages[1]["direct"] as? Double == 10)
        // Plain headings; the one unit of every number (%: no absolute output without S2.unit_output) in a column of its own.
        #expect(try read("\(dir)/r.csv").hasPrefix("stage,total,direct,first_round,indirect,output,cost,emissions,unit\nS1,0,0,0,0,,,,%\nS2,10.00003846693997,10,0,3.846693996945039e-05,,,,%\n"))
        let trace = try read("\(dir)/trace.md")
        #expect(trace.hasPrefix("**Trace of the push shock S1 by +10% in 2015, round by round (% of S1's unit-time output)**"), "\(trace)")
        #expect(trace.contains("| exact |"))
        #expect(try read("\(dir)/audit.md").hasPrefix("```\nAudit of chain vanadium"))
        #expect(try json("\(dir)/text.json")["value"] as? String == "plain text")
        let s3 = try json("\(dir)/s3.json")
        #expect((s3["sources"] as? [Any])?.count == 15)
        #expect((s3["column_titles"] as? [String])?.first == "unit-time production*")
    }

    @Test func existingFilesNeedOverwrite() throws {
        let (h, dir) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/out.csv"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: path))
        let refused = h.run("export cost to \"\(path)\"")
        #expect(refused.contains("error: \"\(path)\" already exists; add 'overwrite' to replace it"), "\(refused)")
        #expect(refused.contains("hint: export … to \"\(path)\" overwrite"))
        #expect(try read(path) == "keep me\n")
        #expect(h.run("export cost to \"\(path)\" overwrite") == "")
        #expect(try read(path).hasPrefix("year,S1,S2,S3,S4,S5,unit\n2015,0.013,,,,3.836,million RMB\n"))
        // Nothing but the file is left behind: the temporary file was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
    }

    @Test func atomicWritesLeaveWholeFilesOrNone() throws {
        let dir = try ChainFilesTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let big = String(repeating: "0123456789,", count: 200_000)
        try AtomicFile.write(big, to: "\(dir)/a.txt", overwrite: false)
        #expect(try read("\(dir)/a.txt") == big)
        #expect(throws: WriteError.exists("\(dir)/a.txt")) { try AtomicFile.write("x", to: "\(dir)/a.txt", overwrite: false) }
        #expect(try read("\(dir)/a.txt") == big)
        try AtomicFile.write("small", to: "\(dir)/a.txt", overwrite: true)
        #expect(try read("\(dir)/a.txt") == "small")
        #expect(throws: WriteError.noDirectory("\(dir)/missing")) { try AtomicFile.write("x", to: "\(dir)/missing/a.txt", overwrite: true) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.txt"])

        // Readers racing a writer see the old file or the new one, never a mix.
        let old = String(repeating: "a", count: 300_000), new = String(repeating: "b", count: 300_000)
        try AtomicFile.write(old, to: "\(dir)/race.txt", overwrite: true)
        let writer = Thread {
            for i in 0..<40 { try? AtomicFile.write(i % 2 == 0 ? new : old, to: "\(dir)/race.txt", overwrite: true) }
        }
        writer.start()
        var seen = Set<Int>()
        while writer.isExecuting {
            if let text = try? read("\(dir)/race.txt") {
                seen.insert(text == old ? 0 : text == new ? 1 : 2)
            }
        }
        #expect(!seen.contains(2), "a reader saw a partly written file")
    }

    @Test func badTargetsAreRefused() throws {
        let (h, dir) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(h.run("export cost to \"\(dir)/cost.txt\"").contains("unknown file type '.txt': export writes a value to a .csv, .json or .md file"))
        #expect(h.run("export cost to \"\(dir)/nowhere/cost.csv\"").contains("directory \"\(dir)/nowhere\" does not exist"))
        #expect(h.run("export link to \"\(dir)/f.csv\"").contains("a function cannot be exported"))
        #expect(h.run("export vanadium to \"\(dir)/v.json\"").contains("a chain is exported to a directory, not to a .json file"))
        #expect(h.run("export cost to \"\(dir)/\"").contains("a directory is for a chain"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    /// `export CHAIN to "dir/"` loads back equal, for the built-in chain, the fixture and the copper example.
    @Test(arguments: ["vanadium", "good", "copper"])
    func chainRoundTrip(which: String) throws {
        let (h, dir) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original: Chain
        switch which {
        case "vanadium":
            original = try Chain.vanadium()
        case "good":
            original = try Chain.load(manifest: ChainFilesTests.good, name: "li")
            #expect(h.run("load \"\(ChainFilesTests.good)\" as li") == "")
        default:
            original = try Chain.load(manifest: packageRoot.appendingPathComponent("Scripts/chains/copper").path, name: "li")
            #expect(h.run("load \"\(packageRoot.appendingPathComponent("Scripts/chains/copper").path)\" as li") == "")
        }
        let name = which == "vanadium" ? "vanadium" : "li"
        #expect(h.run("export \(name) to \"\(dir)/copy/\"") == "")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["copy"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/copy")) == ["chain.toml", "quantities.csv", "linkages.csv"])
        let copy = try Chain.load(manifest: "\(dir)/copy")
        #expect(copy == original)
        #expect(copy.identity != original.identity)
        // Again into the same directory: refused, then replaced with overwrite.
        #expect(h.run("export \(name) to \"\(dir)/copy\"").contains("\"\(dir)/copy/chain.toml\" already exists"))
        #expect(h.run("export \(name) to \"\(dir)/copy\" overwrite") == "")
        #expect(try Chain.load(manifest: "\(dir)/copy/chain.toml") == original)
    }

    @Test func outputStylesForTheCommandLine() throws {
        let json = Formatter(style: .json)
        let h = try Harness()
        _ = h.run("1")
        #expect(json.display(.quantity(Quantity(2020))) == "{\"type\":\"quantity\",\"value\":2020,\"unit\":\"\",\"sources\":[]}")
        #expect(json.display(.string("a \"b\"\n")) == "{\"type\":\"string\",\"value\":\"a \\\"b\\\"\\n\"}")
        #expect(json.display(.na("S1.cost[2016] is not published")) == "{\"type\":\"na\",\"value\":null,\"reason\":\"S1.cost[2016] is not published\"}")
        // Each result is one CSV document ended by a blank line, so results printed one after
        // another stay apart.
        #expect(Formatter(style: .csv).display(.bool(true)) == "value\ntrue\n")
        #expect(Formatter(style: .csv).display(.string("a, b")) == "value\n\"a, b\"\n")
        #expect(Formatter().display(.quantity(Quantity(1.5))) == "1.5")
        #expect(JSON.number(1e-7).text(pretty: false) == "1e-07")
        #expect(JSON.number(.nan).text(pretty: false) == "null")
    }
}

/// Exporting a chain again into its directory: the hint repeats the directory, which works.
@Suite struct ChainExportHintTests {
    @Test func overwriteHintNamesTheDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-hint-\(UUID().uuidString)").path + "/"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = try Harness()
        #expect(h.run("export vanadium to \"\(dir)\"") == "")
        #expect(h.run("export vanadium to \"\(dir)\"").contains("hint: export … to \"\(dir)\" overwrite"))
        #expect(h.run("export vanadium to \"\(dir)\" overwrite") == "")
    }
}
