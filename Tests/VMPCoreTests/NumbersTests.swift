import Testing
@testable import VMPCore

/// Issue 9, "Numbers and units people can trust, round 2": each class of the issue as a table
/// of inputs and what a user sees (the examples first, then our own).
@Suite struct NumbersTests {
    /// 1. Display: typed numbers print their own digits; exact decimal results print all their
    /// digits; other results are cut to 12 significant digits, never below the integer part.
    @Test(arguments: [
        ("10000.95", "10000.95"),
        ("10000 + 0.95", "10000.95"),
        ("250104.167 - 35729.170", "214374.997"),
        ("1e15 + 1", "1000000000000001"),
        ("1234567890123456", "1234567890123456"),
        ("1.1 - 1 - 0.1", "0"),
        // ours
        ("1e15", "1e15"),
        ("1e15 + 1 - 1e15", "1"),
        ("0.1 + 0.2", "0.3"),
        ("0.1234567890123", "0.1234567890123"),
        ("1 / 3", "0.333333333333"),
        ("2 / 3", "0.666666666667"),
        ("0.1 / 3 * 3", "0.1"),
        ("1e15 / 3", "333333333333333"),
        ("-0.1 - 0.2", "-0.3"),
        ("0.3 / 0.1", "3"),
        ("1.1 ^ 2", "1.21"),
        ("1e-7 * 1.5", "1.5e-7"),
        ("2e306 * 1", "2e306"),
        ("let x = 1 / 3\nx + 1 - 1 - x", "0"),
        // from numbat #730 and #179, insect #54
        ("let Ra = 214374.997\nRa", "214374.997"),
        ("3e6 + 0.1", "3000000.1"),
        ("3e7 + 1.1", "30000001.1"),
        ("0.1428571 * 7", "0.9999997"),
        ("1 - 99.9999999%", "1e-9"),
        ("365 * (1 - 99.9999999%)", "3.65e-7"),
    ])
    func display(source: String, expected: String) throws {
        #expect(try Harness().run(source) == expected)
    }

    /// `--precision N` still rounds every computed number (half away from zero on the decimal).
    @Test(arguments: [("10000.95", 3, "10001"), ("1 / 3", 3, "0.333"), ("1.005", 3, "1.01"), ("214374.997", 4, "214375")])
    func precisionRounds(source: String, precision: Int, expected: String) throws {
        #expect(try Harness(precision: precision).run(source) == expected)
    }

    /// 2. `==` agrees with the screen, for every comparison, in either order, in any unit.
    @Test(arguments: [
        ("0.1 + 0.2 == 0.3", "true"),
        ("0.1 * 3 == 0.3", "true"),
        ("9 kg == 0.009 t", "true"),
        ("0.009 t == 9 kg", "true"),
        ("0.009 t - 9 kg", "0 t"),
        // ours
        ("0.009 t != 9 kg", "false"),
        ("0.009 t <= 9 kg", "true"),
        ("9 kg >= 0.009 t", "true"),
        ("9 kg < 0.009 t", "false"),
        ("0.009 t > 9 kg", "false"),
        ("1 / 3 * 3 == 1", "true"),
        ("0.1 / 3 * 3 == 0.1", "true"),
        ("1e15 + 1 == 1e15", "false"),
        ("1e15 + 1 > 1e15", "true"),
        ("1 year == 365 day", "true"),
        ("1 kt - 1000000 kg", "0 kt"),
        ("0.7 + 0.1 == 0.8", "true"),
    ])
    func equality(source: String, expected: String) throws {
        #expect(try Harness().run(source) == expected)
    }

    /// 3. Overflow and range: checked in the unit a value is shown in; a non-finite result is an
    /// error naming the operation, never `NA`.
    @Test(arguments: [
        ("1e306 kt + 1e306 kt", "2e306 kt"),
        ("1e306 kt == 1e306 kt", "true"),
        ("round(1e308, 2)", "1e308"),
        ("round(1e308, 2) > 5", "true"),
        ("round(1e308, 2) == 1e308", "true"),
        // ours
        ("1e306 kt > 1 t", "true"),
        ("1e306 kt in kg", "-e:1:13: conversion to kg overflows: the result is too large"),
        ("1e308 * 10", "-e:1:7: multiplication overflows: the result is too large"),
        ("1e308 t + 1e308 t", "-e:1:9: addition overflows: the result is too large"),
        ("1 t + 1e308 kt", "-e:1:5: addition (1e308 kt in t) overflows: the result is too large"),
        ("-1e308 - 1e308", "-e:1:8: subtraction overflows: the result is too large"),
        ("1e-300 * 1e-300", "-e:1:8: multiplication underflows: the result is too small (below about 2.2e-308)"),
    ])
    func overflow(source: String, expected: String) throws {
        let out = try Harness().run(source)
        if expected.hasPrefix("-e:") {
            // t:LINE:COL: error: MESSAGE
            let parts = expected.dropFirst(3).split(separator: ":", maxSplits: 2)
            #expect(out.hasPrefix("t:\(parts[0]):\(parts[1]): error:\(parts[2])"), "\(out)")
            #expect(!out.contains("NA"))
        } else {
            #expect(out == expected)
        }
    }

