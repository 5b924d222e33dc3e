import Foundation
import Testing
@testable import VMPCore

/// Every way a line can end agrees between the lexer's positions, the line a diagnostic shows,
/// its caret and the clipping window (issue 10 §1): `\n`, `\r\n` and a lone `\r` end a line;
/// U+2028 and U+2029 are characters of the line, shown as U+FFFD.
@Suite struct LineBreakTests {
    /// The rendered diagnostics of `source` run in a fresh session (name `t`).
    func rendered(_ source: String) throws -> String {
        try Harness().run(source)
    }

    @Test func newline() throws {
        #expect(try rendered("let x = 1\nlet y = @\n") == """
            t:2:9: error: unexpected character '@' (U+0040)
              let y = @
                      ^
            """)
    }

    @Test func carriageReturnNewline() throws {
        #expect(try rendered("let x = 1\r\nlet y = @\r\n") == """
            t:2:9: error: unexpected character '@' (U+0040)
              let y = @
                      ^
            """)
    }

    @Test func loneCarriageReturnEndsALine() throws {
        #expect(try rendered("let x = 1\rlet y = @\r") == """
            t:2:9: error: unexpected character '@' (U+0040)
              let y = @
                      ^
            """)
        // A lone `\r` ends a statement as `\n` does.
        #expect(try rendered("let x = 1\rlet y = 2\rprint x + y\r") == "3")
        #expect(try rendered("let x = 1\r\nlet y = 2\r\nprint x + y\r\n") == "3")
    }

    @Test func lineAndParagraphSeparatorsAreCharactersOfTheLine() throws {
        #expect(try rendered("let x = 1\u{2028}let y = 2\n") == """
            t:1:10: error: unexpected character U+2028
              let x = 1\u{FFFD}let y = 2
                       ^
            """)
        #expect(try rendered("print \"a\u{2029}b\" @\n") == """
            t:1:13: error: unexpected character '@' (U+0040)
              print "a\u{FFFD}b" @
                          ^
            """)
    }

    /// The smallest form of the crash: a long line, many carriage returns, then an error.
    @Test func longLineThenCarriageReturns() throws {
        let source = String(repeating: "a", count: 120) + String(repeating: "\r", count: 61) + "@"
        #expect(try rendered(source) == """
            t:62:1: error: unexpected character '@' (U+0040)
              @
              ^
            """)
        #expect(try rendered("abc\r\r\r\r\r\r@") == """
            t:7:1: error: unexpected character '@' (U+0040)
              @
              ^
            """)
    }

    /// Comments end at any line break.
    @Test func commentsEndAtEveryLineBreak() throws {
        #expect(try rendered("# note\r1 t\r\n# more\r\n2 t\n") == "1 t\n2 t")
    }

    @Test func lexerPositionsCountEveryLineBreakOnce() throws {
        let tokens = try Lexer.tokenize("a\r\nb\rc\nd")
        let positions = tokens.filter { $0.kind == .identifier }.map { "\($0.text)@\($0.range.line):\($0.range.column)" }
        #expect(positions == ["a@1:1", "b@2:1", "c@3:1", "d@4:1"])
        // Each break is one newline token; `\r\n` spans both scalars.
        let breaks = tokens.filter { $0.kind == .newline }.map { "\($0.range.line):\($0.range.column)+\($0.range.end - $0.range.start)" }
        #expect(breaks == ["1:2+2", "2:2+1", "3:2+1"])
    }

    /// Invalid UTF-8 is placed on the line the lexer would count.
    @Test func invalidUTF8CountsLinesAsTheLexerDoes() {
        for (bytes, line, column) in [([0x61, 0x0D, 0x0A, 0x62, 0xFF], 2, 2), ([0x61, 0x0D, 0x62, 0xFF], 2, 2),
                                      ([0x61, 0x0D, 0xFF], 2, 1), ([0x61, 0x0D, 0x0A, 0xFF], 2, 1),
                                      ([0xFF], 1, 1), ([0x61, 0x0A, 0x0D, 0x0A, 0xFF], 3, 1)] as [([UInt8], Int, Int)] {
            guard case .failure(let problem) = SourceText.decode(Data(bytes)) else {
                Issue.record("\(bytes) decoded")
                continue
            }
            #expect(problem.line == line && problem.column == column, "\(bytes)")
        }
    }

    @Test func shownLineHasOneScalarPerColumn() {
        #expect(Diagnostic.line(1, of: "a\tb\u{1B}c\r\nd") == "a b\u{FFFD}c")
        #expect(Diagnostic.line(2, of: "a\r\nd\re") == "d")
        #expect(Diagnostic.line(3, of: "a\r\nd\re") == "e")
        #expect(Diagnostic.line(4, of: "a\r\nd\re") == nil)
        #expect(Diagnostic.line(2, of: "a\r") == "")
        #expect(Diagnostic.line(0, of: "a") == nil)
    }

    /// `clip` is total: any column, inside the line or not, gives a window and a caret within it.
    @Test func clipIsTotal() {
        for count in [0, 1, 119, 120, 121, 200, 1000] {
            let text = String(repeating: "x", count: count)
            for column in [Int.min, -100, -1, 0, 1, 2, 59, 60, 61, 100, 119, 120, 121, 122, 181, 182, 500, 1000, 1001, 1002, 5000, Int.max] {
                let shown = Diagnostic.clip(text, around: column)
                #expect(shown.caretColumn >= 1 && shown.caretColumn <= shown.text.unicodeScalars.count + 1, "\(count) \(column)")
                #expect(shown.text.unicodeScalars.count <= max(count, 102), "\(count) \(column)")
            }
        }
        let long = String(repeating: "a", count: 150) + "@" + String(repeating: "b", count: 150)
        let shown = Diagnostic.clip(long, around: 151)
        #expect(shown.text == "…" + String(repeating: "a", count: 59) + "@" + String(repeating: "b", count: 40) + "…")
        #expect(shown.caretColumn == 61)
    }

    /// Rendering never traps, whatever the range says.
    @Test func renderIsTotal() {
        let sources = ["", "abc", "a\r\r\r@", String(repeating: "a", count: 300), "漢字\u{2028}x\r\ny"]
        let numbers = [Int.min, -1, 0, 1, 2, 3, 60, 121, 200, 400, Int.max]
        for source in sources {
            for line in [Int.min, 0, 1, 2, 3, Int.max] {
                for column in numbers {
                    for (start, end) in [(0, 1), (5, 2), (Int.min, Int.max), (Int.max, Int.min), (0, 0)] {
                        let d = Diagnostic(.syntax, "m", at: SourceRange(start: start, end: end, line: line, column: column))
                        #expect(!d.render(source: source, name: "t").isEmpty)
                    }
                }
            }
        }
    }

    /// The caret of an error at the end of a `\r\n` line sits just after the shown text.
    @Test func caretAtTheEndOfACarriageReturnLine() throws {
        #expect(try rendered("let x = (1 +\r\n") == """
            t:1:13: error: unexpected end of input: expected a value
              let x = (1 +
                          ^
            """)
        #expect(try rendered("let x = 1 +\r") == """
            t:1:12: error: unexpected end of input: expected a value
              let x = 1 +
                         ^
            """)
    }
}
