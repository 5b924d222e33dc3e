import Testing
@testable import VMPCore

@Suite struct FormatTests {
    @Test(arguments: [
        (0.30000000000000004, "0.3"), (-0.0, "0"), (1e-7, "1e-7"), (-1.5e-9, "-1.5e-9"), (2.0, "2"),
        (1234567.891, "1234568"), (0.001916, "0.001916"), (4.104119, "4.10412"), (1e15, "1e15"),
        (-1e-12, "-1e-12"), (Double.nan, "NA"), (Double.infinity, "NA"),
    ])
    func numbers(value: Double, expected: String) {
        #expect(Formatter().number(value) == expected)
    }

    @Test func neverMinusZero() {
        #expect(Formatter(precision: 2).number(-0.0000001) == "-1e-7")
        #expect(Formatter(precision: 1).number(-0.04) == "-0.04")
    }

    @Test func gridAlignsByDisplayWidth() {
        let g = Formatter().grid(header: ["stage", "v"], rows: [["钒钢", "1"], ["S1", "22"]], rightAligned: [false, true])
        #expect(g == "stage   v\n钒钢    1\nS1     22")
    }
}
