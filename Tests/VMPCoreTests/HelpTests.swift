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
