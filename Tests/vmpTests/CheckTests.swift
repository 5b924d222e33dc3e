import Foundation
import Testing

/// `vmp check FILE…`: parses and resolves names without running; every error of every file
/// with its position; exit 1 if any, 0 otherwise, 2 for a usage error.
@Suite struct CheckTests {
    static let broken = VMPProcess.root.appendingPathComponent("Tests/vmpTests/Broken")

    static var brokenScripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: broken.path)) ?? []).filter { $0.hasSuffix(".vmp") }.sorted()
    }

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: VMPProcess.root.appendingPathComponent("Scripts").path)) ?? [])
            .filter { $0.hasSuffix(".vmp") }.sorted()
    }

    @Test func everyScriptUnderScriptsPasses() throws {
        #expect(Self.scripts.count >= 3)
        let r = try VMPProcess.run(["check"] + Self.scripts.map { "Scripts/" + $0 })
        #expect(r.stderr == "")
        #expect(r.stdout == "")
        #expect(r.status == 0)
    }

    /// Each broken script reports exactly the diagnostics committed beside it (`NAME.err`).
    @Test(arguments: brokenScripts)
    func brokenScriptReportsEachError(file: String) throws {
        let path = "Tests/vmpTests/Broken/" + file
        let expected = try String(contentsOf: VMPProcess.root.appendingPathComponent(String(path.dropLast(4)) + ".err"), encoding: .utf8)
        let r = try VMPProcess.run(["check", path])
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr == expected)
    }

    @Test func everyFileIsCheckedAndEveryErrorReported() throws {
        let files = ["Tests/vmpTests/Broken/unknown-names.vmp", "Scripts/paper.vmp", "Tests/vmpTests/Broken/several-errors.vmp"]
        let r = try VMPProcess.run(["check"] + files)
        let expected = try ["unknown-names", "several-errors"].map {
            try String(contentsOf: Self.broken.appendingPathComponent("\($0).err"), encoding: .utf8)
        }.joined()
        #expect(r.status == 1)
        #expect(r.stderr == expected)
    }

    @Test func usageAndUnreadableFiles() throws {
        #expect(try VMPProcess.run(["check"]).status == 2)
        #expect(try VMPProcess.run(["check", "--no-such-flag", "Scripts/paper.vmp"]).status == 2)
        let help = try VMPProcess.run(["check", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: vmp check [<files> ...]"))
        let missing = try VMPProcess.run(["check", "no/such.vmp", "Scripts/paper.vmp"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "vmp: error: cannot read 'no/such.vmp': no such file\n")
    }

    @Test func checkUsesTheChainGivenWithChain() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-check-\(UUID().uuidString).vmp")
        defer { try? FileManager.default.removeItem(at: script) }
        try "钒钢.output[2020]\nore.cost\n".write(to: script, atomically: true, encoding: .utf8)
        let good = try VMPProcess.run(["check", "--chain", "Tests/VMPCoreTests/Fixtures/chains/good", script.path])
        #expect(good.status == 0, "\(good.stderr)")
        let vanadium = try VMPProcess.run(["check", script.path])
        #expect(vanadium.status == 1)
        #expect(vanadium.stderr.contains("unknown name '钒钢'"))
    }

    @Test func colourOnlyWhenAskedForInAPipe() throws {
        let plain = try VMPProcess.run(["check", "Tests/vmpTests/Broken/unknown-names.vmp"])
        #expect(!plain.stderr.contains("\u{1B}["))
        let coloured = try VMPProcess.run(["check", "--color=always", "Tests/vmpTests/Broken/unknown-names.vmp"])
        #expect(coloured.stderr.contains("\u{1B}[1;31merror\u{1B}[0m"))
    }

    /// `check` is a command only as the first argument: a script named `check.vmp` runs.
    @Test func aScriptNamedCheckStillRuns() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "print \"ran check.vmp\"\n".write(to: directory.appendingPathComponent("check.vmp"), atomically: true, encoding: .utf8)
        try "print \"ran check\"\n".write(to: directory.appendingPathComponent("check"), atomically: true, encoding: .utf8)
        for (arguments, expected) in [(["check.vmp"], "ran check.vmp\n"), (["./check"], "ran check\n")] {
            let process = Process()
            process.executableURL = VMPProcess.binary
            process.arguments = arguments
            process.currentDirectoryURL = directory
            let out = Pipe()
            process.standardOutput = out
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(String(decoding: data, as: UTF8.self) == expected)
        }
    }
}
