import Foundation
import Testing
@testable import VMPCore

/// The heading of a computed series or table says how it was computed, stays short however
/// often a value is rebuilt, and does not carry the source notes of the published operand.
@Suite struct ComputedLabelTests {
    /// `let s = s + s` thirty times doubled the label each round (2^30 copies of `S3.cost`,
    /// gigabytes); now an operand label past the limit is `…` and the heading stays `… + …`.
    @Test func labelOfAValueRebuiltInALoopStaysShort() throws {
        let h = try Harness()
        let out = h.run("let s = S3.cost\nfor i in 1..30 { let s = s + s }\ns")
        let heading = try #require(out.split(separator: "\n").first)
        #expect(heading == "year  … + … (million RMB)")
        #expect(out.contains("2019      40779640733.696"))
    }

    /// The same class: a product and a quotient rebuilt many times, and one long operand.
    @Test(arguments: ["let s = link(S2,S3)\nfor i in 1..200 { let s = s * 2 }\ns",
                      "let s = link(S2,S3)\nfor i in 1..200 { let s = s / 1 + s - s }\ns",
                      "let s = -link(S2,S3)\nfor i in 1..30 { let s = -s% * 100 }\ns"])
    func headingIsBoundedForAnyLoop(source: String) throws {
        let h = try Harness()
        let out = h.run(source)
        let heading = try #require(out.split(separator: "\n").first)
        #expect(heading.hasPrefix("year  "), "\(out)")
        #expect(heading.count <= 6 + 2 * Operations.operandLabelLimit + 8, "\(heading)")
    }

    @Test func shortLabelsAreKeptAndParenthesised() {
        #expect(Operations.label("link(S1, S2)", .multiply, "100") == "link(S1, S2) * 100")
        #expect(Operations.label("a + b", .multiply, "2") == "(a + b) * 2")
        #expect(Operations.negatedLabel("a + b") == "-(a + b)")
        #expect(Operations.percentLabel("x") == "x%")
        let long = String(repeating: "S3.cost + ", count: 10) + "S3.cost"
        #expect(Operations.label(long, .add, "1") == "… + 1")
        #expect(Operations.negatedLabel(long) == "-…")
    }

    /// `-link(S2,S3)` was headed `link(S2, S3)`, as if it were the published series.
    @Test func negationNamesItselfInTheHeading() throws {
        let h = try Harness()
        let out = h.run("-link(S2,S3)")
        #expect(out.hasPrefix("year  -link(S2, S3)\n2015         -0.065"), "\(out)")
    }

    /// `-A[2020]` and `A[2020]%` are computed tables: their title is the expression and the
    /// notes on where A comes from are dropped, as for `A[2020] * 2`.
    @Test(arguments: [("-A[2020]", "-A[2020]"), ("A[2020]%", "A[2020]%"), ("A[2020] * 2", "A[2020] * 2")])
    func computedTablesDropTheOperandsNotes(source: String, title: String) throws {
        let h = try Harness()
        #expect(h.run("A[2020]").contains("published values (Table S2)"))
        let computed = h.run(source).split(separator: "\n").map(String.init)
        #expect(computed.first == title, "\(computed)")
        #expect(computed.count == 7, "a title, a heading and five rows, no notes: \(computed)")
    }
}
