import Testing
@testable import VMPCore

@Suite struct HelpTests {
    /// One help source: every built-in function has a topic.
    @Test func everyBuiltinHasHelp() {
        for name in Builtins.names {
            #expect(Help.text(for: name) != nil, "no :help \(name)")
        }
        for topic in ["units", "operators", "NA", "model", "shock", ":source", ":quit"] {
            #expect(Help.text(for: topic) != nil, "no :help \(topic)")
        }
    }

    @Test func overviewListsTheTopics() {
        #expect(Help.overview.contains("Topics:"))
        #expect(Help.overview.contains("shock"))
    }
}

@Suite struct HelpLookupTests {
    @Test func sizeOfAShockIsSaidExactly() throws {
        let text = try #require(Help.text(for: "shock"))
        #expect(text.contains("SIZE is an exogenous change at STAGE — in its final demand for pull, in its primary input for push"))
        #expect(text.contains("l_kk·SIZE (pull) or g_kk·SIZE (push)"))
    }

    @Test func wrapKeepsIndentationAndLongWords() {
        #expect(Help.wrap("  aa bb cc dd ee ff gg hh ii jj kk", width: 20) == "  aa bb cc dd ee ff\n    gg hh ii jj kk")
        let long = String(repeating: "x", count: 30)
        #expect(Help.wrap("a \(long) b", width: 20) == "a\n  \(long)\n  b")
        #expect(Help.wrap("short", width: 80) == "short")
    }

    @Test func lookupOrder() {
        #expect(Help.lookup("shock") == .text(Help.topics["shock"] ?? ""))
        #expect(Help.lookup("") == .text(Help.overview))
        guard case .text(let ghosh) = Help.lookup("ghosh") else { Issue.record("no help for ghosh"); return }
        #expect(ghosh.hasPrefix("ghosh: see :help G\n"))
        guard case .notFound(let message) = Help.lookup("zzzzzzzz") else { Issue.record("found zzzzzzzz"); return }
        #expect(message == "no help for zzzzzzzz")
        guard case .notFound(let near) = Help.lookup("shok") else { Issue.record("found shok"); return }
        #expect(near == "no help for shok; did you mean 'shock'?")
    }
}
