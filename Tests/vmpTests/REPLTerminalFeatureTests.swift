import Foundation
import Testing
import VMPCore

// The REPL's features in a real terminal (tmux): completion, the double Ctrl-C, a pasted
// block, carets under CJK text, colour and the echo. Infrastructure: REPLTerminalSupport.swift.

@Suite("REPL features in a terminal (tmux)",
       .enabled(if: tmuxExecutable != nil, "tmux is not on PATH: the REPL terminal tests need it to drive a real pty"))
struct REPLTerminalFeatureTests {
    /// Types `text`, presses Tab, and waits for the line to read `vmp> expected`; then clears it.
    func complete(_ term: TerminalSession, _ text: String, to expected: String) throws {
        try term.type(text)
        try term.wait(forLastLine: "vmp> \(text)")
        try term.press("Tab")
        try term.wait(forLastLine: "vmp> \(expected)")
        try term.press("C-u")
        try term.wait(forLastLine: "vmp>")
    }

    @Test func tabCompletesEachKind() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("let myvalue = 1")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type("fn double(x) = 2 * x")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")

        try complete(term, "S3.co", to: "S3.cost")              // a quantity after S3.
        try complete(term, "lin", to: "link(")                  // a function: "(" and no space
        try complete(term, "expo", to: "export")                // a keyword
        try complete(term, "myv", to: "myvalue")                // a variable
        try complete(term, "doub", to: "double(")               // a user function
        try complete(term, ":he", to: ":help")                  // a command
        try complete(term, "load \"Scripts/cha", to: "load \"Scripts/chains/")  // a path in a string
        try complete(term, ":load Scripts/pap", to: ":load Scripts/paper.vmp")

        // Several candidates: nothing in common to add, so a second Tab lists them in columns.
        try term.type("link(S")
        try term.press("Tab")
        try term.press("Tab")
        try term.wait(forLine: "S1  S2  S3  S4  S5")
        try term.wait(forLastLine: "vmp> link(S")
        try term.press("C-u")
        // Years that exist, inside [.
        try term.type("S3.cost[201")
        try term.press("Tab")
        try term.press("Tab")
        try term.wait(forLine: "2015  2016  2017  2018  2019")
        try term.wait(forLastLine: "vmp> S3.cost[201")
        try term.type("9]")
        try term.press("Enter")
        try term.wait(forLine: "37.979 million RMB")
    }

    /// The first Ctrl-C asks the evaluation to stop; if a second comes before it has (here,
    /// while a long :load is still being parsed, where nothing polls), it ends vmp: 130, and
    /// the terminal is left as it was.
    @Test func aSecondCtrlCDuringOneEvaluationEndsTheProcess() throws {
        let term = try TerminalSession()
        let big = term.home.appendingPathComponent("big.vmp")
        let line = "let v = (1 + 2) * 3 - 4 / 5 + S3.cost[2019]\n"
        try Data(String(repeating: line, count: 150_000).utf8).write(to: big)
        try term.waitForPrompt()
        try term.type(":load \(big.path)")
        try term.wait(forLastLine: "vmp> :load \(big.path)")
        try term.press("Enter")
        try term.waitForEnter(after: "vmp> :load \(big.path)")
        usleep(100_000)
        try term.press("C-c")
        usleep(200_000)
        try term.press("C-c")
        #expect(try term.waitForExit() == 130)
        #expect(try term.terminalRestored())
    }

    @Test func oneCtrlCDuringALoadStopsItAndKeepsTheSession() throws {
        let term = try TerminalSession()
        let big = term.home.appendingPathComponent("big.vmp")
        try Data(String(repeating: "let v = 1 + 2\n", count: 150_000).utf8).write(to: big)
        try term.waitForPrompt()
        try term.type("let kept = 5")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type(":load \(big.path)")
        try term.wait(forLastLine: "vmp> :load \(big.path)")
        try term.press("Enter")
        try term.waitForEnter(after: "vmp> :load \(big.path)")
        usleep(100_000)
        try term.press("C-c")
        try term.wait(forLine: "interrupted", timeout: 60)
        try term.wait(forLastLine: "vmp>")
        try term.type("kept + 1")
        try term.press("Enter")
        try term.wait(forLine: "6")
    }

    @Test func aPastedBlockRunsEachStatement() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.paste("let a = 2\nlet b = a *\n  3\nprint \"b is {b}\"\nlink(S2,\nS3)[2022]\n")
        try term.wait(forLine: "b is 6")
        try term.wait(forLine: "0.133")
        try term.wait(forLastLine: "vmp>")
        try term.press("C-d")
        #expect(try term.waitForExit() == 0)
        let history = try String(contentsOf: term.historyFile, encoding: .utf8).components(separatedBy: "\n")
        #expect(history.contains("let\\040b\\040=\\040a\\040*\\012\\040\\0403"))
        #expect(history.contains("link(S2,\\012S3)[2022]"))
    }

    @Test func theCaretSitsUnderTheCauseAfterCJKText() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        let input = "let 钢 = \"钒钢\" + 1"
        try term.type(input)
        try term.wait(forLastLine: "vmp> \(input)")
        try term.press("Enter")
        let screen = try term.wait(for: "the error") { $0.contains("error: addition is not defined") }
        let lines = screen.components(separatedBy: "\n")
        guard let shown = lines.firstIndex(of: "  " + input), shown + 1 < lines.count else {
            Issue.record("the source line is not on screen:\n\(screen)")
            return
        }
        // Screen columns: the caret line is ASCII; the source line's prefix is measured in display width.
        let caretColumn = lines[shown + 1].prefix { $0 == " " }.count
        let plus = input.range(of: "+").map { String(input[..<$0.lowerBound]) } ?? ""
        #expect(caretColumn == 2 + DisplayWidth.of(plus))
        #expect(lines[shown + 1].hasSuffix("^"))
    }

    @Test func colourOnATerminal() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("S3.cost[2019]")
        try term.press("Enter")
        try term.wait(forLine: "37.979 million RMB")
        try term.type("1 / 0")
        try term.press("Enter")
        try term.wait(for: "the error") { $0.contains("division by zero") }
        try term.wait(forLastLine: "vmp>")
        let screen = try term.screenWithEscapes()
        let lines = screen.components(separatedBy: "\n")
        #expect(lines.contains { $0.contains("vmp>") && $0.contains("\u{1B}[") }, "a coloured prompt")
        #expect(lines.contains { $0.hasPrefix("37.979 \u{1B}[") }, "a coloured unit")
        #expect(lines.contains { $0.contains("error") && $0.contains("\u{1B}[") }, "a coloured error")
    }

    @Test(arguments: [(["--color=never"], [:]), ([], ["NO_COLOR": "1"]), ([], ["TERM": "dumb"])] as [([String], [String: String])])
    func noColourWhenTurnedOff(arguments: [String], environment: [String: String]) throws {
        let term = try TerminalSession(arguments: arguments, environment: environment)
        try term.waitForPrompt()
        try term.type("1 / 0")
        try term.press("Enter")
        try term.wait(for: "the error") { $0.contains("division by zero") }
        try term.wait(forLastLine: "vmp>")
        #expect(!(try term.screenWithEscapes()).contains("\u{1B}["))
    }

    @Test func theParsedFormIsEchoed() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("-2^2")
        try term.press("Enter")
        try term.wait(forLine: "-(2^2) = -4")
        try term.type(":echo off")
        try term.press("Enter")
        try term.type("-2^2")
        try term.press("Enter")
        try term.wait(forLine: "-4")
    }
}
