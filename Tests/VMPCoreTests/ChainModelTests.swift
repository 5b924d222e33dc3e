import Foundation
import Testing
@testable import VMPCore

/// Chains with flows: mass balances against hand-computed values, full-mode matrices, and
/// link/pull derived from flows.
///
/// The fixture `Fixtures/chains/good` (2020, in t): flows ore→钒钢 80, 钒钢→scrap 10, scrap→钒钢 6;
/// outputs ore 100, 钒钢 90, scrap 10.5.
/// - ore: inputs = extraction 100; outputs = 80 + exports 15 + losses 5 = 100; residual 0.
/// - 钒钢: inputs = 80 + 6 + imports 4 = 90; outputs = 10 + losses 3 + stock 2 + final use 70 = 85;
///   residual 5, relative 5/90 = 5.5556 %.
/// - scrap: inputs = 10 + extraction 500 kg = 10.5; outputs = 6 + losses 1 = 7; residual 3.5,
///   relative 3.5/10.5 = 33.333 %.
@Suite struct ChainModelTests {
    static let good = ChainFilesTests.good

    func demo() throws -> Harness {
        let h = try Harness()
        #expect(h.run("load \"\(Self.good)\" as demo") == "")
        return h
    }

    @Test func stageBalanceMatchesHandComputedValues() throws {
        let h = try demo()
        let expected: [(String, String)] = [
            ("flows_in", "86 t"), ("imports", "4 t"), ("extraction", "NA"), ("inputs", "90 t"),
            ("flows_out", "10 t"), ("exports", "NA"), ("losses", "3 t"), ("stock_change", "2 t"),
            ("final_use", "70 t"), ("outputs", "85 t"), ("residual", "5 t"), ("relative", "5.55555555556%"),
        ]
        _ = h.run("let b = balance(demo.钒钢, 2020)")
        for (key, value) in expected {
            #expect(h.run("b.\(key)") == value, "\(key)")
        }
        #expect(h.run("balance(demo.scrap, 2020).extraction") == "0.5 t")   // 500 kg in the flow unit
        #expect(h.run("balance(demo.scrap, 2020).residual") == "3.5 t")
        #expect(h.run("balance(demo.scrap, 2020).relative") == "33.3333333333%")
        #expect(h.run("balance(demo.ore, 2020).residual") == "0 t")
        #expect(h.run("balance(demo.钒钢, 2020).relative < 6%") == "true")
    }

    @Test func chainBalanceIsATableOfEveryStage() throws {
        let h = try demo()
        let out = h.run("demo.balance(2020)")
        #expect(out.hasPrefix("Mass balance 2020 of chain demo\n"), "\(out)")
        let residuals = h.run("demo.balance(2020).residual").split(separator: "\n")
        #expect(residuals.count == 4 && residuals[3].hasPrefix("scrap ") && residuals[3].hasSuffix(" 3.5"), "\(residuals)")
        #expect(h.run("sum(demo.balance(2020).residual)") == "8.5 t")
        #expect(out.contains("terms that are not published (NA) count as 0 in inputs and outputs"))
        #expect(h.run(":source balance(demo.scrap, 2020).residual").contains("scrap.extraction[2020] = 500 kg  (Test table 1)"))
    }

    @Test func balanceNeedsFlowsAndTheRightArguments() throws {
        let h = try demo()
        #expect(h.run("demo.balance(2021)").contains("chain demo has no flows for 2021: a mass balance needs the flows between its stages"))
        #expect(h.run("balance(S2, 2020)").contains("chain vanadium has no flows for 2020"))
        #expect(h.run("balance(demo.ore, 2030)").contains("year 2030 is outside the chain's years 2020..2021"))
        #expect(h.run("balance(1, 2, 3)").contains("balance takes 1 to 2 arguments, given 3\n  balance(1, 2, 3)\n  ^~~~~~~~~~~~~~~~\n  hint: usage: balance(S2, 2020) or balance(2020)"))
        #expect(h.run("demo.balance(S2, 2020)").contains("expected a stage of chain demo"))
    }

    @Test func fullModeMatricesComeFromFlowsAndOutputs() throws {
        let h = try demo()
        // a_ij = z_ij / x_j, b_ij = z_ij / x_i.
        #expect(h.run("demo.A[2020][\"ore\"][\"钒钢\"]") == "0.888888888889")      // 80 / 90
        #expect(h.run("demo.B[2020][\"钒钢\"][\"scrap\"]") == "0.111111111111")    // 10 / 90
        #expect(h.run("demo.A[2020][\"钒钢\"][\"scrap\"]") == "0.952380952381")    // 10 / 10.5
        // L = (I − A)⁻¹: the loop 钒钢→scrap→钒钢 has a_23 a_32 = (10/10.5)(6/90); l_22 = 1/(1 − that).
        #expect(h.run("demo.L[2020][\"钒钢\"][\"钒钢\"]") == "1.06779661017")
        #expect(h.run("demo.A[2021]").contains("chain demo has no flows for 2021"))
    }

