import Foundation
import Testing

/// `--max-steps N` (issue 10 §1): every statement, round of a loop and call of a user function
/// is a step; an input that runs out ends in a diagnostic with exit 1, each input has its own
/// budget, and without the flag there is no limit.
@Suite struct StepBudgetTests {
    let hint = "  hint: each statement, round of a loop and function call is a step; --max-steps sets the budget\n"

    @Test func endlessLoopEndsInADiagnosticAtOnce() throws {
        let started = Date()
        let r = try VMPProcess.run(["--max-steps", "1000", "-e", "for i in 0..100000000 { }"])
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr == """
            -e#1:1:1: error: evaluation budget of 1000 steps exhausted
              for i in 0..100000000 { }
              ^~~~~~~~~~~~~~~~~~~~~~~~~

            """ + hint)
    }

    @Test func statementsAreSteps() throws {
        let enough = try VMPProcess.run(["--max-steps", "3", "-e", "print 1; print 2; print 3"])
        #expect(enough.status == 0)
        #expect(enough.stdout == "1\n2\n3\n")
        let short = try VMPProcess.run(["--max-steps", "2", "-e", "print 1; print 2; print 3"])
        #expect(short.status == 1)
        #expect(short.stdout == "1\n2\n")
        #expect(short.stderr == """
            -e#1:1:19: error: evaluation budget of 2 steps exhausted
              print 1; print 2; print 3
                                ^~~~~~~

            """ + hint)
    }

    @Test func callsAreSteps() throws {
        // The fn statement, the expression statement and eleven calls: 13 steps.
        let source = "fn f(n) = if n == 0 then 0 else f(n - 1)\nf(10)"
        #expect(try VMPProcess.run(["--max-steps", "13", "-e", source]).stdout == "0\n")
        let r = try VMPProcess.run(["--max-steps", "12", "-e", source])
        #expect(r.status == 1)
        #expect(r.stderr == """
            -e#1:2:1: error: evaluation budget of 12 steps exhausted
              f(10)
              ^~~~~

            """ + hint)
    }

    @Test func eachInputHasItsOwnBudget() throws {
        let r = try VMPProcess.run(["--max-steps", "2", "-e", "print 1; print 2", "-e", "print 3; print 4"])
        #expect(r.status == 0)
        #expect(r.stdout == "1\n2\n3\n4\n")
    }

    @Test func scriptsAndStandardInput() throws {
        let source = "let s = 0\nfor i in 1..10 { let s = s + i }\nprint s\n"
        // 1 let, 1 for, 10 rounds with one statement each, 1 print: 23 steps.
        #expect(try VMPProcess.run(["--max-steps", "23"], stdin: Data(source.utf8)).stdout == "55\n")
        let r = try VMPProcess.run(["--max-steps", "22"], stdin: Data(source.utf8))
        #expect(r.status == 1)
        #expect(r.stderr == """
            <stdin>:3:1: error: evaluation budget of 22 steps exhausted
              print s
              ^~~~~~~

            """ + hint)
        // No flag: no limit.
        #expect(try VMPProcess.run([], stdin: Data("let s = 0\nfor i in 1..100000 { let s = s + 1 }\nprint s\n".utf8)).stdout == "100000\n")
    }

    @Test func budgetMustBePositive() throws {
        for value in ["--max-steps=0", "--max-steps=-5"] {
            let r = try VMPProcess.run([value, "-e", "1"])
            #expect(r.status == 2)
            #expect(r.stderr.hasPrefix("Error: --max-steps must be at least 1\n"), "\(r.stderr)")
        }
    }
}
