import Foundation
import Testing
@testable import VMPCore

/// The chain family of built-ins: `years` and `stages`, of the session's chain and of a loaded one.
@Suite struct ChainFamilyTests {
    @Test func stagesInChainOrder() throws {
        let h = try Harness()
        #expect(h.run("stages") == "[S1, S2, S3, S4, S5]")
        #expect(h.run("count(stages)") == "5")
        #expect(h.run("stages[3].name") == "chemical separation and intermediates")
        #expect(h.run("stages[1] == S1") == "true")
        #expect(h.run("for s in stages { print \"{s}: {s.cost[2018]}\" }") == """
            S1: NA
            S2: 25.109 million RMB
            S3: 16.166 million RMB
            S4: 40.979 million RMB
            S5: NA
            """)
        #expect(h.run("stages(1)").contains("stages takes 0 arguments, given 1"))
        // A value built-in named in a call is called (audit(5%) was "a string cannot be called").
        #expect(h.run("audit(5%)").contains("Mass balances that miss by more than 5% of inputs"))
        #expect(h.run("let stages = 1").contains("'stages' is a built-in function and cannot be rebound"))
    }

    @Test func stagesOfALoadedChain() throws {
        let h = try Harness()
        _ = h.run("load \"\(packageRoot.path)/Scripts/chains/copper\" as cu")
        #expect(h.run("count(cu.stages)") == "6")
        #expect(h.run("cu.stages[1] == cu.mining") == "true")
        #expect(h.run("cu.years") == h.run("print \"{cu.years}\""))
    }

    @Test func yearsAsARange() throws {
        let h = try Harness()
        #expect(h.run("years") == "2015..2022")
        #expect(h.run("let n = 0\nfor y in years { let n = n + 1 }\nn") == "8")
    }
}
