import Foundation
import Testing
@testable import VMPCore

/// The session's step budget and file switch, as the fuzz target uses them.
@Suite struct SessionLimitsTests {
    @Test func stepBudgetEndsALongLoop() throws {
        let h = try Harness()
        h.session.maxSteps = 100
        #expect(h.run("for i in 0..100000000 { }") == """
            t:1:1: error: evaluation budget of 100 steps exhausted
              for i in 0..100000000 { }
              ^~~~~~~~~~~~~~~~~~~~~~~~~
              hint: each statement, round of a loop and function call is a step; --max-steps sets the budget
            """)
        // The failed input changed nothing, and the next input has a fresh budget.
        #expect(h.run("let x = 1 t\nfor i in 1..40 { let x = x + 1 t }\nx") == "41 t")
        #expect(h.diagnostics("for i in 1..1000 { }").first?.kind == .limit)
    }

    @Test func budgetOfOneStep() throws {
        let h = try Harness()
        h.session.maxSteps = 1
        #expect(h.run("1 t") == "1 t")
        #expect(h.run("1 t; 2 t").hasPrefix("1 t\nt:1:6: error: evaluation budget of 1 step exhausted"))
    }

    @Test func noFileAccessMakesLoadAndExportDiagnostics() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-nofiles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = try Harness()
        h.session.allowsFileAccess = false
        let target = dir.appendingPathComponent("x.csv").path
        #expect(h.run("export S3.cost to \"\(target)\"") == """
            t:1:19: error: export is disabled: this session does not read or write files
              export S3.cost to "\(target)"
                                ^\(String(repeating: "~", count: target.count + 1))
            """)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        let manifest = packageRoot.appendingPathComponent("Scripts/chains/copper").path
        #expect(h.run("load \"\(manifest)\" as copper") == """
            t:1:6: error: load is disabled: this session does not read or write files
              load "\(manifest)" as copper
                   ^\(String(repeating: "~", count: manifest.count + 1))
            """)
    }
}
