import Foundation
import Testing
@testable import VMPCore

/// The Miller & Blair (2009, ch. 2) examples as committed chains (Fixtures/chains/miller-blair-2
/// and miller-blair-3): A, L, output multipliers, value-added multipliers, a final-demand
/// change and hypothetical extraction, each number checked against numpy
/// (`numpy.linalg.inv(numpy.eye(n) - A)` and the formulas of docs/model.md §8–9).
@Suite struct MillerBlairTests {
    static func output(_ chain: String, _ source: String) throws -> String {
        let loaded = try Chain.load(manifest: ChainFilesTests.fixtures + "/" + chain)
        let session = Session(chain: loaded, formatter: Formatter(precision: 9))
        var lines: [String] = []
        let outcome = session.run(source) { lines.append($0) }
        if !outcome.succeeded { lines.append(Session.render(outcome.diagnostics, source: source, name: "t")) }
        return lines.joined(separator: "\n")
    }

    @Test func twoSectorCoefficientsAndLeontiefInverse() throws {
        #expect(try Self.output("miller-blair-2", "A[2009]\nL[2009]") == """
            A[2009]: technical coefficients a_ij = z_ij/x_j (backward, "Sj pulls Si")
            i \\ j  agri  manu
            agri   0.15  0.25
            manu    0.2  0.05
            L[2009]: Leontief inverse (I − A)⁻¹
            i \\ j         agri         manu
            agri    1.25412541  0.330033003
            manu   0.264026403   1.12211221
            """)
    }

    /// Type I output multipliers (column sums of L) and value-added multipliers (v/x · L: 1 for
    /// every sector, as all primary inputs of the example are value added).
    @Test func twoSectorMultipliers() throws {
        #expect(try Self.output("miller-blair-2", "output_multipliers(2009)\nmultipliers(value_added[2009] / output[2009], 2009)") == """
            stage  output_multipliers[2009]
            agri                 1.51815182
            manu                 1.45214521
            stage  multipliers[2009]
            agri                   1
            manu                   1
            """)
    }

    /// Δf = (600, 1500) gives Δx = L Δf = (1247.52, 1841.58); the published f gives back x.
    @Test func twoSectorFinalDemandChange() throws {
        #expect(try Self.output("miller-blair-2", "demand_pull(vector(agri, 600, manu, 1500), 2009)\ndemand_pull(final_demand[2009], 2009)") == """
            stage  demand_pull[2009]
            agri          1247.52475
            manu          1841.58416
            stage  demand_pull[2009] (USD)
            agri                      1000
            manu                      2000
            """)
    }

    /// The same final-demand change as a shock of a record, in dollars (Miller & Blair 2009
    /// §2.3: x = (1247.52, 1841.58)): Δx = L Δf, split into the direct Δf, the first round
    /// A Δf and the rest.
    @Test func finalDemandRecordAsAShock() throws {
        #expect(try Self.output("miller-blair-2", "shock {agri: +600 USD, manu: +1500 USD} in 2009 pull") == """
            Pull shock {agri: +600 USD, manu: +1500 USD} in 2009: pull (Leontief inverse L = (I − A)⁻¹, demand-driven)
            Δx total, direct, first round, indirect in USD
            stage    Δx total  direct  first round    indirect    Δx (USD)
            agri   1247.52475     600          465  182.524752  1247.52475
            manu   1841.58416    1500          195  146.584158  1841.58416
            """)
    }

    /// Any vector by stage works as the size: vector(…), a bound record, kUSD converted, a
    /// range of years; each gives the same Δx.
    @Test(arguments: [
        "shock vector(agri, 600, manu, 1500) * 1 USD in 2009 pull",
        "let df = {agri: 600 USD, manu: 1500 USD}\nshock df in 2009 pull",
        "shock {agri: 600 USD, manu: 1.5 kUSD} in 2009 pull",
        "shock {agri: 600 USD,\n       manu: 1500 USD,} in 2009 pull",
        "shock (final_demand[2009] * 0 + {agri: 600 USD, manu: 1500 USD}) in 2009 pull",
    ])
    func vectorExpressionsAsShocks(source: String) throws {
        let out = try Self.output("miller-blair-2", source)
        #expect(out.contains("agri   1247.52475") && out.contains("manu   1841.58416"), "\(out)")
    }

    @Test func vectorShockOverYears() throws {
        #expect(try Self.output("miller-blair-2", "shock {agri: 2 million USD} in 2009..2009 pull") == """
            Pull shock {agri: 2 million USD}, 2009..2009: total Δ output (million USD)
            year        agri         manu
            2009  2.50825083  0.528052805
            """)
    }

    /// Each wrong record or vector is an error at the offending part.
    @Test(arguments: [
        ("shock {agri: +600 USD, agri: +1500 USD} in 2009 pull", "t:1:24: error: stage agri is given twice in the record"),
        ("shock {agr: +600 USD} in 2009 pull", "t:1:8: error: unknown name 'agr'\n  shock {agr: +600 USD} in 2009 pull\n         ^~~\n  hint: did you mean 'agri'?"),
        ("shock {} in 2009 pull", "t:1:7: error: an empty record: name at least one stage and its value"),
        ("shock {agri: +600 t/day} in 2009 pull", "t:1:14: error: the size of agri is 600 t/day (mass/time), not an amount in the chain's flow unit USD (+600 USD)"),
        ("shock {agri: +600 EUR} in 2009 pull", "t:1:14: error: the size of agri is 600 EUR (money in EUR), not an amount in the chain's flow unit USD (+600 USD)"),
        ("shock {agri: 600 USD, manu: 1 t} in 2009", "t:1:29: error: the size of manu is 1 t (mass)"),
        ("shock {agri: +10%} in 2009 pull", "t:1:14: error: the size of agri is 0.1: a shock of several stages takes an amount in the chain's flow unit USD (+600 USD) for each"),
        ("shock {agri: \"x\"} in 2009", "t:1:14: error: the value of agri must be a number, found \"x\""),
        ("shock {1: 5 USD} in 2009", "t:1:8: error: the record's key 1 is not a stage"),
        ("shock {agri: 0 USD} in 2009", "t:1:7: error: the shock's vector is 0 for every stage: nothing to propagate"),
        ("shock vector(agri, 600, manu, 1500) in 2009 pull", "t:1:7: error: the shock's vector is in plain numbers (dimensionless), not an amount in the chain's flow unit USD (+600 USD)"),
        ("shock agri in 2009", "t:1:7: error: a shock of stage agri needs a size"),
        ("shock 5 USD in 2009", "t:1:7: error: a shock of several stages needs a vector by stage, found 5 USD"),
        ("shock {agri: 600 USD} in 2010", "t:1:26: error: year 2010 is outside the chain's years 2009..2009"),
        ("shock {agri 600 USD} in 2009", "t:1:13: error: expected ':' and a size after the stage agri, found number 600"),
        ("shock agri by +600 t/day in 2009", "t:1:15: error: a shock size is a percentage (+10%) or an amount in the chain's flow unit USD (+600 USD), found 600 t/day"),
    ])
    func vectorShockErrors(source: String, expected: String) throws {
        let out = try Self.output("miller-blair-2", source)
        #expect(out.hasPrefix(expected), "\(out)")
    }

    /// Total extraction of manu: Ā keeps a_11 = 0.15 only, f̄ = (350, 0), x̄_1 = 350/0.85.
    @Test func twoSectorExtraction() throws {
        #expect(try Self.output("miller-blair-2", "extract(manu, 2009)") == """
            Hypothetical extraction of manu, 2009: output x = L f and x̄ without the stage
            stage  output (USD)  without (USD)  loss (USD)  loss share (%)
            agri           1000     411.764706  588.235294      58.8235294
            manu           2000              0        2000             100
            total          3000     411.764706  2588.23529      86.2745098
            final demand: the chain's final_demand of 2009
            total extraction: row and column manu of A set to 0 and f_manu = 0 (Miller & Lahr 2001; docs/model.md §9)
            """)
    }

    /// The book's three-sector matrix (ch. 2 §2.5, via MIT OCW 11.481J; see the fixture): L to
    /// 9 digits as numpy gives it, and rounded to 3 decimals exactly the inverse printed there.
    /// A newcomer's finding: `:source A[y]` of a flow table said "no published values" while
    /// `:source L[y]` listed the flows; A = Z x̂⁻¹ comes from them too.
    @Test func coefficientsOfAFlowTableNameTheirFlows() throws {
        let a = try Self.output("miller-blair-2", ":source A[2009][agri][manu]")
        #expect(a.contains("Z[2009][agri][manu] = 500 USD"), "\(a)")
        #expect(try Self.output("miller-blair-2", ":source B[2009]").contains("Z[2009][manu][agri] = 200 USD"))
        // Beside published coefficients a 0 still comes from nothing (vanadium's A[2020][S1][S5]).
        #expect(try Harness().run(":source A[2020][S1][S5]") == "no published values: computed from what was typed")
    }

    @Test func threeSectorLeontiefInverseAndMultipliers() throws {
        #expect(try Self.output("miller-blair-3", "L[2009]\noutput_multipliers(2009)") == """
            L[2009]: Leontief inverse (I − A)⁻¹
            i \\ j           s1           s2           s3
            s1      1.36508612  0.425260472  0.250903679
            s2     0.527322985    1.3480757  0.595364661
            s3     0.569849033  0.489049543   1.28853923
            stage  output_multipliers[2009]
            s1                   2.46225813
            s2                   2.26238571
            s3                   2.13480757
            """)
        let printed: [[Double]] = [[1.365, 0.425, 0.251], [0.527, 1.348, 0.595], [0.570, 0.489, 1.289]]
        let chain = try Chain.load(manifest: ChainFilesTests.fixtures + "/miller-blair-3")
        let session = Session(chain: chain)
        for (i, row) in printed.enumerated() {
            for (j, value) in row.enumerated() {
                var out: [String] = []
                #expect(session.run("round(L[2009][s\(i + 1)][s\(j + 1)], 3) == \(value)") { out.append($0) }.succeeded)
                #expect(out == ["true"], "l_\(i + 1)\(j + 1) to 3 decimals is the printed \(value)")
            }
        }
    }

    /// `vector` pairs stages and values; an intensity that is 1 at agri only gives row agri of L.
    @Test func vectorAndItsErrors() throws {
        #expect(try Self.output("miller-blair-2", "vector(agri, 1, agri, 2)").contains("error: stage agri is given twice"))
        #expect(try Self.output("miller-blair-2", "vector(agri, 1, manu)").contains("error: vector takes pairs of a stage and a value"))
        #expect(try Self.output("miller-blair-2", "multipliers(vector(agri, 1), 2009)") == "stage  multipliers[2009]\nagri          1.25412541\nmanu         0.330033003")
    }
}

extension MillerBlairTests {
    /// The output of `source` on the two-sector chain with its quantities file changed by `edit`.
    static func variant(_ edit: (String) -> String, _ source: String) throws -> String {
        let original = ChainFilesTests.fixtures + "/miller-blair-2"
        let quantities = try String(contentsOfFile: original + "/quantities.csv", encoding: .utf8)
        let directory = try ChainFilesTests.write([
            "chain.toml": try Data(contentsOf: URL(fileURLWithPath: original + "/chain.toml")),
            "flows.csv": try Data(contentsOf: URL(fileURLWithPath: original + "/flows.csv")),
            "quantities.csv": Data(edit(quantities).utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = Session(chain: try Chain.load(manifest: directory), formatter: Formatter(precision: 9))
        var lines: [String] = []
        _ = session.run(source) { lines.append($0) }
        return lines.joined(separator: "\n")
    }

    /// Without a published final demand, extract derives f = x − Z·1 from the flows: the
    /// Miller–Blair chain without its final_demand rows gives the same extraction.
    @Test func extractionDerivesFinalDemandFromFlows() throws {
        let out = try Self.variant({ $0.split(separator: "\n").filter { !$0.contains(",final_demand,") }.joined(separator: "\n") + "\n" },
                                   "extract(manu, 2009)")
        #expect(out.contains("""
            total          3000     411.764706  2588.23529      86.2745098
            final demand: f = x − Z·1 from the flows and outputs of 2009
            """))
    }

    /// audit checks x = Z·1 + f and x = Zᵀ·1 + v (and no mass balance: the flows are dollars,
    /// not a mass): the committed table passes; f_1 = 300
    /// instead of 350 misses the row identity by 5%, and a negative f is listed.
    @Test func auditChecksTheAccounts() throws {
        #expect(try Self.output("miller-blair-2", "audit").hasSuffix("""
               The flows are in USD, not a mass: no mass balance to check (see the accounts).

            5. Accounts that miss by more than 1% of output x.
               Rows: x_i = Σ_j z_ij + f_i (final_demand); columns: x_j = Σ_i z_ij + v_j (value_added).
               None: every identity holds within 1% (4 checked).
            """))
        let broken = try Self.variant({ $0.replacingOccurrences(of: "agri,final_demand,2009,350", with: "agri,final_demand,2009,300")
                                          .replacingOccurrences(of: "manu,final_demand,2009,1700", with: "manu,final_demand,2009,-5") }, "audit")
        #expect(broken.hasSuffix("""
               year  stage  identity     x  Z + account  residual  relative
               2009  agri   row       1000          950        50        5%
               2009  manu   row       2000          295      1705    85.25%
               2009 manu: negative final demand -5
            """), "\(broken)")
    }
}
