import Foundation
import Testing

/// `:help [TOPIC]` is a statement: it works in scripts and `-e`, wraps to `--width` (80 by
/// default), and forgives the topic as the REPL does.
@Suite struct HelpInScriptsTests {
    @Test func helpInAScriptAndInE() throws {
        let r = try VMPProcess.run(["-e", ":help NA"])
        #expect(r.status == 0)
        #expect(r.stdout == """
            NA — not available: the source does not publish the value. Arithmetic with NA
              gives NA; aggregates refuse to guess; present(x) drops NA.

            """)
        let script = try VMPProcess.run([], stdin: Data("let x = 1\n:help forward linkage\nx + 1\n".utf8))
        #expect(script.status == 0)
        #expect(script.stdout.hasPrefix("Forward linkage 'Si drives Sj' — allocation coefficient b_ij = z_ij / x_i (B =\n  x̂⁻¹Z)"))
        #expect(script.stdout.hasSuffix("\n2\n"))
    }

    @Test func helpWrapsToTheWidth() throws {
        let r = try VMPProcess.run(["--width", "40", "-e", ":help NA"])
        #expect(r.stdout == """
            NA — not available: the source does not
              publish the value. Arithmetic with NA
              gives NA; aggregates refuse to guess;
              present(x) drops NA.

            """)
    }

    @Test func topicLookupForgives() throws {
        let linkage = try VMPProcess.run(["-e", ":help linkage"])
        #expect(linkage.stdout.hasPrefix("Topics about linkage:\n"))
        for topic in ["backward linkage", "backward_linkage", "forward linkage", "forward_linkage"] {
            #expect(linkage.stdout.contains("  :help \(topic) — "))
        }
        let leontief = try VMPProcess.run(["-e", ":help Leontief"])
        #expect(leontief.stdout.hasPrefix("Leontief: see :help L\nL[year] — Leontief inverse"))
        #expect(try VMPProcess.run(["-e", ":help na"]).stdout.hasPrefix("NA — not available"))
        let misspelt = try VMPProcess.run(["-e", ":help leontef"])
        #expect(misspelt.status == 1)
        #expect(misspelt.stderr.hasPrefix("-e#1:1:1: error: no help for leontef; did you mean 'leontief'? (:help leontief — in "))
        let near = try VMPProcess.run(["-e", ":help lnk"])
        #expect(near.stderr.hasPrefix("-e#1:1:1: error: no help for lnk; did you mean 'link'?"))
    }

    /// `vmp check` accepts `:help` in a script; other REPL commands stay errors.
    @Test func checkAcceptsHelp() throws {
        let dir = NSTemporaryDirectory() + "vmp-help-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try ":help shock\n:help\n".write(toFile: dir + "/h.vmp", atomically: true, encoding: .utf8)
        #expect(try VMPProcess.run(["check", dir + "/h.vmp"]).status == 0)
    }
}

/// Tables wider than the terminal (or `--width`) are shown in column groups; a pipe without
/// `--width` gets them whole (the golden outputs).
@Suite struct WideTableTests {
    @Test func matrixWrapsByColumnGroups() throws {
        let r = try VMPProcess.run(["--width", "60", "-e", "L[2020]"])
        #expect(r.status == 0)
        #expect(r.stdout == """
            L[2020]: Leontief inverse (I − A)⁻¹
            (columns 1–4 of 5)
            i \\ j  S1             S2            S3             S4
            S1      1          0.035      0.002835    0.000172935
            S2      0              1     0.0810001       0.004941
            S3      0  0.00000899385             1          0.061
            S4      0     0.00014744  0.0000119426              1
            S5      0        0.00194    0.00015714  0.00000958555

            (column 5 of 5)
            i \\ j            S5
            S1     0.0000131431
            S2      0.000375516
            S3         0.004636
            S4        0.0760001
            S5                1

            """)
        let whole = try VMPProcess.run(["-e", "L[2020]"])
        #expect(!whole.stdout.contains("(column"))
    }

    @Test func shockTableAndNotesFitTheWidth() throws {
        let r = try VMPProcess.run(["--width", "60", "-e", "shock S4 by +10% in 2020"])
        #expect(r.status == 0)
        for line in r.stdout.split(separator: "\n") { #expect(line.count <= 60, "\(line)") }
        #expect(r.stdout.contains("S4            106                 2156.05*†           NA"))
    }
}
