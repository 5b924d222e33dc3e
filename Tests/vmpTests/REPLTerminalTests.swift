import Foundation
import Testing

// End-to-end tests of the interactive REPL in a real terminal: see REPLTerminalSupport.swift.

@Suite("REPL in a terminal (tmux)",
       .enabled(if: tmuxExecutable != nil, "tmux is not on PATH: the REPL terminal tests need it to drive a real pty"))
struct REPLTerminalTests {
    @Test func evaluatesAPublishedValue() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("S3.cost[2019]")
        try term.press("Enter")
        try term.wait(forLine: "37.979 million RMB")
        try term.wait(forLastLine: "vmp>")
    }

    @Test func arrowKeysEditTheLine() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        // Type a misspelt, unfinished line; go back with Left to fix the attribute, then Right to the end.
        try term.type("S3.cst[201")
        try term.wait(forLastLine: "vmp> S3.cst[201")
        for _ in 0..<6 { try term.press("Left") }
        try term.type("o")
        try term.wait(forLastLine: "vmp> S3.cost[201")
        for _ in 0..<6 { try term.press("Right") }
        try term.type("9]")
        try term.wait(forLastLine: "vmp> S3.cost[2019]")
        try term.press("Enter")
        try term.wait(forLine: "37.979 million RMB")
        let screen = try term.wait(for: "a new prompt") { $0.hasSuffix("vmp>") }
        #expect(!screen.contains("error"))
    }

    @Test func historySurvivesARestart() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-repl-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        do {
            let first = try TerminalSession(home: home)
            try first.waitForPrompt()
            try first.type("S3.cost[2019]")
            try first.press("Enter")
            try first.wait(forLine: "37.979 million RMB")
            try first.wait(forLastLine: "vmp>")
            try first.press("C-d")
            #expect(try first.waitForExit() == 0)

            let history = try Data(contentsOf: first.historyFile)
            #expect(String(decoding: history, as: UTF8.self).hasPrefix("_HiStOrY_V2_\n"))
            let mode = try FileManager.default.attributesOfItem(atPath: first.historyFile.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }

        let second = try TerminalSession(home: home)
        try second.waitForPrompt()
        try second.press("Up")
        try second.wait(forLastLine: "vmp> S3.cost[2019]")
        try second.press("Enter")
        try second.wait(forLine: "37.979 million RMB")
    }

    @Test func ctrlCAtThePromptDiscardsTheLine() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("abc")
        // Wait for the echo: the tty driver flushes unread input on SIGINT.
        try term.wait(forLastLine: "vmp> abc")
        try term.press("C-c")
        let afterInterrupt = try term.wait(for: "a fresh prompt after Ctrl-C") {
            $0.components(separatedBy: "\n").suffix(2) == ["vmp> abc", "vmp>"]
        }
        #expect(!afterInterrupt.contains("EXIT="))
        try term.type("1+1")
        try term.press("Enter")
        try term.wait(forLine: "2")
        try term.wait(forLastLine: "vmp>")
        let final = try term.screen()
        #expect(!final.contains("error"))
        #expect(!final.contains("EXIT="))
    }

    @Test func ctrlCDiscardsAPendingBlock() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("link(S2,")
        try term.press("Enter")
        try term.wait(forLastLine: "...>")
        try term.type("xyz")
        try term.wait(forLastLine: "...> xyz")
        try term.press("C-c")
        try term.wait(forLastLine: "vmp>")
        try term.type("2*3")
        try term.press("Enter")
        try term.wait(forLine: "6")
        #expect(!(try term.screen()).contains("error"))
    }

    @Test func multiLineInputContinues() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("link(S2,")
        try term.press("Enter")
        try term.wait(forLastLine: "...>")
        try term.type("S3)[2022]")
        try term.press("Enter")
        try term.wait(forLine: "0.133")
        try term.wait(forLastLine: "vmp>")
        try term.press("C-d")
        #expect(try term.waitForExit() == 0)
        // The block is one history entry (its newline escaped as \012).
        let history = try String(contentsOf: term.historyFile, encoding: .utf8)
        #expect(history.components(separatedBy: "\n").contains("link(S2,\\012S3)[2022]"))
    }

    @Test func ctrlDExitsWithStatusZero() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.press("C-d")
        #expect(try term.waitForExit() == 0)
        #expect(try term.terminalRestored())
    }

    @Test func anErrorIsShownAndTheSessionContinues() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("let kept = 7")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type("1 +* 2")
        try term.press("Enter")
        let screen = try term.wait(for: "the error") { $0.contains("<repl>:1:") && $0.contains("error") }
        #expect(screen.contains("  1 +* 2"))
        try term.wait(forLastLine: "vmp>")
        try term.type("kept * 6")
        try term.press("Enter")
        try term.wait(forLine: "42")
        try term.type("S3.cost[2019]")
        try term.press("Enter")
        try term.wait(forLine: "37.979 million RMB")
    }

    @Test func ctrlCInterruptsAnEvaluationAndKeepsTheSession() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("let kept = 5")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type("for i in 1..100000000 { let z = i }")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp> for i in 1..100000000 { let z = i }")
        usleep(300_000)  // let the loop start: a Ctrl-C racing the Enter would hit the prompt instead
        try term.press("C-c")
        try term.wait(forLine: "interrupted")
        try term.wait(forLastLine: "vmp>")
        try term.type("kept + 1")
        try term.press("Enter")
        try term.wait(forLine: "6")
        #expect(!(try term.screen()).contains("EXIT="))
    }

    @Test func metaCommandsAndPastedPrompts() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("vmp> let x = 5")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type(":vars")
        try term.press("Enter")
        try term.wait(forLine: "x = 5")
        try term.type(":help link")
        try term.press("Enter")
        try term.wait(for: "help for link") { $0.contains("link(Si, Sj)") }
        try term.type(":help nothing-here")
        try term.press("Enter")
        try term.wait(forLine: "no help for nothing-here")
        try term.type(":reset")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type(":vars")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type(":quit")
        try term.press("Enter")
        #expect(try term.waitForExit() == 0)
        let screen = try term.screen()
        #expect(screen.components(separatedBy: "\n").filter { $0 == "x = 5" }.count == 1)
    }

    @Test func wideCharactersEditUnderTheCLocale() throws {
        // vmp switches to a UTF-8 character locale itself (libedit.md §4).
        let term = try TerminalSession(lang: "C")
        try term.waitForPrompt()
        try term.type("钢铁😀x")
        try term.wait(forLastLine: "vmp> 钢铁😀x")
        try term.press("BSpace", "BSpace", "Left")
        try term.type("A")
        try term.wait(forLastLine: "vmp> 钢A铁")
    }

    @Test func aForeignHistoryFileIsLeftUntouched() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-repl-test-\(UUID().uuidString)")
        let directory = home.appendingPathComponent("state/vmp")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let gnuReadline = Data("S1.cost\nS2.cost\n".utf8)  // GNU readline format: no _HiStOrY_V2_ header
        try gnuReadline.write(to: directory.appendingPathComponent("history"))

        let term = try TerminalSession(home: home)
        let screen = try term.wait(for: "the warning and a prompt") { $0.contains("warning") && $0.hasSuffix("vmp>") }
        #expect(screen.components(separatedBy: "\n").filter { $0.contains("warning") }.count == 1)
        try term.type("1+1")
        try term.press("Enter")
        try term.wait(forLine: "2")
        try term.press("C-d")
        #expect(try term.waitForExit() == 0)
        #expect(try Data(contentsOf: directory.appendingPathComponent("history")) == gnuReadline)
    }
}
