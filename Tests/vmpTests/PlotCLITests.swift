import Foundation
import Testing

/// Pictures end to end: plots in a pipe are plain text, `Scripts/figures.vmp` writes seven SVG
/// files that `xmllint` accepts and `rsvg-convert` renders to 720×440 PNGs that are not blank,
/// chain diagrams of the built-in chain and of the copper example render, and the figure in
/// `docs/` is what the script writes today. Needs `librsvg2-bin` and `libxml2-utils`
/// (`Scripts/install-system-packages`).
@Suite(.serialized) struct PlotCLITests {
    /// The path of the program `name` on PATH, or `nil`.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `tool` with `arguments`; its exit status and standard error.
    static func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-plots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian), after checking the signature.
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data)
        guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
        func be(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    /// Checks `svg` with xmllint and renders it with rsvg-convert; the PNG must be 720×440 and
    /// (compressed) at least four times the size of a blank white 720×440 render, which a
    /// picture of one colour is not.
    func expectRenders(_ svg: URL, in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let xmllint = Self.tool("xmllint"), let rsvg = Self.tool("rsvg-convert") else {
            Issue.record("xmllint and rsvg-convert are needed: run Scripts/install-system-packages", sourceLocation: sourceLocation)
            return
        }
        let (lint, lintErr) = try Self.run(xmllint, ["--noout", svg.path])
        #expect(lint == 0, "xmllint \(svg.lastPathComponent): \(lintErr)", sourceLocation: sourceLocation)
        let blankSVG = dir.appendingPathComponent("blank.svg"), blankPNG = dir.appendingPathComponent("blank.png")
        try ##"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="720" height="440"><rect width="720" height="440" fill="#FFFFFF"/></svg>"##
            .write(to: blankSVG, atomically: true, encoding: .utf8)
        _ = try Self.run(rsvg, ["-o", blankPNG.path, blankSVG.path])
        let png = svg.deletingPathExtension().appendingPathExtension("png")
        let (status, message) = try Self.run(rsvg, ["-o", png.path, svg.path])
        #expect(status == 0, "rsvg-convert \(svg.lastPathComponent): \(message)", sourceLocation: sourceLocation)
        let data = try Data(contentsOf: png), blank = try Data(contentsOf: blankPNG)
        let size = Self.pngSize(data)
        #expect(size?.0 == 720 && size?.1 == 440, "\(png.lastPathComponent) is \(String(describing: size))", sourceLocation: sourceLocation)
        #expect(data.count > 4 * blank.count, "\(png.lastPathComponent): \(data.count) bytes against \(blank.count) for a blank picture", sourceLocation: sourceLocation)
    }

    @Test func plotsInAPipeArePlainText() throws {
        let result = try VMPProcess.run(["-e", "plot link()", "-e", "plot cost[2018]", "-e", "plot L[2020]", "-e", "plot chain 2020",
                                         "-e", "print sparkline(S2.cost)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}"), "an escape byte in a pipe")
        let widths = result.stdout.components(separatedBy: "\n").map(\.count)
        #expect(widths.max() ?? 0 <= 80 && widths.max() ?? 0 > 70, "80 columns in a pipe")
        let wide = try VMPProcess.run(["--width", "120", "-e", "plot link()"])
        #expect((wide.stdout.components(separatedBy: "\n").map(\.count).max() ?? 0) > 100)
        let bad = try VMPProcess.run(["--width", "1000000000", "-e", "plot link()"])
        #expect(bad.status == 2 && bad.stderr.contains("--width must be between 40 and 400"))
    }

    @Test func figuresScriptWritesSevenFiguresThatRender() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try VMPProcess.run(["Scripts/figures.vmp", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let titles = [
            "Fig. S1. Bar Chart of Unit Time Output in the Product Stage",
            "Fig. S2. Import and Export Volumes of Products",
            "Fig. S3. Import and Export Volumes at Each Stage",
            "Fig. S4. Cost at Each Production Stage",
            "Fig. S5. Carbon Emission Intensity at Each Stage",
            "Fig. S6. Intra-industry forward linkages",
            "Fig. S7. Intra-industry backward linkages",
        ]
        for (n, title) in zip(1...7, titles) {
            let svg = dir.appendingPathComponent("fig-s\(n).svg")
            let text = try String(contentsOf: svg, encoding: .utf8)
            #expect(text.contains("<title>\(title)"), "fig-s\(n).svg: its title")
            try expectRenders(svg, in: dir)
        }
        // A second run replaces the files (the script says overwrite) with the same bytes.
        let first = try Data(contentsOf: dir.appendingPathComponent("fig-s4.svg"))
        #expect(try VMPProcess.run(["Scripts/figures.vmp", dir.path]).status == 0)
        let second = try Data(contentsOf: dir.appendingPathComponent("fig-s4.svg"))
        #expect(first == second)
    }

    /// `docs/fig-s6.svg`, shown in README, is what `Scripts/figures.vmp` writes now. If this
    /// fails, regenerate: `swift run vmp Scripts/figures.vmp /tmp/figs && cp /tmp/figs/fig-s6.svg docs/`.
    @Test func readmeFigureIsCurrent() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try VMPProcess.run(["Scripts/figures.vmp", dir.path]).status == 0)
        let fresh = try Data(contentsOf: dir.appendingPathComponent("fig-s6.svg"))
        let committed = try Data(contentsOf: VMPProcess.root.appendingPathComponent("docs/fig-s6.svg"))
        #expect(fresh == committed, "docs/fig-s6.svg is stale: regenerate it with Scripts/figures.vmp")
        let readme = try String(contentsOf: VMPProcess.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("](docs/fig-s6.svg)"))
    }

    @Test func chainDiagramsRender() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let vanadium = dir.appendingPathComponent("vanadium.svg"), copper = dir.appendingPathComponent("copper.svg")
        let a = try VMPProcess.run(["-e", "plot chain 2020 to \"\(vanadium.path)\""])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try VMPProcess.run(["--chain", "Scripts/chains/copper", "-e", "plot chain 2020 to \"\(copper.path)\""])
        #expect(b.status == 0, "\(b.stderr)")
        try expectRenders(vanadium, in: dir)
        try expectRenders(copper, in: dir)
        let text = try String(contentsOf: copper, encoding: .utf8)
        #expect(text.contains("band width ∝ flow (kt)"), "copper has flows: a Sankey diagram")
        // Writing again without overwrite is refused, like export.
        let again = try VMPProcess.run(["-e", "plot chain 2020 to \"\(vanadium.path)\""])
        #expect(again.status == 1 && again.stderr.contains("already exists; add 'overwrite' to replace it"))
    }
}
