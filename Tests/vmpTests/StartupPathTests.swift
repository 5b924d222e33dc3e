import Foundation
import Testing
import VMPCore
@testable import vmp

/// What start-up no longer does, and that nothing shows it: `build-info` is searched for only
/// when `--version` is asked for, and the built-in chain's generated form is dumped by
/// `vmp --dump-builtin-chain` exactly as committed.
@Suite struct StartupPathTests {
    @Test func theVersionLineIsReadOnlyForVersion() {
        #expect(BuildInfo.configurationVersion(arguments: ["vmp", "-e", "S3.cost[2019]"]) == "vmp 0.1.0")
        #expect(BuildInfo.configurationVersion(arguments: ["vmp"]) == "vmp 0.1.0")
        // The program's own name is not an argument.
        #expect(BuildInfo.configurationVersion(arguments: ["--version"]) == "vmp 0.1.0")
        #expect(BuildInfo.configurationVersion(arguments: ["vmp", "--version"]) == BuildInfo.versionLine())
        #expect(BuildInfo.configurationVersion(arguments: ["vmp", "-e", "1", "--version"]) == BuildInfo.versionLine())
        #expect(BuildInfo.configurationVersion(arguments: ["vmp", "--version=x"]) == BuildInfo.versionLine())
    }

    /// `--version` anywhere prints the full line, and help and completions still offer it.
    @Test func versionAndHelpAreUnchanged() throws {
        let line = "vmp 0.1.0 (built from a checkout; commit unknown)\n"
        #expect(try VMPProcess.run(["--version"]).stdout == line)
        #expect(try VMPProcess.run(["-e", "1", "--version"]).stdout == line)
        #expect(try VMPProcess.run(["--precision", "3", "--version"]).stdout == line)
        let help = try VMPProcess.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--version"))
        let completion = try VMPProcess.run(["--generate-completion-script", "bash"])
        #expect(completion.stdout.contains("--version"))
    }

    /// Regenerate with `swift run vmp --dump-builtin-chain > Sources/VMPCore/Chain/BuiltInChainData.swift`.
    @Test func dumpedBuiltInChainIsTheCommittedFile() throws {
        let committed = try String(contentsOf: VMPProcess.root.appendingPathComponent("Sources/VMPCore/Chain/BuiltInChainData.swift"),
                                   encoding: .utf8)
        let dumped = try VMPProcess.run(["--dump-builtin-chain"])
        #expect(dumped.status == 0)
        #expect(dumped.stderr == "")
        #expect(dumped.stdout == committed)
    }
}
