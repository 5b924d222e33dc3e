import Foundation
import Testing
import VMPCore
@testable import vmp

/// `:save` writes a script that replays the session exactly; its header names the dataset
/// and its checksum.
@Suite struct REPLSaveTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func sha256MatchesTheFIPSExamples() {
        #expect(Checksum.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Checksum.sha256Hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Checksum.sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // 55 and 64 bytes: the padding edges.
        #expect(Checksum.sha256Hex(Array(String(repeating: "a", count: 55).utf8)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(Checksum.sha256Hex(Array(String(repeating: "a", count: 64).utf8)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    /// The acceptance test of the issue: a session's results, saved and replayed with
    /// `vmp FILE`, print the same.
    @Test func aSavedSessionReplaysWithTheSameOutput() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let saved = directory.appendingPathComponent("session.vmp").path

        let repl = try InProcessREPL()
        repl.type([
            ":echo off",  // the echo is the REPL's; a script prints results alone
            "S3.cost[2019]",
            "let g = growth(S5.cost, 2015, 2022)",
            "fn share(s, y) = s.cost[y] / sum(present(cost[y]))",
            "share(S3, 2018)",
            "S3.cost[2018..2019]",
            "undefined_name + 1",  // fails: not saved, and prints nothing on standard output
            "for y in 2017..2018 {", "  print \"S2 in {y}: {S2.cost[y]}\"", "}",
            "let r = shock S2 by +10% in 2020",
            "r.S4",
            "-2^2",
            "ans * 10",
            ":source link(S2, S3)[2022]",
            ":save \(saved)",
        ])
        let sessionOutput = repl.capture.standardOutput.replacingOccurrences(of: "saved 11 inputs to \(saved)\n", with: "")
        #expect(repl.capture.standardOutput.hasSuffix("saved 11 inputs to \(saved)\n"))

        let replay = try VMPProcess.run([saved])
        #expect(replay.status == 0)
        #expect(replay.stderr == "")
        #expect(replay.stdout == sessionOutput)

        let text = try String(contentsOfFile: saved, encoding: .utf8)
        let checksum = SessionFile.checksum(of: try Chain.vanadium())
        #expect(text.hasPrefix("""
            # vmp session saved with :save. Replay: vmp \(saved)
            # dataset: vanadium — China's vanadium industry Material-Product (M-P) chain, 2015–2022
            # dataset-sha256: vanadium \(checksum)

            S3.cost[2019]
            let g = growth(S5.cost, 2015, 2022)
            """))
        #expect(!text.contains("undefined_name"))
        #expect(text.contains("for y in 2017..2018 {\n  print \"S2 in {y}: {S2.cost[y]}\"\n}\n"))
    }

    @Test func theChecksumIsOfTheDataNotOfTheFiles() throws {
        let vanadium = try Chain.vanadium()
        #expect(SessionFile.checksum(of: vanadium) == SessionFile.checksum(of: try Chain.vanadium()))
        #expect(SessionFile.checksum(of: vanadium).count == 64)
        #expect(SessionFile.checksum(of: vanadium) != SessionFile.checksum(of: vanadium.renamed("other")))
    }

    @Test func replayingOnOtherDataWarns() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("s.vmp")
        let zeros = String(repeating: "0", count: 64)
        try "# dataset-sha256: vanadium \(zeros)\nS3.cost[2019]\n".write(to: script, atomically: true, encoding: .utf8)
        let r = try VMPProcess.run([script.path])
        #expect(r.status == 0)
        #expect(r.stdout == "37.979 million RMB\n")
        #expect(r.stderr.hasPrefix("vmp: warning: \(script.path) was saved with other data for chain 'vanadium' (sha256 000000000000…, now "))

        try "# dataset-sha256: copper \(zeros)\n1\n".write(to: script, atomically: true, encoding: .utf8)
        let missing = try VMPProcess.run([script.path])
        #expect(missing.stderr == "vmp: warning: \(script.path) was saved with chain 'copper', which this session does not have (--chain PATH gives it)\n")
    }

    @Test func saveNeverReplacesWithoutTheBang() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kept.vmp").path
        try "precious\n".write(toFile: path, atomically: true, encoding: .utf8)
        let repl = try InProcessREPL()
        repl.type(["1 + 1", ":save \(path)"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
        repl.type([":save! \(path)"])
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("\n1 + 1\n"))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["kept.vmp"])
    }

    @Test func resetStartsTheSavedInputsAfresh() throws {
        let repl = try InProcessREPL()
        repl.type(["let a = 1", ":reset", "let b = 2"])
        #expect(repl.repl.savedInputs == ["let b = 2"])
    }

    @Test func theHeaderNamesTheChainFlag() throws {
        let text = SessionFile.text(inputs: ["1"], chain: try Chain.vanadium(), chainPath: "chains/demo", path: "s.vmp")
        #expect(text.hasPrefix("# vmp session saved with :save. Replay: vmp --chain chains/demo s.vmp\n"))
        #expect(SessionFile.stamp(of: text)?.chain == "vanadium")
    }

    @Test func loadReportsErrorsAndKeepsTheSession() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("bad.vmp")
        try "let loaded = 1\nlet oops = loaded / 0\n".write(to: script, atomically: true, encoding: .utf8)
        let repl = try InProcessREPL()
        let text = repl.type(["let kept = 7", ":load \(script.path)", "kept", "loaded"])
        #expect(text.contains("\(script.path):2:19: error: division by zero"))
        #expect(text.contains("vmp> kept\n7\n"))
        #expect(text.contains("unknown name 'loaded'"))
    }
}
