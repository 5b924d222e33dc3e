import Foundation
import Testing
@testable import VMPCore

/// Type II multipliers and backward / forward hypothetical extraction (docs/model.md §8.1, §9),
/// each number checked against numpy (the formulas of docs/model.md, numpy.linalg.inv / solve).
@Suite struct MeasuresTests {
    /// The closed model's inverse and Type II multipliers. The coefficients and the printed
    /// (I − Ā)⁻¹ (1.365 .425 .251 / .527 1.348 .595 / .570 .489 1.289) are Miller & Blair's as
    /// reproduced in MIT OCW 11.481J lecture 19a; Type II = 1.365 + .527 = 1.892 and
    /// .425 + 1.348 = 1.773 there; the digits below are numpy's. Type I stays the open model's
    /// (1.51815182, 1.45214521, as for miller-blair-2): households are outside A.
    @Test func typeTwoOutputMultipliers() throws {
        let out = try MillerBlairTests.output("miller-blair-2-households", "output_multipliers(2009)\noutput_multipliers(2009, type2)\nA[2009]")
        #expect(out == """
            stage  output_multipliers[2009]
            agri                 1.51815182
            manu                 1.45214521
            hh                           NA
            stage  output_multipliers[2009] (Type II)
            agri                            1.8924091
            manu                           1.77333617
            hh                                     NA
            A[2009]: technical coefficients a_ij = z_ij/x_j (backward, "Sj pulls Si")
            i \\ j  agri  manu  hh
            agri   0.15  0.25   0
            manu    0.2  0.05   0
            hh        0     0   0
            """)
    }

    /// The closed system itself: L̄ equals the book's printed inverse to its 3 decimals.
    @Test func closedInverseMatchesTheBook() throws {
        let chain = try Chain.load(manifest: ChainFilesTests.fixtures + "/miller-blair-2-households")
        #expect(chain.households == "hh")
        let context = ChainContext(chain: chain, models: ModelCache(), formatter: Formatter(), isInterrupted: { false })
        let closed = try context.system(2009, SourceRange(start: 0, end: 0, line: 1, column: 1), closed: true)
        let book: [[Double]] = [[1.365, 0.425, 0.251], [0.527, 1.348, 0.595], [0.570, 0.489, 1.289]]
        let l = try closed.L
        for i in 0..<3 {
            for j in 0..<3 { #expect(abs(l[i, j] - book[i][j]) < 0.0005, "l̄[\(i)][\(j)] = \(l[i, j])") }
        }
    }

    @Test func typeTwoErrors() throws {
        #expect(try MillerBlairTests.output("miller-blair-2", "output_multipliers(2009, type2)")
            .contains("error: chain mb2 has no household stage: Type II multipliers need one"))
        #expect(try MillerBlairTests.output("miller-blair-2", "output_multipliers(2009, total)")
            .contains("error: the second argument of output_multipliers is type2, found the option total"))
        #expect(try MillerBlairTests.output("miller-blair-2", "type2()").contains("error: 'type2' is an option of output_multipliers, not a function"))
    }

    /// A manifest naming a household stage it does not define is a load error at the key.
    @Test func unknownHouseholdStageIsALoadError() throws {
        let original = ChainFilesTests.fixtures + "/miller-blair-2"
        let manifest = try String(contentsOfFile: original + "/chain.toml", encoding: .utf8)
            .replacingOccurrences(of: "flow_unit = \"USD\"", with: "flow_unit = \"USD\"\nhouseholds = \"hh\"")
        let directory = try ChainFilesTests.write([
            "chain.toml": Data(manifest.utf8),
            "flows.csv": try Data(contentsOf: URL(fileURLWithPath: original + "/flows.csv")),
            "quantities.csv": try Data(contentsOf: URL(fileURLWithPath: original + "/quantities.csv")),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: ChainLoadError.self) { try Chain.load(manifest: directory) }
        do {
            _ = try Chain.load(manifest: directory)
        } catch {
            #expect("\(error)".contains("households names the stage \"hh\""), "\(error)")
        }
    }

    /// Backward extraction of manu: column manu of A set to 0, f = (350, 1700) kept:
    /// x̄ = (350/0.85, 1700 + 0.2 · 350/0.85) (numpy: 411.76470588, 1782.35294118).
    @Test func backwardExtraction() throws {
        #expect(try MillerBlairTests.output("miller-blair-2", "extract(manu, 2009, backward)") == """
            Backward extraction of manu, 2009: output x = L f and x̄ when manu buys nothing from the chain
            stage  output (USD)  without (USD)  loss (USD)  loss share (%)
            agri           1000     411.764706  588.235294      58.8235294
            manu           2000     1782.35294  217.647059      10.8823529
            total          3000     2194.11765  805.882353      26.8627451
            final demand: the chain's final_demand of 2009
            backward extraction: column manu of A set to 0, f kept (Dietzenbacher & van der Linden 1997; docs/model.md §9)
            """)
    }

    /// Forward extraction of manu: B = x̂⁻¹Z = [[.15, .5], [.1, .05]], row manu set to 0,
    /// v = (650, 1400) kept: x̄ᵀ = vᵀ(I − B̄)⁻¹ = (764.70588235, 1782.35294118) (numpy).
    @Test func forwardExtraction() throws {
        #expect(try MillerBlairTests.output("miller-blair-2", "extract(manu, 2009, forward)") == """
            Forward extraction of manu, 2009: output xᵀ = vᵀ G and x̄ when manu sells nothing to the chain
            stage  output (USD)  without (USD)  loss (USD)  loss share (%)
            agri           1000     764.705882  235.294118      23.5294118
            manu           2000     1782.35294  217.647059      10.8823529
            total          3000     2547.05882  452.941176      15.0980392
            value added: the chain's value_added of 2009
            forward extraction: row manu of B set to 0, v kept (supply-side model; Dietzenbacher & van der Linden 1997; docs/model.md §9)
            """)
        // `total` is the default's explicit spelling.
        #expect(try MillerBlairTests.output("miller-blair-2", "extract(manu, 2009, total)")
            == (try MillerBlairTests.output("miller-blair-2", "extract(manu, 2009)")))
    }

    /// Without published value_added, forward extraction derives v = x − Zᵀ·1 from the flows.
    @Test func forwardExtractionDerivesValueAdded() throws {
        let out = try MillerBlairTests.variant({ $0.split(separator: "\n").filter { !$0.contains(",value_added,") }.joined(separator: "\n") + "\n" },
                                               "extract(manu, 2009, forward)")
        #expect(out.contains("""
            total          3000     2547.05882  452.941176      15.0980392
            value added: v = x − Zᵀ·1 from the flows and outputs of 2009
            """), "\(out)")
    }

    @Test func extractionOptionErrors() throws {
        #expect(try MillerBlairTests.output("miller-blair-2", "extract(manu, 2009, direct)")
            .contains("error: the third argument of extract is total, backward or forward, found the option direct"))
        #expect(try MillerBlairTests.output("miller-blair-2", "extract(manu, 2009, 3)")
            .contains("error: the third argument of extract is total, backward or forward"))
        #expect(try MillerBlairTests.output("miller-blair-2", "link(agri, manu, backward)")
            .contains("error: the third argument is 'total'"))
        #expect(try MillerBlairTests.output("miller-blair-2", "forward()").contains("error: 'forward' is an option of extract, not a function"))
        #expect(try MillerBlairTests.output("miller-blair-2", "backward()").contains("error: 'backward' is an option of extract, not a function"))
        // The built-in chain publishes neither final demand nor flows.
        #expect(Harness.runFresh("extract(S3, 2020, backward)").contains("error: extract needs the final demand of 2020"))
        #expect(Harness.runFresh("extract(S3, 2020, forward)").contains("error: extract needs the value added of 2020"))
    }

    /// The vanadium chain's 2020 system (Tables S1, S2) with f = 100 at S5 (backward) and
    /// v = 100 at S1 (forward), extracting S3; expected values from numpy.
    @Test func vanadiumExtractionOfS3() throws {
        let context = ChainContext(chain: try Chain.vanadium(), models: ModelCache(), formatter: Formatter(), isInterrupted: { false })
        let sys = try context.system(2020, SourceRange(start: 0, end: 0, line: 1, column: 1))
        let backward = try sys.backwardExtraction(stage: "S3", finalDemand: [0, 0, 0, 0, 100])
        let expectedBackward = [0.0013143069574739856, 0.03755162735639959, 3.3773332824837965e-07, 5.536611938694591e-06, 7.285015708191622e-05]
        for (got, want) in zip(backward.loss, expectedBackward) { #expect(abs(got - want) < 1e-12, "\(backward.loss)") }
        #expect(abs(backward.totalLoss - 0.03894465881622243) < 1e-12)
        #expect(backward.kind == .backward)
        let forward = try sys.forwardExtraction(stage: "S3", valueAdded: [100, 0, 0, 0, 0])
        let expectedForward = [0.0, 2.038747818389197e-05, 2.6503721638482247e-06, 0.07096727298833287, 0.008090269120669949]
        for (got, want) in zip(forward.loss, expectedForward) { #expect(abs(got - want) < 1e-12, "\(forward.loss)") }
        #expect(abs(forward.totalLoss - 0.07908057995935056) < 1e-12)
        #expect(throws: IOModelError.unknownStage("S9")) { try sys.forwardExtraction(stage: "S9", valueAdded: [1, 0, 0, 0, 0]) }
        #expect(throws: IOModelError.dimensionMismatch(what: "final demand", expected: 5, actual: 2)) {
            try sys.backwardExtraction(stage: "S3", finalDemand: [1, 2])
        }
    }
}

extension Harness {
    /// The output of `source` in a fresh session on the built-in chain.
    static func runFresh(_ source: String) -> String {
        (try? Harness().run(source)) ?? "could not load the built-in chain"
    }
}

extension MeasuresTests {
    /// Intensity multipliers keep the intensity's unit (m = q · L; an emission intensity in t per
    /// unit of output gives t per unit of final demand): q = (0.5 t, 0.2 t) gives
    /// m = (0.5 · 1.25412541 + 0.2 · 0.264026403, 0.5 · 0.330033003 + 0.2 · 1.12211221) t (numpy:
    /// 0.67986799, 0.38943894); entries in kg and t are converted to the first entry's unit.
    @Test func intensityMultipliersKeepUnits() throws {
        #expect(try MillerBlairTests.output("miller-blair-2", "multipliers(vector(agri, 0.5 t, manu, 0.2 t), 2009)") == """
            stage  multipliers[2009] (t)
            agri             0.679867987
            manu             0.389438944
            """)
        #expect(try MillerBlairTests.output("miller-blair-2", "multipliers(vector(agri, 500 kg, manu, 0.2 t), 2009)") == """
            stage  multipliers[2009] (kg)
            agri               679.867987
            manu               389.438944
            """)
        #expect(try MillerBlairTests.output("miller-blair-2", "multipliers(vector(agri, 0.5 t, manu, 2 t/day), 2009)").contains("error: vector mixes t and t/day"))
    }
}

extension MeasuresTests {
    /// Household income multipliers on the closed two-sector example (numpy: Σ_i a_hi l_ij =
    /// (0.44224422, 0.37953795), l̄_hj = (0.56984903, 0.48904954); Type II / Type I = l̄_hh =
    /// 1.28853923 for both sectors).
    @Test func incomeMultipliers() throws {
        #expect(try MillerBlairTests.output("miller-blair-2-households", "income_multipliers(2009)") == """
            Household income multipliers, 2009 (households: hh)
            stage  labour  type1_effect       type1  type2_effect       type2  type2/type1
            agri      0.3   0.442244224  1.47414741   0.569849033  1.89949678   1.28853923
            manu     0.25   0.379537954  1.51815182   0.489049543  1.95619817   1.28853923
            labour a_hj; type1_effect Σ_i a_hi l_ij (open model); type2_effect l̄_hj (closed); type1, type2: effect / a_hj, NA where a_hj = 0 (Miller & Blair 2009 §6.2.2; docs/model.md §8.1)
            """)
        #expect(try MillerBlairTests.output("miller-blair-2", "income_multipliers(2009)")
            .contains("error: chain mb2 has no household stage: income multipliers need one"))
    }
}
