import Testing
@testable import VMPCore

/// The model as the language exposes it: matrices, total linkages, shocks, traces, audit.
@Suite struct ModelLanguageTests {
    @Test func publishedMatricesKeepTheirPrintedDigits() throws {
        let out = try Harness().run("A[2016]")
        #expect(out.contains("S5      0  0.00110      0      0      0"), "\(out)")
        #expect(try Harness().run("B(2015)").hasPrefix("B[2015]: allocation coefficients"))
    }

    @Test(arguments: [
        ("L[2015].S2", "0.0400000028016", "S3"),    // l_23 = a_23, plus the loop S2→S3→S4→S5→S2 (long results show 12 digits)
        ("G[2015].S1", "0.00273000102097", "S3"), // g_13 = b_12 b_23 = 0.042 × 0.065, plus the loop
    ])
    func inverseElements(source: String, expected: String, column: String) throws {
        let out = try Harness().run("let m = \(source)\nm[\"\(column)\"]")
        #expect(out == expected)
    }

    /// Rows are the supplying stage i: M[year][Si][Sj] is m_ij, and labels read back the same way.
    @Test func matrixIndexingIsRowThenColumn() throws {
        let h = try Harness()
        #expect(h.run("B[2020][S1][S2]") == "0.053")
        #expect(h.run("B[2020][S2][S1]") == "0")
        #expect(h.run("L[2015][S2][S3]") == "0.0400000028016")
        #expect(h.run(":source B[2020][S1][S2]") == "B[2020][S1][S2] = 0.053  (Table S1)\n    note: column \"S1 drives S2\"")
    }

    @Test func modelResultsNameTheirPublishedSources() throws {
        let h = try Harness()
        let l = h.run(":source L[2015]")
        #expect(l.contains("pull(S3, S2)[2015] = 0.040  (Table S2)"), "\(l)")
        #expect(!l.contains("Table S1"))
        let r = h.run(":source shock S2 by +10% in 2020")
        #expect(r.contains("link(S2, S3)[2020] = 0.130  (Table S1)"), "\(r)")
        #expect(h.run(":source forward_linkage(2020)").contains("(Table S1)"))
        #expect(h.run(":source trace(shock S2 by 1 t/day in 2020 pull, 2)").contains("(Table S2)"))
    }

    @Test func overflowInAShockIsAnError() throws {
        let h = try Harness()
        #expect(h.run("shock S4 by +1e308% in 2020").contains("error: the shock is too large"))
        #expect(h.run("shock S2 by 10 in 2020").contains("a shock size of 10 is 1000% of S2's unit-time output"))
        #expect(h.run("shock S2 by 0.1 in 2020").hasPrefix("Push shock S2 by +10%"))
    }

    @Test func totalLinkagesAreInverseElements() throws {
        let h = try Harness()
        #expect(h.run("pull(S4, S3, total)[2015]") == "0.025000001751")  // l_34 with the loop through S5→S2
        #expect(h.run("link(S1, S3, total)[2015]") == "0.00273000102097")
        #expect(h.run("pull(S4, S3, direct)[2015]") == "0.025")
        #expect(h.run("link(S1, S3)").contains("no published forward linkage"))
    }

    @Test func pushShockMovesDownstreamOneStagePerRound() throws {
        let h = try Harness()
        _ = h.run("let r = shock S1 by +10% in 2015")
        // Δx_S2 = 10% × b_12 = 0.42 % of S1's output, all in the first round.
        #expect(h.run("r.S2[\"total\"]") == "0.420000157073%")
        #expect(h.run("r.S2[\"first_round\"]") == "0.42%")
        #expect(h.run("r.S3[\"indirect\"]") == "0.0273000102097%")
        #expect(h.run("r.S1[\"direct\"]") == "10%")
    }

    @Test func pullShockWithAUnitGivesCostWhereUnitCostsAllow() throws {
        let h = try Harness()
        _ = h.run("let d = shock S4 by +50 t/day in 2020 pull")
        #expect(h.run("d.S3[\"total\"]") == "3.05000222193 t/day")
        #expect(h.run("d.S3[\"cost\"]") == "52.8870385283 million RMB/day")
        #expect(h.run("d.S1[\"cost\"]") == "NA")
        let shown = h.run("d")
        #expect(shown.contains("S4.unit_cost = 20.34 million RMB/t has no stated year; used for 2020"))
        #expect(shown.contains("Δ cost NA for S1: unit cost in million RMB is not per tonne"))
    }

    @Test func shocksComposeLinearly() throws {
        let h = try Harness()
        _ = h.run("let a = shock S4 by +50 t/day in 2020 pull\nlet b = shock S3 by -5 t/day in 2020 pull")
        #expect(h.run("(a + b).S3[\"total\"]") == "-1.95000142058 t/day")
        #expect(h.run("(a - a).S4[\"total\"]") == "0 t/day")
        #expect(h.run("shock S2 by 10% in 2020 + shock S4 by -5% in 2020").contains("cannot add responses measured on different bases"))
        #expect(h.run("shock S2 by 1 t/day in 2020 + shock S2 by 1 t/day in 2019").contains("same year and direction"))
    }

