import Foundation
import Testing

/// Tables as analysts have them on the command line: `vmp check --chain` shows the derived stage
/// ids, `--year` loads a table without one, and a script writes where it reads (its directory).
@Suite struct TablesCLITests {
    @Test func checkWithTheChainAloneListsDerivedIDs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-tables-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[chain]\nname = \"t\"\nyear = 2019\nflow_unit = \"1\"\n\n[wide]\nfile = \"t.csv\"\nsource = \"test\"\ntotal_output = \"x\"\n"
            .write(toFile: dir + "/chain.toml", atomically: true, encoding: .utf8)
        try "s,Électricité et gaz,L,x\nÉlectricité et gaz,1,2,10\nL,3,4,20\n".write(toFile: dir + "/t.csv", atomically: true, encoding: .utf8)
        let r = try VMPProcess.run(["check", "--chain", dir])
        #expect(r.status == 0)
        #expect(r.stdout == "\(dir): chain t, 2 stages, 2019: loads without errors\nnote: stage ids derived from the names in t.csv: \"Électricité et gaz\" → Electricite_et_gaz, \"L\" → L_\n")
        let ids = try VMPProcess.run(["--chain", dir, "-e", "Electricite_et_gaz.name", "-e", "L_.output[2019]"])
        #expect(ids.stdout == "Électricité et gaz\n20\n")
    }

    @Test func aPymrioFolderNeedsAYearAndTakesTheFlag() throws {
        let folder = "Tests/VMPCoreTests/Fixtures/pymrio/testmrio"
        let without = try VMPProcess.run(["--chain", folder, "-e", "1"])
        #expect(without.status == 1)
        #expect(without.stderr.contains("a pymrio folder has no year"))
        let with = try VMPProcess.run(["--chain", folder, "--year", "2019", "-e", "reg2_food.name"])
        #expect(with.stdout == "reg2 / food\n")
    }

    /// `export` and `plot … to` in a script write relative to the script's directory, as `load` reads.
    @Test func scriptExportsBesideItself() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-tables-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "export S3.cost[2019] to \"cost.csv\"\nplot cost[2018] to \"cost.svg\"\n".write(toFile: dir + "/sub/run.vmp", atomically: true, encoding: .utf8)
        let r = try VMPProcess.run([dir + "/sub/run.vmp"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/sub/cost.csv"))
        #expect(FileManager.default.fileExists(atPath: dir + "/sub/cost.svg"))
        #expect(!FileManager.default.fileExists(atPath: "cost.csv"))
    }
}
