import Testing
@testable import VMPCore

/// Number syntax mistakes are named as number syntax (issue 10 §4), and what was right stays so.
@Suite struct LexerNumberTests {
    func error(_ source: String) -> (message: String, hint: String?, column: Int?)? {
        do {
            _ = try Lexer.tokenize(source)
            return nil
        } catch {
            return (error.message, error.hint, error.range?.column)
        }
    }

    @Test(arguments: [
        (".5", "a number needs a digit before its decimal point", "write 0.5", 1),
        ("50*.85", "a number needs a digit before its decimal point", "write 0.85", 4),
        ("5.", "a digit must follow the decimal point in 5.", "write 5 or 5.0", 1),
        ("5. t", "a digit must follow the decimal point in 5.", "write 5 or 5.0", 1),
        ("1_000", "digits cannot be grouped with '_' in 1_000", "write 1000", 1),
        ("x = 1_000_000", "digits cannot be grouped with '_' in 1_000_000", "write 1000000", 5),
        ("0x1F", "hexadecimal numbers like 0x1F are not supported: numbers are decimal", "write 31", 1),
        ("0b101", "binary numbers like 0b101 are not supported: numbers are decimal", "write 5", 1),
        ("0o17", "octal numbers like 0o17 are not supported: numbers are decimal", "write 15", 1),
        ("1e", "the exponent of 1e has no digits", "an exponent is written 1e3 (1000) or 2.5e-4", 1),
        ("2E- 3", "the exponent of 2E- has no digits", "an exponent is written 1e3 (1000) or 2.5e-4", 1),
    ] as [(String, String, String, Int)])
    func namesTheNumberMistake(source: String, message: String, hint: String, column: Int) {
        let e = error(source)
        #expect(e?.message == message)
        #expect(e?.hint == hint)
        #expect(e?.column == column)
    }

    @Test func hexadecimalTooLargeForAHint() {
        #expect(error("0xFFFFFFFFFFFFFFFFFFFF")?.hint == nil)
    }

    @Test func smallestLiteralIsWordedRight() {
        #expect(error("2.2e-308")?.message == "number literal 2.2e-308 is too small to represent (the smallest is 2.2250738585072014e-308)")
        #expect(error("2.2250738585072014e-308") == nil)
        #expect(error("0e-400") == nil)
    }

    /// Not number mistakes: ranges, members, units right after a number, `1else`.
    @Test(arguments: ["2015..2022", "1..5", "x.5", "f(1).5", "5.cost", "2e3t", "1t", "0 t", "0b", "1else", "0.5", "S3.cost[2019]", "3 % + 1", "1e3", "1E-3"])
    func stillLexes(source: String) {
        #expect(error(source) == nil, "\(source)")
    }
}
