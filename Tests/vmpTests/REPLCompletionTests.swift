import Foundation
import Testing
import VMPCore
@testable import vmp

/// Tab completion by context, without a terminal (the tmux tests press Tab for real).
@Suite struct REPLCompletionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A session with a variable, a user function and the copper chain loaded as `cu`.
    static func names() throws -> CompletionNames {
        let session = Session(chain: try Chain.vanadium())
        let outcome = session.run("""
            let myvalue = 1
            fn double(x) = 2 * x
            load "\(root.path)/Scripts/chains/copper" as cu
            """) { _ in }
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        var names = CompletionNames(session: session)
        names.baseDirectory = root.path
        return names
    }

    func complete(_ before: String) throws -> Completion {
        Completer.complete(before, names: try Self.names())
    }

    @Test(arguments: [
        // A unique candidate is completed; a function gets "(" and no space.
        ("lin", "k("),
        ("S3.co", "st"),
        ("x + S3.o", "utput"),
        ("expo", "rt"),
        ("myv", "alue"),
        ("doub", "le("),
        ("forward_l", "inkage("),
        ("audi", "t"),  // used bare: no "("
        (":he", "lp"),
        (":sa", "ve"),  // :save and :save!
        (":help forw", "ard"),  // "forward linkage" and "forward_linkage"
        (":echo o", ""),
        (":lesson key", "-stages"),
        ("S3.cost[201", ""),
        ("S3.cost[2018..202", ""),
        ("cu.refi", "ning"),
        ("load \"Scripts/cha", "ins/"),
        ("load \"Scripts/chains/cop", "per/"),
        ("export cost to \"Scripts/pa", "per.vmp"),
        (":load Scripts/sho", "cks.vmp"),
        (":source S3.co", "st"),
        ("print \"{S3.co", "st"),
        // Strings, interpolations and comments as the lexer reads them.
        ("print \"a#b\" + S3.co", "st"),             // '#' inside a string is not a comment
        ("print \"x {length(\"ab\")} {S3.co", "st"),  // a string inside an interpolation
        ("1 # S3.co", ""),                           // in a comment: nothing
        ("print \"S3.co", ""),                        // in a string's text: nothing
        ("shock S2 by 10% in 2020 pus", "h"),
        ("export cost to \"f.csv\" over", "write"),
    ])
    func insertion(before: String, inserted: String) throws {
        #expect(try complete(before).insertion == inserted, "\(before)")
    }

    @Test func stageIdsWhenNothingIsTyped() throws {
        for before in ["", "link(", "link(S2, ", "pull(S3,", "1 + "] {
            #expect(try complete(before).candidates == ["S1", "S2", "S3", "S4", "S5"], "\(before)")
        }
    }

    @Test func yearsInsideBrackets() throws {
        #expect(try complete("S3.cost[").candidates == (2015...2022).map(String.init))
        #expect(try complete("S3.cost[201").candidates == ["2015", "2016", "2017", "2018", "2019"])
        #expect(try complete("S3.cost[2018..").candidates.count == 8)
        #expect(try complete("L[202").candidates == ["2020", "2021", "2022"])
        // A loaded chain's own years (copper has 2018..2022).
        #expect(try complete("cu.mining.output[").candidates == ["2018", "2019", "2020", "2021", "2022"])
    }

    @Test func membersOfStagesAndChains() throws {
        let quantities = try complete("S3.").candidates
        #expect(quantities.contains("cost") && quantities.contains("output") && quantities.contains("name"))
        let chain = try complete("cu.").candidates
        #expect(chain.contains("balance(") && chain.contains("L"))
        #expect(try complete("vanadium.S").candidates == ["S1", "S2", "S3", "S4", "S5"])
        #expect(try complete("vanadium.S3.co").candidates == ["cost"])
    }

    @Test func severalCandidatesShareTheirPrefix() throws {
        let c = try complete("S")
        #expect(c.candidates == ["S1", "S2", "S3", "S4", "S5"])
        #expect(c.insertion == "")
        let commands = try complete(":")
        #expect(commands.candidates == [":back", ":echo", ":explain", ":help", ":lesson", ":load", ":next", ":quit", ":quit-lesson", ":reset", ":save", ":save!", ":skip", ":source", ":vars"])
    }

    @Test func nothingInCommentsPlainStringsOrNumbers() throws {
        #expect(try complete("1 + 2 # S3.co").candidates.isEmpty)
        #expect(try complete("print \"S3.co").candidates.isEmpty)
        #expect(try complete("12").candidates.isEmpty)
        #expect(try complete("nosuchprefix").candidates.isEmpty)
    }

    @Test func pathsListDirectoriesWithASlash() throws {
        let c = try complete("load \"Scripts/")
        #expect(c.candidates.contains("Scripts/chains/"))
        #expect(c.candidates.contains("Scripts/paper.vmp"))
        #expect(c.shown.contains("chains/"))
        #expect(c.shown.contains("paper.vmp"))
    }

    @Test func columnsAlignByDisplayWidth() {
        let rows = Completer.columns(["S1", "钒钢", "scrap", "ore"], width: 20)
        #expect(rows == ["S1     scrap", "钒钢   ore"])
        #expect(Completer.columns(["a", "b"], width: 0) == ["a", "b"])
        #expect(Completer.columns([], width: 80) == [])
    }
}
