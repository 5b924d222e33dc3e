import Testing
@testable import VMPCore

/// `:explain` of model quantities (issue 12 §1): every number shown is checked against the
/// engine's own value, computed here through the language or the cells of its matrices.
@Suite struct ExplainModelTests {
    private let f = Formatter()

    /// A number the session bound to `name` (a plain quantity).
    private func number(_ h: Harness, _ source: String) throws -> Double {
        _ = h.run("let x__ = \(source)")
        guard case .quantity(let q)? = h.session.globals["x__"] else {
            Issue.record("\(source) is not a number")
            return .nan
        }
        return q.value
    }

    private func matrix(_ h: Harness, _ source: String) throws -> [[Double]] {
        _ = h.run("let m__ = \(source)")
        guard case .table(let t)? = h.session.globals["m__"] else { return [] }
        return try t.cells.map { try $0.map { try #require($0).value } }
    }

    @Test func coefficientsNameTheirPublishedValues() throws {
        let h = try Harness()
        let out = h.run(":explain A[2020]").split(separator: "\n").map(String.init)
        #expect(out.first == "A[2020]")
        // Each published cell: its value as A[2020] holds it and the published linkage it is.
        for (i, j) in [("S1", "S2"), ("S2", "S3"), ("S3", "S4"), ("S4", "S5"), ("S5", "S2")] {
            let cell = h.run("A[2020][\(i)][\(j)]")
            #expect(cell == h.run("pull(\(j), \(i))[2020]"))
            #expect(out.contains("  a[\(i)][\(j)] = \(cell)  pull(\(j), \(i))[2020] (Table S2)"), "\(out)")
        }
        #expect(out.contains("  the other 20 cells are 0: no published linkage for the pair"))
        #expect(h.run(":explain B[2020]").contains("  b[S2][S3] = 0.130  link(S2, S3)[2020] (Table S1)"))
    }

    @Test(arguments: [("L", "A"), ("G", "B")])
    func inversesShowIMinusTheCheckAndTheSeries(inverse: String, coefficient: String) throws {
        let h = try Harness()
        let out = h.run(":explain \(inverse)[2020]")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.contains("  \(inverse) = (I − \(coefficient))⁻¹ (docs/model.md §3), with I − \(coefficient)[2020] ="))
        // Row S2 of I − A as the engine computes it.
        let iMinus = try matrix(h, "I - \(coefficient)[2020]")
        let row = "    S2" + "  " // the grid row starts with the stage
        let s2 = try #require(lines.first { $0.hasPrefix(row) })
        for v in iMinus[1] { #expect(s2.contains(f.number(v)), "\(s2) lacks \(f.number(v))") }
        #expect(out.contains("LAPACK dgetrf"))
        // The check L (I − A) = I: the largest deviation, computed here with the language.
        let l = try matrix(h, "\(inverse)[2020]")
        let product = try matrix(h, "\(inverse)[2020] * (I - \(coefficient)[2020])")
        var deviation = 0.0
        for i in 0..<5 { for j in 0..<5 { deviation = max(deviation, abs(product[i][j] - (i == j ? 1 : 0))) } }
        #expect(deviation < 1e-14)
        #expect(lines.contains { $0.hasPrefix("  check: \(inverse) · (I − \(coefficient)) = I to within ") })
        // Remainders of the partial sums I, I + A, I + A + A²: max |L − Σ|.
        for (k, series) in ["I", "I + \(coefficient)[2020]", "I + \(coefficient)[2020] + \(coefficient)[2020]^2"].enumerated() {
            let s = try matrix(h, series)
            var remainder = 0.0
            for i in 0..<5 { for j in 0..<5 { remainder = max(remainder, abs(l[i][j] - s[i][j])) } }
            let terms = ["I", "I + \(coefficient)", "I + \(coefficient) + \(coefficient)^2"][k]
            #expect(lines.contains("    \(terms): \(f.number(remainder))"), "\(terms): \(f.number(remainder)) in \(out)")
        }
    }

    @Test func totalLinkageIsDirectPlusIndirect() throws {
        let h = try Harness()
        let out = h.run(":explain link(S2, S3, total)[2020]").split(separator: "\n").map(String.init)
        let total = try number(h, "G[2020][S2][S3]"), direct = try number(h, "B[2020][S2][S3]")
        #expect(out == [
            "link(S2, S3, total)[2020]",
            "  = g_S2,S3, the element [S2][S3] of G[2020] = (I − B)⁻¹",
            "  direct: b_S2,S3 = \(f.number(direct))",
            "  indirect (paths through other stages, b² + b³ + …): \(f.number(total)) − \(f.number(direct)) = \(f.number(total - direct))",
            "  = \(h.run("link(S2, S3, total)[2020]"))",
        ])
        // pull(Sa, Sb, total) is l_ba: S4 pulls S3, the element [S3][S4] of L.
        let pull = h.run(":explain pull(S4, S3, total)[2020]")
        #expect(pull.contains("  = l_S3,S4, the element [S3][S4] of L[2020]"))
        #expect(pull.hasSuffix("  = \(h.run("L[2020][S3][S4]"))"))
    }

