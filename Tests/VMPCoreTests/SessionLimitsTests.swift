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

    /// A user function whose body is a long chain of operators with the recursive call as its
    /// deepest operand: 200 nested calls of 5,000 (or 10,000) operators each need more than the
    /// session's 512 MiB stack. That crashed vmp (a new user's trial found it); now the call that
    /// would leave too little stack is a limit diagnostic, compiled or tree-walked, and the
    /// session goes on. Written the other way round (`1 + … + f(n-1)`) it needs little stack.
    /// (The tree-walking evaluator of a debug build needs about 14 KB of stack per operator and
    /// is not run at 10,000: see VMP_STACK_RESERVE.)
    @Test(arguments: [(true, 5000), (false, 5000), (true, 10_000)])
    func deepCallsOfLongExpressionsEndInADiagnostic(compiled: Bool, operators: Int) throws {
        let h = try Harness()
        h.session.usesCompiledCode = compiled
        let ones = Array(repeating: "1", count: operators).joined(separator: " + ")
        #expect(h.run("fn f(n) = if n == 0 then 0 else f(n-1) + \(ones)") == "")
        let outcome = h.session.run("f(199)") { _ in }
        #expect(outcome.diagnostics.map(\.kind) == [.limit])
        #expect(outcome.diagnostics.first?.message.hasPrefix("recursion is too deep for the stack (") == true)
        #expect(h.run("f(3)") == "\(3 * operators)")
        let fewer = Array(repeating: "1", count: operators / 2).joined(separator: " + ")
        #expect(h.run("fn g(n) = if n == 0 then 0 else \(fewer) + g(n-1)\ng(199)") == "\(199 * (operators / 2))")
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
