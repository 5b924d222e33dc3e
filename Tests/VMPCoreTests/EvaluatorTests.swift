import Testing
@testable import VMPCore

@Suite struct EvaluatorTests {
    @Test(arguments: [
        ("S3.cost[2019]", "37.979 million RMB"),
        ("S2.cost[2018] / S2.cost[2017]", "4.10411899314"),
        ("link(S2, S3)[2022]", "0.133"),
        ("pull(S3, S2)[2020]", "0.081"),
        ("pull(S2, S5)[2021]", "0.001916"),
        ("link(S1, S2)[2022]", "0.07"),
        ("link(S2, S3)[2016]", "0.070"),
        ("S4.output[2022] in 10^4 t", "11.3947 (10^4 t)"),
        ("S2.output[2022] in t", "133400 t"),
        ("-2^2", "-4"),
        ("2^3^2", "512"),
        ("10%", "0.1"),
        ("0.1 + 0.2", "0.3"),
        ("1000 - 20%", "999.8"),
        ("1 kt + 1 t", "1.001 kt"),
        ("1 t + 1 kt", "1001 t"),
        ("50 t/day * 365 day", "18250 t"),
        ("1 year in day", "365 day"),
        ("3 million RMB / 2 t", "1.5 million RMB/t"),
        ("2 t / 4 t", "0.5"),
        ("1 kt / 1 t", "1000"),
        ("0.25 in %", "25%"),
        ("-0 * 1", "0"),
        ("-(1e-300 * 1e-7)", "-1e-307"),
        ("1 / 3", "0.333333333333"),
        ("2 / 3 * 3", "2"),
        ("123456789", "123456789"),
        ("1e20", "1e20"),
        ("S3.cost[2015]", "NA"),
        ("S3.cost[2015] + 1 million RMB", "NA"),
        ("S3.cost[2019] > S3.cost[2018]", "true"),
        ("if 1 t < 1 kt then \"less\" else \"more\"", "less"),
        ("growth(S5.cost, 2015, 2022)", "2.2515641293"),
        ("growth(S5.cost, 2015, 2016)", "NA"),
        ("sum(present(cost[2018]))", "82.254 million RMB"),
        ("mean(present(S2.cost))", "12.92775 million RMB"),
        ("max(link(S1, S2))", "0.073"),
        ("argmax(link(S1, S2))", "2021"),
        ("argmin(present(cost[2018]))", "S3: chemical separation and intermediates"),
        ("count(present(S2.cost))", "4"),
        ("first(present(S5.cost))", "3.836 million RMB"),
        ("last(link(S5, S2))", "0.00253"),
        ("round(2.5)", "3"),
        ("round(S3.cost[2019], 1)", "38 million RMB"),
        ("abs(-3 t)", "3 t"),
        ("sqrt(16)", "4"),
        ("S1.emissions", "18200 t CO2"),
        ("S4.unit_output", "1060 t/day"),
        ("S3.unit_cost", "17.34 million RMB/t"),
        ("S5.output", "NA"),
        ("S4.priority", "1"),
        ("S3.name", "chemical separation and intermediates"),
        ("\"a\" + \"b\"", "ab"),
        ("S2 == S2", "true"),
        ("vanadium.S3.cost[2019]", "37.979 million RMB"),
        ("let x = 3 t\nx * 2", "6 t"),
        ("fn share(s, y) = s.cost[y] / sum(present(cost[y]))\nshare(S3, 2018)", "0.196537554405"),
        ("fn f(n) = if n <= 1 then 1 else n * f(n - 1)\nf(10)", "3628800"),
        ("print \"S2 in {2018}: {S2.cost[2018]}\"", "S2 in 2018: 25.109 million RMB"),
        ("for y in 2017..2018 { print \"{y}: {S2.cost[y]}\" }", "2017: 6.118 million RMB\n2018: 25.109 million RMB"),
        ("link(S2, S3)[2015..2016] * 2", "year  link(S2, S3) * 2\n2015              0.13\n2016              0.14"),
        ("S2.cost - S4.cost", "year  S2.cost - S4.cost (million RMB)\n2015                               NA\n2016                               NA\n2017                           -4.063\n2018                           -15.87\n2019                               NA\n2020                           -7.864\n2021                               NA\n2022                               NA"),
        ("1 + 2; 3", "3\n3"),
        ("\"brace \\{x\\}\"", "brace {x}"),
    ])
    func values(source: String, expected: String) throws {
        #expect(try Harness().run(source) == expected)
    }