    /// 4. Units cancel word by word, convert within a dimension to the first word, print in a
    /// form that can be typed back, and keep powers within ±24.
    @Test(arguments: [
        ("2 kg * 3 t / (1 t)", "6 kg"),
        ("3 t * 2 kg / (1 kg)", "6 t"),
        ("50 t/day * 1 year", "18250 t"),
        ("10 RMB/kg * 2 t", "20000 RMB"),
        ("113947 t in 10^4 t", "11.3947 (10^4 t)"),
        ("50 (10^4 t)", "50 (10^4 t)"),
        ("50 (10^4 t) in t", "500000 t"),
        ("let r = shock S2 by +10% in 2020\nr.S4.total", "0.133900515072%"),
        ("let r = shock S2 by +10% in 2020\nr.S4.total * 2", "0.267801030145%"),
        // ours
        ("2 t * 3 t", "6 t^2"),
        ("(2 t)^2 / (1 t)", "4 t"),
        ("1 t / (1 day)", "1 t/day"),
        ("1 / (2 day)", "0.5 day^-1"),
        ("5 t / (2 t)", "2.5"),
        ("1 kt / (1 kg)", "1000000"),
        ("3 million RMB / (2 t) * 4 t", "6 million RMB"),
        ("50 (10^4 t/day) * 2", "100 (10^4 t/day)"),
        ("1 t CO2 / (1 t)", "1 t CO2/t"),
        ("let r = shock S2 by +10% in 2020\nr.S4.total / 2 < r.S4.total", "true"),
    ])
    func units(source: String, expected: String) throws {
        #expect(try Harness().run(source) == expected)
    }

    /// What a unit prints as is what it reads back as.
    @Test(arguments: ["2 kg * 3 t / (1 t)", "2 t * 3 t", "1 / (2 day)", "113947 t in 10^4 t", "3 million RMB / (2 t)", "1 t CO2 / (1 t)"])
    func unitsTypeBack(source: String) throws {
        let h = try Harness()
        let shown = h.run(source)
        #expect(h.run("(\(shown)) == (\(source))") == "true", "\(shown)")
    }

    @Test func anUnclosedScaledUnitSaysSo() throws {
        #expect(try Harness().run("50 (10^4 t").contains("expected ')' to close the unit"))
    }

    /// Absurd unit powers are a diagnostic, not a 4 MB name or a trap.
    @Test(arguments: [
        ("let x = 1 t\nfor i in 1..20 { let x = x*x }", "t:2:27: error: multiplication: the unit's power of t would exceed 24"),
        ("let x = 1 t\nfor i in 1..14 { let x = x^24 }", "t:2:27: error: power: the unit's power of t would exceed 24"),
        ("(1 t)^25", "t:1:6: error: a quantity with a unit can only be raised to a whole power between -24 and 24"),
        ("(1 t^24) * (1 t)", "t:1:10: error: multiplication: the unit's power of t would exceed 24"),
    ])
    func absurdUnitPowers(source: String, expected: String) throws {
        #expect(try Harness().run(source).hasPrefix(expected))
    }

    /// Units from chain files are checked the same way (no trap on an absurd power).
    @Test func unitTextWithAbsurdPowersIsAnError() throws {
        #expect(throws: UnitError.powerTooLarge("t")) { try UnitRegistry.resolve("t^-9223372036854775808") }
        #expect(throws: UnitError.powerTooLarge("t")) { try UnitRegistry.resolve("t^25") }
        #expect(throws: UnitError.unknownWord("10^99")) { try UnitRegistry.resolve("10^99 t") }
        #expect(try UnitRegistry.resolve("t day/day").name == "t")
        #expect(try UnitRegistry.resolve("10^4 t/day").name == "10^4 t/day")
    }

