import Foundation
import Testing
@testable import VMPCore

/// `aggregate CHAIN (s1, s2, …) as NAME` (docs/model.md §10): flows, outputs and additive
/// quantities summed, intensive ones NA, coefficients recomputed where exact; its errors.
@Suite struct AggregateTests {
    /// A three-sector table with flows Z = [[10, 20, 5], [15, 5, 30], [5, 10, 5]] t,
    /// x = (100, 120, 80) t, emissions in t CO2 (additive) and a unit cost in million RMB/t
    /// (an intensity: never summed).
    static let threeSector: [String: String] = [
        "chain.toml": """
            [chain]
            name = "three"
            title = "Three sectors"
            first_year = 2020
            last_year = 2020
            flow_unit = "t"
            [files]
            quantities = "quantities.csv"
            linkages = "flows.csv"
            [units]
            output = "t"
            emissions = "t CO2"
            unit_cost = "million RMB/t"
            [[stages]]
            id = "a"
            [[stages]]
            id = "b"
            [[stages]]
            id = "c"
            """,
        "flows.csv": """
            from,to,year,kind,value,unit,source
            a,a,2020,flow,10,t,T1
            a,b,2020,flow,20,t,T1
            a,c,2020,flow,5,t,T1
            b,a,2020,flow,15,t,T1
            b,b,2020,flow,5,t,T1
            b,c,2020,flow,30,t,T1
            c,a,2020,flow,5,t,T1
            c,b,2020,flow,10,t,T1
            c,c,2020,flow,5,t,T1
            """,
        "quantities.csv": """
            stage,quantity,year,value,unit,source
            a,output,2020,100,t,T2
            b,output,2020,120,t,T2
            c,output,2020,80,t,T2
            a,emissions,2020,1.5,t CO2,T3
            b,emissions,2020,0.25,t CO2,T3
            c,emissions,2020,2,t CO2,T3
            a,unit_cost,2020,0.4,million RMB/t,T4
            b,unit_cost,2020,0.6,million RMB/t,T4
            """,
    ]

    static func run(_ files: [String: String], _ source: String) throws -> String {
        let directory = try ChainFilesTests.write(files.mapValues { Data(($0 + "\n").utf8) })
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = Session(chain: try Chain.load(manifest: directory), formatter: Formatter(precision: 9))
        var lines: [String] = []
        let outcome = session.run(source) { lines.append($0) }
        if !outcome.succeeded { lines.append(Session.render(outcome.diagnostics, source: source, name: "t")) }
        return lines.joined(separator: "\n")
    }