    @Test func seriesPrintsWithUnitInHeader() throws {
        #expect(try Harness().run("S3.cost[2018..2019]") == """
            year  S3.cost (million RMB)
            2018                 16.166
            2019                 37.979
            """)
        #expect(try Harness().run("cost[2018]") == """
            stage  cost[2018] (million RMB)
            S1                           NA
            S2                       25.109
            S3                       16.166
            S4                       40.979
            S5                           NA
            """)
    }

    @Test func mixedUnitsGoInTheCells() throws {
        #expect(try Harness().run("emissions") == """
            stage          emissions
            S1           18200 t CO2
            S2     4.37 (10^4 t CO2)
            S3     3.27 (10^4 t CO2)
            S4                    NA
            S5     0.04 (10^4 t CO2)
            """)
    }

    @Test(arguments: [
        ("link(S1, S3)", "no published forward linkage 'S1 drives S3'", "published: link(S1, S2), link(S2, S3), link(S3, S4), link(S4, S5), link(S5, S2)"),
        ("pull(S2, S3)", "no published backward linkage 'S2 pulls S3'", "published: pull(S2, S1), pull(S3, S2), pull(S4, S3), pull(S5, S4), pull(S2, S5)"),
        ("S3.cots", "stage S3 has no quantity 'cots'", "did you mean 'cost'?"),
        ("S9.cost", "unknown name 'S9'", "the stages are S1, S2, S3, S4, S5"),
        ("lnk(S2, S3)", "unknown name 'lnk'", "did you mean 'link'?"),
        ("1 t + 20%", "cannot use addition on 1 t (mass) and 0.2 (dimensionless)", "a percentage or plain number cannot be added to a quantity with a unit; relative change is what shocks are for"),
        ("1 t + 1 day", "cannot use addition on 1 t (mass) and 1 day (time)", "mass and time are different things: no unit conversion turns one into the other; check the units"),
        ("S3.cost[2030]", "year 2030 is not in S3.cost (years: 2015..2022)", nil),
        ("S3.cost[2019.5]", "a year must be a whole number, found 2019.5", nil),
        ("S3.cost[1..999999999]", "year 1 is not in S3.cost (years: 2015..2022)", nil),
        ("cost[2016..999999999]", "year 999999999 is not in cost (years: 2015..2022)", nil),
        ("sum(S3.cost)", "sum: 6 of 8 values of S3.cost are NA (2015, 2016, 2017, 2020, 2021, 2022)", "use sum(present(x)) to aggregate the published values only"),
        ("1 / 0", "division by zero", nil),
        ("1e308 * 10", "multiplication overflows: the result is too large", nil),
        ("10 ^ 400", "power overflows: the result is too large", nil),
        ("1e-300 * 1e-300", "multiplication underflows: the result is too small (below about 2.2e-308)", nil),
        ("2 ^ -1075", "power underflows: the result is too small (below about 2.2e-308)", nil),
        ("S3.cost + S4.output", "cannot use addition on 16.166 million RMB (money in CNY) and 113947 t (mass)", "money in CNY and mass are different things: no unit conversion turns one into the other; check the units"),
        ("1 \u{2212} 1", "unexpected character '\u{2212}' (U+2212)", "write the ASCII '-'"),
        ("let x\u{200B} = 1", "unexpected character U+200B", nil),
        ("(-8) ^ 0.5", "power has no real result", nil),
        ("S4.output[2022] in million RMB", "cannot convert 113947 t (mass) to million RMB (money in CNY)", nil),
        ("if S3.cost[2015] > 1 million RMB then 1 else 2", "condition is NA (S3.cost[2015] is not published)", "test for a published value first, or use present()"),
        ("fn f(n) = f(n + 1)\nf(1)", "recursion is too deep (more than 200 nested calls)", nil),
        ("let S3 = 1", "'S3' is a stage of the chain and cannot be rebound", nil),
        ("t + 1", "'t' is a unit, not a value", "write a number before it: 1 t"),
        ("for y in 3 { }", "'for' needs a range like 2015..2022 or a list, found a number", nil),
        ("link(S2)", "link takes two stages", nil),
        ("growth(S5.cost, 2015)", "growth takes 3 arguments, given 2", "usage: growth(series, first_year, last_year)"),
    ])
    func errors(source: String, message: String, hint: String?) throws {
        let d = try Harness().diagnostics(source)
        #expect(d.first?.message == message)
        #expect(d.first?.hint == hint)
    }

    @Test func aFailedInputLeavesNoHalfMadeBinding() throws {
        let h = try Harness()
        _ = h.run("let a = 1")
        _ = h.run("let a = 2\nlet b = 1 / 0")
        #expect(h.run("a") == "1")
        #expect(h.run("b").contains("unknown name 'b'"))
    }

    @Test func scriptArgumentsAreAListOfStrings() throws {
        let h = try Harness()
        h.session.setArguments(["2020", "S3"])
        #expect(h.run("args") == "[\"2020\", \"S3\"]")
        #expect(h.run("number(args[1]) + 1") == "2021")
        #expect(h.run("length(args)") == "2")
        #expect(h.run("args[3]").contains("position 3 is outside the list (1..2)"))
        #expect(h.run("number(args[2])").contains("\"S3\" is not a number"))
        #expect(h.run("for i in 1..1000000000 { }").contains("a range bound is too large: 1000000000 (whole numbers here stay below 10^9)"))
    }

    @Test func letInALoopBindsInTheSessionAndEmptyRangesRunZeroTimes() throws {
        let h = try Harness()
        #expect(h.run("let s = 0\nfor i in 1..4 { let s = s + i }\ns") == "10")
        #expect(h.run("for i in 1..0 { print i }\n\"done\"") == "done")
        #expect(h.run("i").contains("unknown name 'i'"))
    }

    /// An error inside a function defined in an earlier input points at this input's call.
    @Test func errorsInAFunctionPointAtTheCall() throws {
        let h = try Harness()
        _ = h.run("fn g(x) = x / 0")
        #expect(h.run("1 + g(1)") == """
            t:1:5: error: division by zero (in fn g)
              1 + g(1)
                  ^~~~
            """)
    }

    @Test func aPublishedMinusZeroPrintsAsZero() {
        let p = PublishedValue(value: -0.0, text: "-0", unit: "t", provenance: Provenance(source: "test"))
        #expect(Formatter().digits(Quantity(p.value, Unit.one, printed: p.text)) == "0")
    }

    @Test func ansHoldsTheLastResult() throws {
        let h = try Harness()
        _ = h.run("2 t")
        #expect(h.run("ans * 3") == "6 t")
    }

    @Test func sourcesOfAComputedValue() throws {
        #expect(try Harness().run(":source S2.cost[2018] / S2.cost[2017]") == """
            S2.cost[2018] = 25.109 million RMB  (§4.2)
            S2.cost[2017] = 6.118 million RMB  (§4.2)
            """)
        #expect(try Harness().run(":source 1 + 2") == "no published values: computed from what was typed")
    }

    @Test func precisionIsAdjustable() throws {
        #expect(try Harness(precision: 3).run("1 / 3") == "0.333")
        #expect(try Harness(precision: 3).run("S3.cost[2019]") == "37.979 million RMB")
    }

    @Test func caretIsPlacedByDisplayWidth() throws {
        let h = try Harness()
        #expect(h.run("\"钒钢\" + 1") == """
            t:1:6: error: addition is not defined for a string and a number
              "钒钢" + 1
                     ^
            """)
    }

    @Test func interruptStopsALongLoop() throws {
        let h = try Harness()
        var polls = 0
        h.session.isInterrupted = { polls += 1; return polls > 1000 }
        let d = h.diagnostics("for y in 1..100000000 { let z = y }")
        #expect(d.first?.kind == .interrupted)
    }
}