    /// 5. Rounding and conversion: half away from zero on the decimal value, as the display does.
    @Test(arguments: [
        ("round(1.005, 2)", "1.01"),
        ("round(1.255, 2)", "1.26"),
        ("number(\"-5\")", "-5"),
        // ours
        ("round(-1.005, 2)", "-1.01"),
        ("round(2.5)", "3"),
        ("round(-2.5)", "-3"),
        ("round(1234.5, -2)", "1200"),
        ("round(0.5, 0)", "1"),
        ("round(0.04, 1)", "0"),
        ("round(1 / 3, 4)", "0.3333"),
        ("number(\"+2.5\")", "2.5"),
        ("number(\" -1e3 \")", "-1000"),
        ("number(\"5\") + number(\"-5\")", "0"),
        ("number(\"-1.0000000000001\")", "-1.0000000000001"),
        ("abs(-0.1234567890123)", "0.1234567890123"),
    ])
    func rounding(source: String, expected: String) throws {
        #expect(try Harness().run(source) == expected)
    }

    @Test func displayAndRoundAgree() throws {
        // 1.005 and 1.255 at 3 significant digits print as round(x, 2) does.
        #expect(try Harness(precision: 3).run("1.255") == Harness().run("round(1.255, 2)"))
        #expect(try Harness(precision: 3).run("1.005") == Harness().run("round(1.005, 2)"))
    }

    /// 6. Tables and matrices combine with a scalar cell by cell, and with a same-shaped value
    /// key by key; a computed label names the computation.
    @Test(arguments: [
        ("cost * 2", "cost * 2 (million RMB)\nyear     S1      S2      S3      S4      S5\n2015  0.026      NA      NA      NA   7.672"),
        ("L[2020] * 2", "L[2020] * 2\ni \\ j  S1            S2            S3            S4            S5\nS1      2     0.0700001       0.00567    0.00034587  0.0000262861"),
        ("A[2020] + A[2020]", "A[2020] + A[2020]\ni \\ j  S1       S2     S3     S4     S5\nS1      0     0.07      0      0      0"),
        ("link(S1, S2) * 100", "year  link(S1, S2) * 100\n2015                 4.2"),
        // ours
        ("2 * link(S1, S2)", "year  2 * link(S1, S2)\n2015             0.084"),
        ("(link(S1, S2) + link(S1, S2)) * 2", "year  (link(S1, S2) + link(S1, S2)) * 2\n2015                              0.168"),
        ("cost - cost", "cost - cost (million RMB)\nyear  S1  S2  S3  S4  S5\n2015   0  NA  NA  NA   0"),
        ("cost[2018] / 2", "stage  cost[2018] / 2 (million RMB)\nS1                               NA\nS2                          12.5545"),
    ])
    func tables(source: String, expected: String) throws {
        #expect(try Harness().run(source).hasPrefix(expected))
    }

    /// An empty or all-NA series keeps its unit in the heading, also after arithmetic.
    @Test(arguments: [
        ("present(S3.cost[2015..2016])", "year  S3.cost (million RMB)"),
        ("S3.cost[2015..2016]", "year  S3.cost (million RMB)\n2015                     NA\n2016                     NA"),
        ("present(S3.cost[2015..2016]) * 2", "year  S3.cost * 2 (million RMB)"),
        ("present(S3.cost[2015..2016]) / (2 million RMB)", "year  S3.cost / 2 million RMB"),
    ])
    func emptySeriesKeepItsUnit(source: String, expected: String) throws {
        #expect(try Harness().run(source) == expected)
    }

    @Test func tableComparisonsAreRefused() throws {
        #expect(try Harness().run("cost > cost").contains("works element by element only for arithmetic"))
    }
}

/// The decimal machinery under the display rule.
@Suite struct DecimalDigitsTests {
    @Test(arguments: [
        (1.005, 2, "1.01"), (1.255, 2, "1.26"), (-2.5, 0, "-3"), (0.049, 1, "0"), (9.995, 2, "10"),
        (1e308, 2, "1e308"), (123.456, -1, "120"), (0.0005, 3, "0.001"),
    ])
    func roundsHalfAwayFromZero(x: Double, places: Int, expected: String) throws {
        let d = try #require(DecimalDigits(x))
        #expect(d.rounded(decimals: places).text == expected)
    }

    @Test func exactArithmeticOnShortDecimals() {
        #expect(Decimal64.add(0.1, 0.2) == 0.3)
        #expect(Decimal64.multiply(0.1, 3) == 0.3)
        #expect(Decimal64.subtract(0.009, 9 * 0.001) == 0)
        #expect(Decimal64.divide(0.3, 0.1) == 3)
        #expect(Decimal64.divide(1, 3) == 1.0 / 3)
        #expect(Decimal64.add(1e306, 1e306) == 2e306)
        #expect(!Decimal64.equal(1e15 + 1, 1e15))
        #expect(Decimal64.equal(0.1 / 3 * 3, 0.1))
    }
}
