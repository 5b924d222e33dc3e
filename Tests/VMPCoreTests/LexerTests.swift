import Testing
@testable import VMPCore

@Suite struct LexerTests {
    func kinds(_ s: String) throws -> [String] {
        try Lexer.tokenize(s).map { t -> String in
            switch t.kind {
            case .number: return "n:\(t.text)"
            case .string: return "s:\(t.text)"
            case .stringStart: return "s<:\(t.text)"
            case .stringMiddle: return "s|:\(t.text)"
            case .stringEnd: return "s>:\(t.text)"
            case .identifier: return "id:\(t.text)"
            case .keyword: return "kw:\(t.text)"
            case .symbol: return t.text
            case .newline: return "NL"
            case .end: return "END"
            }
        }
    }

    @Test func tokensOfAQuery() throws {
        #expect(try kinds("S3.cost[2019]") == ["id:S3", ".", "id:cost", "[", "n:2019", "]", "END"])
        #expect(try kinds("2015..2022") == ["n:2015", "..", "n:2022", "END"])
        #expect(try kinds("0.070 1e-3 2.5E+4") == ["n:0.070", "n:1e-3", "n:2.5E+4", "END"])
        #expect(try kinds("let x = 1 # comment\nx") == ["kw:let", "id:x", "=", "n:1", "NL", "id:x", "END"])
        #expect(try kinds("a <= b != c") == ["id:a", "<=", "id:b", "!=", "id:c", "END"])
        #expect(try kinds("钒钢 café") == ["id:钒钢", "id:café", "END"])
    }

    @Test func newlinesInsideBracketsAreSkipped() throws {
        #expect(try kinds("link(S2,\nS3)\n") == ["id:link", "(", "id:S2", ",", "id:S3", ")", "NL", "END"])
    }

    @Test func shebangIsAComment() throws {
        #expect(try kinds("#!/usr/bin/env vmp\n1") == ["NL", "n:1", "END"])
    }

    /// Interpolations are tokens between the pieces of their string; a string inside an
    /// interpolation is a string of its own.
    @Test func interpolationTokens() throws {
        #expect(try kinds(#""a {x} b {y + 1} c""#) == ["s<:a ", "id:x", "s|: b ", "id:y", "+", "n:1", "s>: c", "END"])
        #expect(try kinds(#""{length("abc")}""#) == ["s<:", "id:length", "(", "s:abc", ")", "s>:", "END"])
        #expect(try kinds(#""\{lit\}""#) == ["s:{lit}", "END"])
        #expect(try kinds(#""{"{1}"}""#) == ["s<:", "s<:", "n:1", "s>:", "s>:", "END"])
    }

    @Test(arguments: [
        (#"print "value: {S3.cost[2019]""#, "1:15", "'{' in a string has no matching '}'"),
        (#"print "x}""#, "1:9", "'}' in a string has no matching '{'"),
        ("print \"{1 +\n2}\"", "1:8", "'{' in a string has no matching '}'"),
        (#"print "abc"#, "1:7", "unterminated string (strings end on the line they start)"),
    ])
    func interpolationErrors(source: String, position: String, message: String) {
        do {
            _ = try Lexer.tokenize(source)
            Issue.record("expected an error for \(source)")
        } catch {
            #expect(error.message == message)
            #expect("\(error.range?.line ?? 0):\(error.range?.column ?? 0)" == position)
            // Not "incomplete": the REPL reports it at once instead of reading another line.
            #expect(error.kind != .unexpectedEndOfInput)
        }
    }

    @Test func stringEscapes() throws {
        #expect(try kinds(#""a\"b\n""#) == ["s:a\"b\n", "END"])
    }

    @Test(arguments: [
        ("1e309", "number literal 1e309 is out of range"),
        ("1e-400", "number literal 1e-400 is too small"),
        ("1e999", "out of range"),
        ("x = $", "unexpected character '$'"),
        ("\"abc", "unterminated string"),
        (#""\q""#, "unknown escape \\q"),
    ])
    func lexicalErrors(source: String, message: String) {
        #expect(throws: Diagnostic.self) { try Lexer.tokenize(source) }
        do {
            _ = try Lexer.tokenize(source)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func errorPositionIsTheColumn() {
        do {
            _ = try Lexer.tokenize("1 +\n  2 @ 3")
            Issue.record("expected an error")
        } catch {
            #expect(error.range?.line == 2)
            #expect(error.range?.column == 5)
        }
    }
}
