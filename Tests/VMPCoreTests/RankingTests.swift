import Foundation
import Testing
@testable import VMPCore

/// `sort(v)` and `top(v, k)` on vectors by stage and series by year.
@Suite struct RankingTests {
    @Test func sortAndTopOfAVectorByStage() throws {
        #expect(try MillerBlairTests.output("miller-blair-3", "sort(output_multipliers(2009))\ntop(output_multipliers(2009), 2)") == """
            stage  output_multipliers[2009]
            s3                   2.13480757
            s2                   2.26238571
            s1                   2.46225813
            stage  output_multipliers[2009]
            s1                   2.46225813
            s2                   2.26238571
            """)
    }

    @Test func topOfASeriesAndItsErrors() throws {
        let h = try Harness()
        #expect(h.run("top(present(S3.cost), 1)") == "year  S3.cost (million RMB)\n2019                 37.979")
        #expect(h.run("top(S3.cost, 2)").contains("error: S3.cost is NA for 2015, 2016, 2017, 2020, 2021, 2022"))
        #expect(h.run("top(present(S3.cost), 0)").contains("error: top needs a count of at least 1, found 0"))
        #expect(h.run("sort(3)").contains("error: sort needs a series or vector"))
    }
}