    @Test func aShockOverYearsIsATableByYear() throws {
        let out = try Harness().run("shock S2 by +10% in 2015..2016")
        #expect(out == """
            Push shock S2 by +10%, 2015..2016: total Δ unit-time output (% of S2's unit-time output)
            year  S1  S2    S3      S4         S5
            2015   0  10  0.65  0.0273  0.0028119
            2016   0  10   0.7  0.0378  0.0042714
            """)
    }

    @Test func traceConvergesToTheExactResponse() throws {
        let out = try Harness().run("trace(shock S2 by +10% in 2020, 30)")
        let lines = out.split(separator: "\n")
        // Round 30's residual is below 1e-12 % of S2's output.
        guard let last = lines.first(where: { $0.hasPrefix("30 ") }), let residual = Double(last.split(separator: " ").last.map(String.init) ?? "") else {
            Issue.record("no round 30 in\n\(out)")
            return
        }
        #expect(residual < 1e-12)
    }

    @Test func auditShowsTheLoopInconsistency() throws {
        let out = try Harness().run("audit")
        #expect(out.contains("Loop S2→S3→S4→S5→S2"))
        #expect(out.contains("2015  0.615  0.595   0.66  0.774         0.187  INCONSISTENT"))
        #expect(out.contains("link(S2, S3)[2015] = 0.065 (Table S1): column \"S2 drives S3\"; §4.4 text gives 0.0655"))
        #expect(out.contains("S3.response_cost = 0.85"))
    }

    /// `audit(5%)`, as documented: a built-in used bare (a value) is called when it has arguments
    /// (it used to be computed first and then fail with "a string cannot be called").
    @Test func auditTakesATolerance() throws {
        let h = try Harness()
        let out = h.run("audit(5%)")
        #expect(out.contains("4. Mass balances that miss by more than 5% of inputs."), "\(out)")
        #expect(h.run("vanadium.audit(10%)").contains("more than 10% of inputs"))
        #expect(h.run("audit(-1)").contains("audit's tolerance is a percentage, like audit(5%)"))
        // A binding of the same name is not a built-in: calling it calls the binding's value.
        #expect(h.run("fn f(x) = x\nf(2)") == "2")
    }

    @Test(arguments: [
        ("shock S9 by 10% in 2020", "unknown name 'S9'"),
        ("shock S2 by 10% in 2030", "year 2030 is outside the chain's years 2015..2022"),
        ("shock S2 by 10% in 2014..2016", "year 2014 is outside the chain's years 2015..2022"),
        ("shock S2 by 3 million RMB in 2020", "a shock size is a percentage (+10%) or a unit-time output (+50 t/day), found 3 million RMB"),
        ("shock 3 by 10% in 2020", "a shock needs a stage (S1, S2, S3, S4, S5)"),
        ("A[2031]", "year 2031 is outside the chain's years 2015..2022"),
        ("trace(shock S2 by 1 t/day in 2020 + shock S3 by 1 t/day in 2020, 3)", "trace needs the response to a single shock, not a combination"),
        ("trace(1, 2)", "trace takes a shock response and a number of rounds"),
        ("pull(S4, S3, 7)", "the third argument is 'total' (an element of L) or 'direct'"),
    ])
    func shockErrors(source: String, message: String) throws {
        #expect(try Harness().diagnostics(source).first?.message == message)
    }

    /// A two-stage loop whose forward coefficients multiply to more than 1 has no Ghosh inverse.
    @Test func aChainWithoutAnInverseIsADiagnostic() throws {
        let p = { (v: Double) in PublishedValue(value: v, text: "\(v)", unit: "1", provenance: Provenance(source: "test")) }
        let chain = Chain(name: "loop", title: "test", stages: [Stage(id: "X", name: "x", description: ""), Stage(id: "Y", name: "y", description: "")],
                          years: 2000...2000, quantityNames: [],
                          quantities: [:],
                          linkages: [LinkageKey(from: "X", to: "Y", kind: .forward, year: 2000): p(1.5),
                                     LinkageKey(from: "Y", to: "X", kind: .forward, year: 2000): p(1.0)])
        let session = Session(chain: chain)
        let outcome = session.run("shock X by 1 t/day in 2000") { _ in }
        #expect(outcome.diagnostics.first?.message == "the chain's inverse does not exist for 2000: spectral radius 1.22474 ≥ 1, so a shock grows without bound")
        #expect(session.run("shock X by 1 t/day in 2000 pull") { _ in }.diagnostics.first?.message == "no published backward linkages for 2000: a pull needs them")
    }
}