    @Test func keyStagesShowSumsMeanAndRatios() throws {
        let h = try Harness()
        let out = h.run(":explain key_stages(2020)").split(separator: "\n").map(String.init)
        let sums = try (1...5).map { try number(h, "column_sums(L[2020]).S\($0)") }
        let mean = sums.reduce(0, +) / 5
        #expect(out.contains("    mean of the 5 sums: (\(sums.map(f.number).joined(separator: " + "))) / 5 = \(f.number(mean))"))
        let s3 = try number(h, "key_stages(2020).backward.S3")
        #expect(f.number(s3) == "1.02881")
        #expect(out.contains("      S3: \(f.number(sums[2])) / \(f.number(mean)) = \(f.number(s3))"))
        #expect(out.contains("      S3: 1.084 / 1.05365 = 1.02881"))
        #expect(out.contains("  rule: a key stage has both indices > 1"))
        #expect(out.last == "  = key stages: S3, S4")
        #expect(h.run("key_stages(2020)").contains("key stages (both indices > 1): S3, S4"))
        #expect(h.run(":explain forward_linkage(2020)").contains("forward: row sums of G[2020]"))
    }

    @Test func shockShowsTheColumnOfLTheSplitAndTheUnitCosts() throws {
        let h = try Harness()
        let out = h.run(":explain shock S4 by +50 t/day in 2020 pull").split(separator: "\n").map(String.init)
        _ = h.run("let r = shock S4 by +50 t/day in 2020 pull")
        let l34 = try number(h, "L[2020][S3][S4]")
        let dx3 = try number(h, "r.S3.total")
        #expect(abs(l34 * 50 - dx3) < 1e-12)
        #expect(out.contains("    Δx_S3 = l_S3,S4 · s = \(f.number(l34)) × 50 t/day = \(f.number(dx3)) t/day"), "\(out)")
        let direct = try number(h, "r.S3.direct"), first = try number(h, "r.S3.first_round"), indirect = try number(h, "r.S3.indirect")
        #expect(out.contains("    S3: \(f.number(direct)) t/day + \(f.number(first)) t/day + \(f.number(indirect)) t/day = \(f.number(dx3)) t/day"))
        let cost4 = try number(h, "r.S4.cost"), unitCost4 = try number(h, "S4.unit_cost"), dx4 = try number(h, "r.S4.total")
        #expect(abs(unitCost4 * dx4 - cost4) < 1e-9)
        #expect(out.contains { $0.hasPrefix("    Δ cost S4 = S4.unit_cost × Δx = 20.34 million RMB/t × \(f.number(dx4)) t/day = \(f.number(cost4)) million RMB/day  (no stated year") })
        #expect(out.contains("  warning: Δ cost of S4 rests on S4.unit_cost = 20.34 million RMB/t, which has no stated year (used for 2020) and is flagged by audit as implausible"))
        let push = h.run(":explain shock S2 by +10% in 2020")
        #expect(push.contains("  Δxᵀ = s e_S2ᵀ G: row S2 of G[2020] times s = 10% (docs/model.md §4)"))
    }