    @Test func linkAndPullAreDerivedFromFlows() throws {
        let h = try demo()
        #expect(h.run("link(demo.ore, demo.钒钢)[2020]") == "0.8")          // 80 / 100
        #expect(h.run("pull(demo.钒钢, demo.ore)[2020]") == "0.888888888889")     // 80 / 90
        #expect(h.run("link(demo.ore, demo.钒钢)[2021]") == "NA")
        let sources = h.run(":source link(demo.ore, demo.钒钢)[2020]")
        #expect(sources == "Z[2020][ore][钒钢] = 80 t  (Test table 3)\nore.output[2020] = 100 t  (Test table 1)")
        // Every provenance label is an expression that evaluates to the value it names.
        #expect(h.run("demo.Z[2020][demo.ore][demo.钒钢]") == "80 t")
        #expect(h.run("demo.Z[2020][demo.钒钢][demo.ore]") == "0 t")
        #expect(h.run("Z[2020]").contains("chain vanadium publishes no flows for 2020: Z needs a chain with flows"))
        let table = h.run("demo.link()")
        #expect(table.contains("derived from flows where no coefficient is published: b_ij = z_ij / x_i"), "\(table)")
        #expect(h.run("link(demo.ore, demo.scrap)").contains("hint: published: link(ore, 钒钢), link(钒钢, scrap), link(scrap, 钒钢)"))
        // The vanadium chain is unchanged: published coefficients only.
        #expect(h.run("link(S2, S3)[2022]") == "0.133")
        #expect(!h.run("link()").contains("derived from flows"))
    }

    @Test func flowsWithoutOutputsSayWhatIsMissing() throws {
        let directory = try ChainFilesTests.write([
            "chain.toml": Data(ChainFilesTests.smallManifest.utf8),
            "q.csv": Data("stage,quantity,year,value,unit,source\na,output,2020,10,t,T\n".utf8),
            "f1.csv": Data("from,to,year,kind,value,unit,source\na,b,2020,flow,4,t,T\n".utf8),
            "f2.csv": Data("from,to,year,kind,value,unit,source\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let h = try Harness()
        _ = h.run("load \"\(directory)\" as s")
        let out = h.run("s.L[2020]")
        #expect(out.contains("chain s has flows for 2020 but no output for b: the model needs the output x of every stage with the flows Z"), "\(out)")
        #expect(out.contains("hint: add rows like b,output,2020,VALUE,t,SOURCE to the chain's quantities file"))
    }

    @Test func reloadingUnderTheSameNameIsNotServedFromTheCache() throws {
        let h = try demo()
        #expect(h.run("demo.A[2020][\"ore\"][\"钒钢\"]") == "0.888888888889")
        let directory = try ChainFilesTests.write([
            "chain.toml": Data(ChainFilesTests.smallManifest.utf8),
            "q.csv": Data("stage,quantity,year,value,unit,source\na,output,2020,10,t,T\nb,output,2020,8,t,T\n".utf8),
            "f1.csv": Data("from,to,year,kind,value,unit,source\na,b,2020,flow,4,t,T\n".utf8),
            "f2.csv": Data("from,to,year,kind,value,unit,source\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = h.run("load \"\(directory)\" as demo")
        #expect(h.run("demo.A[2020][\"a\"][\"b\"]") == "0.5")
    }

    @Test func auditSectionListsStagesOffByMoreThanTheTolerance() throws {
        let chain = try Chain.load(manifest: Self.good, name: "demo")
        let evaluator = ChainContext(chain: chain, models: ModelCache(), formatter: Formatter(), isInterrupted: { false })
        let strict = evaluator.balanceAuditSection(tolerance: 0.01)
        #expect(strict == """
            4. Mass balances that miss by more than 1% of inputs.
               inputs = flows in + imports + extraction; outputs = flows out + exports + losses + stock_change + final_use; residual = inputs − outputs; relative = residual / inputs.
               year  stage  inputs  outputs  residual  relative
               2020  钒钢     90 t     85 t       5 t  5.55556%
               2020  scrap  10.5 t      7 t     3.5 t  33.3333%
            """, "\(strict)")
        let loose = evaluator.balanceAuditSection(tolerance: 0.1)
        #expect(loose.contains("2020  scrap") && !loose.contains("钒钢"), "\(loose)")
        #expect(evaluator.balanceAuditSection(tolerance: 0.5).hasSuffix("None: every stage balances within 50% in 2020."))
        let vanadium = ChainContext(chain: try Chain.vanadium(), models: ModelCache(), formatter: Formatter(), isInterrupted: { false })
        #expect(vanadium.balanceAuditSection(tolerance: 0.01).hasSuffix("No flows: no mass balance to check."))
    }

    @Test func copperExampleBalancesExceptRefiningIn2021() throws {
        let chain = try Chain.load(manifest: packageRoot.appendingPathComponent("Scripts/chains/copper/chain.toml").path)
        #expect(chain.stages.count == 6)
        #expect(chain.title.contains("made-up"))
        let evaluator = ChainContext(chain: chain, models: ModelCache(), formatter: Formatter(), isInterrupted: { false })
        let section = evaluator.balanceAuditSection(tolerance: 0.001)
        #expect(section.contains("2021  refining  1694 kt  1654 kt     40 kt  2.36128%"), "\(section)")
        #expect(section.split(separator: "\n").count == 4, "\(section)")
    }
}
