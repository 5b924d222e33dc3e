import Foundation
import Testing
import VMPCore

/// The command line around the REPL: script arguments, `-i`, and `--color` with `NO_COLOR`
/// and `TERM=dumb` (through a pipe; the tmux tests cover the terminal).
@Suite struct REPLCommandLineTests {
    static let escape = "\u{1B}["

    func script(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-cli-\(UUID().uuidString).vmp")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func scriptArgumentsArriveAsArgs() throws {
        let url = try script("print length(args)\nprint args\nS3.cost[number(args[1])]\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try VMPProcess.run([url.path, "2019", "S3"])
        #expect(r.stderr == "")
        #expect(r.stdout == "2\n[\"2019\", \"S3\"]\n37.979 million RMB\n")
        // After `--`, arguments that look like options are the script's too.
        let dashed = try VMPProcess.run([url.path, "--", "2018", "--verbose"])
        #expect(dashed.stdout == "2\n[\"2018\", \"--verbose\"]\n16.166 million RMB\n")
        // Without `--` an unknown option is a usage error.
        #expect(try VMPProcess.run([url.path, "2018", "--verbose"]).status == 2)
    }

    @Test func interactiveAfterExpressionsKeepsTheSession() throws {
        let r = try VMPProcess.run(["-e", "let x = 21", "-i"], stdin: Data("x * 2\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout == "42\n")
        let url = try script("let y = S3.cost[2019]\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let afterScript = try VMPProcess.run(["-i", url.path], stdin: Data("y * 2\n".utf8))
        #expect(afterScript.stdout == "75.958 million RMB\n")
        // An error in -e is reported and the session still goes on.
        let afterError = try VMPProcess.run(["-e", "1 / 0", "-i"], stdin: Data("1 + 1\n".utf8))
        #expect(afterError.stdout == "2\n")
        #expect(afterError.stderr.contains("division by zero"))
    }

    @Test func colourOnlyWhenForcedIntoAPipe() throws {
        let plain = try VMPProcess.run(["-e", "S3.cost[2019]", "-e", "1 / 0"])
        #expect(plain.stdout == "37.979 million RMB\n")
        #expect(!plain.stderr.contains(Self.escape))

        let forced = try VMPProcess.run(["--color=always", "-e", "S3.cost[2019]", "-e", "1 / 0"])
        #expect(forced.stdout == "37.979 \u{1B}[36mmillion RMB\u{1B}[0m\n")
        #expect(forced.stderr.hasPrefix("\u{1B}[1m-e#2:1:3\u{1B}[0m: \u{1B}[1;31merror\u{1B}[0m: division by zero\n"))
        #expect(forced.stderr.contains("\u{1B}[1;31m^\u{1B}[0m"))

        // --color=always wins over NO_COLOR and TERM=dumb; --color=never over everything.
        #expect(try VMPProcess.run(["--color", "always", "-e", "S3.cost[2019]"], environment: ["NO_COLOR": "1", "TERM": "dumb"]).stdout.contains(Self.escape))
        #expect(try VMPProcess.run(["--color", "never", "-e", "S3.cost[2019]"]).stdout == "37.979 million RMB\n")
        #expect(try VMPProcess.run(["--color", "sometimes", "-e", "1"]).status == 2)
    }

    @Test func tablesGetABoldHeaderWhenColoured() throws {
        let r = try VMPProcess.run(["--color=always", "-e", "S3.cost[2018..2019]"])
        #expect(r.stdout == "\u{1B}[1myear  S3.cost (\u{1B}[36mmillion RMB\u{1B}[0m\u{1B}[1m)\u{1B}[0m\n2018                 16.166\n2019                 37.979\n")
    }

    /// Colour comes from the kinds the core marks, never from the look of the text: a string
    /// that looks like a quantity, or a line that starts like a table header, stays plain.
    @Test func colourFollowsTheMarkupNotTheText() throws {
        let r = try VMPProcess.run(["--color=always", "-e", "print \"5 apples\"", "-e", "print \"year  x (t)\\nmore\""])
        #expect(r.stdout == "5 apples\nyear  x (t)\nmore\n")
        let cannotRead = try VMPProcess.run(["--color=always", "/nonexistent/x.vmp"])
        #expect(cannotRead.stderr == "\u{1B}[1mvmp\u{1B}[0m: \u{1B}[1;31merror\u{1B}[0m: cannot read '/nonexistent/x.vmp': no such file\n")
    }

    @Test func markupMarksNumbersUnitsAndHeaders() throws {
        let formatter = VMPCore.Formatter()
        let q = Quantity(37.979, try UnitRegistry.resolve("million RMB"), printed: "37.979")
        #expect(formatter.quantityMarkup(q).parts == [.init(kind: .number, text: "37.979"), .init(kind: .plain, text: " "), .init(kind: .unit, text: "million RMB")])
        let k = Keyed(label: "S3.cost", keyKind: .year, keys: ["2018"], items: [q])
        let header = formatter.keyed(k).lines[0].parts
        #expect(header == [.init(kind: .header, text: "year  S3.cost ("), .init(kind: .unit, text: "million RMB"), .init(kind: .header, text: ")")])
        #expect(formatter.keyed(k).plain == formatter.text(.keyed(k)))
    }

    @Test func helpNamesTheNewFlagsAndTheCheckCommand() throws {
        let help = try VMPProcess.run(["--help"])
        for text in ["-i", "--color <when>", "vmp check FILE", "[<arg> ...]"] {
            #expect(help.stdout.contains(text), "\(text)")
        }
        #expect(!help.stdout.contains("dump-reference"))
        #expect(!help.stdout.contains("dump-builtin-chain"))
    }
}