    @Test func userFunctionsShowTheStepsInside() throws {
        let h = try Harness()
        _ = h.run("fn share(s, y) = s.cost[y] / sum(present(cost[y]))")
        let out = h.run(":explain share(S2, 2018)").split(separator: "\n").map(String.init)
        #expect(out[0] == "share(S2, 2018)")
        #expect(out[1] == "  share(s, y) = s.cost[y] / sum(present(cost[y])) with s = stage S2, y = 2018")
        #expect(out[2] == "    = \(h.run(":explain S2.cost[2018]").split(separator: "\n").last?.dropFirst(4) ?? "") / \(h.run("sum(present(cost[2018]))"))")
        #expect(out[3] == "    = \(h.run("share(S2, 2018)"))")
        // Inside a larger expression the function's steps come first, then its value.
        let nested = h.run(":explain share(S2, 2018) * 100").split(separator: "\n").map(String.init)
        #expect(nested[1] == "  step 1: share: 25.109 million RMB (§4.2) / \(h.run("sum(present(cost[2018]))")) = \(h.run("share(S2, 2018)"))")
        #expect(nested[2] == "  step 2: share(S2, 2018) = s.cost[y] / sum(present(cost[y])) with s = stage S2, y = 2018 = \(h.run("share(S2, 2018)"))")
        #expect(nested[4] == "  = \(h.run("share(S2, 2018) * 100"))")
    }
}

extension ExplainModelTests {
    /// A chain given as flows: each cell of A is z_ij / x_j with the flow and output shown.
    @Test func coefficientsFromFlowsShowZOverX() throws {
        let h = try Harness()
        #expect(h.run("load \"\(ChainFilesTests.good)\" as demo") == "")
        let out = h.run(":explain demo.A[2020]").split(separator: "\n").map(String.init)
        // The fixture's flow ore→钒钢 is 80 t and x_钒钢 is 90 t (ChainModelTests).
        let a = h.run("demo.A[2020][demo.ore][demo.钒钢]")
        #expect(Double(a).map { abs($0 - 80.0 / 90.0) < 1e-12 } == true, "\(a)")
        #expect(out.contains("  a[ore][钒钢] = z_ore,钒钢 / x_钒钢 = 80 / 90 = \(Formatter().number(80.0 / 90.0))"), "\(out)")
        #expect(out.contains("  the other 6 cells are 0: no flow"))
    }
}

extension ExplainModelTests {
    /// A 12-stage chain: the explanation names its matrices instead of printing 12-column grids.
    @Test func wideMatricesAreNamedNotPrinted() throws {
        let stages = (1...12).map { Stage(id: "S\($0)", name: "stage \($0)", description: "") }
        var linkages: [LinkageKey: PublishedValue] = [:]
        for k in 1..<12 {
            linkages[LinkageKey(from: "S\(k)", to: "S\(k + 1)", kind: .backward, year: 2020)] =
                PublishedValue(value: 0.1, text: "0.1", unit: "1", provenance: Provenance(source: "test"))
        }
        let wide = Chain(name: "wide", title: "wide", stages: stages, years: 2020...2020, quantityNames: [], quantities: [:], linkages: linkages)
        let session = Session(chain: wide)
        var lines: [String] = []
        #expect(session.run(":explain L[2020]") { lines.append($0) }.succeeded)
        let out = lines.joined(separator: "\n")
        #expect(out.contains("    (12×12: too wide to show here; print the matrix itself)"), "\(out)")
        #expect(out.contains("  check: L · (I − A) = I to within "))
        #expect(out.split(separator: "\n").allSatisfy { $0.count < 140 })
    }
}