    /// S = [[1, 1, 0], [0, 0, 1]]: Z* = S Z Sᵀ = [[50, 35], [15, 5]], x* = (220, 80);
    /// A* and L* as numpy gives them (L* = [[1.349693251534, 0.629856850716],
    /// [0.098159509202, 1.112474437628]]).
    @Test func flowsOutputsAndInverse() throws {
        let out = try Self.run(Self.threeSector, """
            aggregate (a, b) as ab
            ab.stages
            ab.Z[2020]
            ab.output
            ab.L[2020]
            ab.emissions
            """)
        #expect(out == """
            note: ab: not summed (a share, an intensity or a plain number): unit_cost — NA for a_b
            [a_b, c]
            Z[2020]: flows z_ij (from the supplying stage i to the receiving stage j) (t)
            i \\ j  a_b   c
            a_b     50  35
            c       15   5
            output (t)
            year  a_b   c
            2020  220  80
            L[2020]: Leontief inverse (I − A)⁻¹
            i \\ j           a_b            c
            a_b      1.34969325  0.629856851
            c      0.0981595092   1.11247444
            emissions (t CO2)
            year   a_b  c
            2020  1.75  2
            """, "\(out)")
    }

    /// The aggregated values name what they were summed from; the source chain is unchanged.
    @Test func provenanceAndSourceUnchanged() throws {
        let out = try Self.run(Self.threeSector, """
            aggregate three (a, b) as ab
            :source ab.a_b.output[2020]
            :source ab.Z[2020][ab.a_b][ab.c]
            three.stages
            """)
        #expect(out.contains("a_b.output[2020] = 220 t  (sum: three.a.output[2020] + three.b.output[2020])"), "\(out)")
        #expect(out.contains("Z[2020][a_b][c] = 35 t  (sum: three.Z[2020][a][c] + three.Z[2020][b][c])"), "\(out)")
        #expect(out.hasSuffix("[a, b, c]"))
    }

    /// Miller & Blair's two sectors as one: z = 950, x = 3000, f = 350 + 1700, so a = 950/3000
    /// and L = 1/(1 − a) = 3000/2050 (hand-checked).
    @Test func millerBlairAsOneSector() throws {
        #expect(try MillerBlairTests.output("miller-blair-2", "aggregate mb2 (agri, manu) as one\none.A[2009]\none.L[2009]\none.final_demand") == """
            A[2009]: technical coefficients a_ij = z_ij/x_j (backward, "Sj pulls Si")
            i \\ j        agri_manu
            agri_manu  0.316666667
            L[2009]: Leontief inverse (I − A)⁻¹
            i \\ j       agri_manu
            agri_manu  1.46341463
            final_demand (USD)
            year  agri_manu
            2009       2050
            """)
    }

    /// A coefficients-only table: a_{s1_s2, s3} = a_13 + a_23 = 0.2 + 0.2 is exact; the
    /// coefficients into the merged column need outputs, which mb3 lacks: NA with a note.
    @Test func coefficientsOnlyChain() throws {
        let out = try MillerBlairTests.output("miller-blair-3", "aggregate (s1, s2) as m\nm.pull()")
        #expect(out == """
            note: m: NA, no output of every merged stage to weigh them: pull(s1_s2, s1_s2)[2009], pull(s1_s2, s3)[2009] (the model counts them as 0)
            Backward linkages: Sj pulls Si (technical coefficients a_ij, dimensionless)
            year  s3 pulls s1_s2  s3 pulls s3
            2009            0.45         0.05
            """, "\(out)")
    }

    /// The built-in chain: S3 and S4 merged; pull(S5, S3_S4) = a_35 + a_45 = 0 + 0.076 and
    /// link(S2, S3_S4) = b_23 + b_24 = 0.130 + 0 in 2020 (Tables S1, S2), exact sums.
    @Test func builtInChain() throws {
        let h = try Harness()
        _ = h.run("aggregate vanadium (S3, S4) as v34")
        #expect(h.run("v34.stages") == "[S1, S2, S3_S4, S5]")
        #expect(h.run("pull(v34.S5, v34.S3_S4)[2020]") == "0.076")
        #expect(h.run("link(v34.S2, v34.S3_S4)[2020]") == "0.13")
        #expect(h.run(":source link(v34.S2, v34.S3_S4)[2020]").contains("sum: vanadium.link(S2, S3)[2020]"))
        #expect(h.run("stages") == "[S1, S2, S3, S4, S5]")
    }

    @Test func errors() throws {
        func error(_ source: String) throws -> String {
            try MillerBlairTests.output("miller-blair-2", source)
        }
        #expect(try error("aggregate (agri, mnau) as x").contains("error: chain mb2 has no stage 'mnau'"))
        #expect(try error("aggregate (agri, agri) as x").contains("error: stage agri is listed twice"))
        #expect(try error("aggregate (agri) as x").contains("error: aggregate merges at least two stages, given 1"))
        #expect(try error("aggregate (agri, manu) as L").contains("error: 'L' is a built-in function and cannot be rebound"))
        #expect(try error("aggregate (agri, manu) as agri").contains("error: 'agri' is a stage of the chain and cannot be rebound"))
        #expect(try error("aggregate (agri, manu) as mb2").contains("error: 'mb2' is the session's own chain"))
        #expect(try error("aggregate (agri, manu) as output").contains("error: 'output' is a quantity of chain mb2"))
        #expect(try error("aggregate (agri, manu) as agri_manu").contains("error: the merged stage would be agri_manu: stage id \"agri_manu\" clashes with the chain name agri_manu"))
        #expect(try error("aggregate nochain (agri, manu) as x").contains("error: unknown chain 'nochain'"))
        #expect(try error("aggregate (agri, manu)").contains("expected 'as' and a name for the new chain"))
        #expect(try error("aggregate (agri manu) as x").contains("error: expected ')' to close the list of stages"))
        #expect(try MillerBlairTests.output("miller-blair-2-households", "aggregate (agri, hh) as x")
            .contains("error: hh is the household stage of chain mbhh: it cannot merge with producing stages"))
        // A merged id that a stage already has.
        var files = Self.threeSector
        files["chain.toml"] = files["chain.toml"]?.replacingOccurrences(of: "id = \"c\"", with: "id = \"a_b\"")
        files["flows.csv"] = files["flows.csv"]?.replacingOccurrences(of: ",c,", with: ",a_b,").replacingOccurrences(of: "\nc,", with: "\na_b,")
        files["quantities.csv"] = files["quantities.csv"]?.replacingOccurrences(of: "\nc,", with: "\na_b,")
        #expect(try Self.run(files, "aggregate (a, b) as ab").contains("error: chain three already has a stage a_b, the id of the merged stage"))
    }

    @Test func parsesAndChecks() throws {
        let (statements, diagnostics) = Parser.parse("aggregate mb2 (agri, manu) as one\naggregate (a,\n b, c) as x")
        #expect(diagnostics.isEmpty)
        #expect(statements.map(ASTPrinter.print) == ["(aggregate mb2 (agri manu) one)", "(aggregate (a b c) x)"])
        // `vmp check` knows the chain the statement binds.
        let chain = try Chain.load(manifest: ChainFilesTests.fixtures + "/miller-blair-2")
        #expect(Checker.check("aggregate (agri, manu) as one\none.L[2009]", chain: chain).isEmpty)
        #expect(Checker.check("aggregate nochain (agri, manu) as one", chain: chain).map(\.message) == ["unknown chain 'nochain'"])
        #expect(Checker.check("aggregate mb2 (agri, mnau) as one", chain: chain).map(\.message) == ["chain mb2 has no stage 'mnau'"])
    }
}
