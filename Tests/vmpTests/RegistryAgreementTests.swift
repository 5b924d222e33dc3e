import Foundation
import Testing
@testable import VMPCore
@testable import vmp

/// One registry: every built-in is resolved by the evaluator and by `vmp check`, completed at
/// the prompt, and documented in `:help` and `docs/reference.md`, all from ``Builtins/all``.
@Suite struct RegistryAgreementTests {
    static let reference = (try? String(contentsOf: packageRootURL.appendingPathComponent("docs/reference.md"), encoding: .utf8)) ?? ""

    @Test(arguments: Builtins.all.map(\.name))
    func builtinIsResolvedCompletedAndDocumented(_ name: String) throws {
        let chain = try Chain.vanadium()
        let builtin = try #require(Builtins.named(name))

        // The evaluator: the bare name is known (a function value, a computed value or an option).
        let session = Session(chain: chain)
        let outcome = session.run(name) { _ in }
        #expect(!outcome.diagnostics.contains { $0.message.contains("unknown name") }, "\(name): \(outcome.diagnostics)")

        // vmp check: the same name passes, and a call with an allowed number of arguments is not an arity error.
        #expect(Checker.check(name, chain: chain).isEmpty, "vmp check does not know \(name)")
        if builtin.form != .option {
            let args = Array(repeating: "2020", count: builtin.arity.lowerBound).joined(separator: ", ")
            #expect(Checker.check("\(name)(\(args))", chain: chain).isEmpty, "vmp check refuses \(name)(\(args))")
            let tooMany = Array(repeating: "1", count: builtin.arity.upperBound + 1).joined(separator: ", ")
            #expect(Checker.check("\(name)(\(tooMany))", chain: chain).contains { $0.message.contains("\(name) takes") },
                    "vmp check misses the arity of \(name)")
        }

        // Completion: the name completes, with "(" exactly when it is called with arguments.
        let completion = Completer.complete(String(name.prefix(max(1, name.count - 1))), names: CompletionNames(chain: chain))
        let expected = builtin.completesWithParenthesis ? name + "(" : name
        #expect(completion.candidates.contains(expected), "\(name) completes as \(completion.candidates)")

        // Help and the reference.
        #expect(Help.text(for: name) == builtin.help)
        #expect(!builtin.help.isEmpty && builtin.help.hasPrefix(name))
        #expect(Self.reference.contains("### `\(name)`\n\n\(builtin.help)\n"), "docs/reference.md lacks \(name)")
    }

    @Test func namesAreUniqueAndEveryFamilyHasAFile() {
        let names = Builtins.all.map(\.name)
        #expect(Set(names).count == names.count)
        for family in Builtin.Family.allCases {
            #expect(Builtins.all.contains { $0.family == family }, "family \(family) is empty")
        }
    }

    @Test func resolverOrderIsTheEvaluatorsOrder() throws {
        let chain = try Chain.vanadium()
        let resolver = NameResolver(chain: chain, otherChains: ["li"], bound: [["x"], ["y"]])
        #expect({ if case .binding = resolver.resolve("y") { return true }; return false }())
        #expect({ if case .stage = resolver.resolve("S3") { return true }; return false }())
        #expect({ if case .quantity = resolver.resolve("cost") { return true }; return false }())
        #expect({ if case .builtin = resolver.resolve("link") { return true }; return false }())
        #expect({ if case .chain = resolver.resolve("li") { return true }; return false }())
        #expect({ if case .unit = resolver.resolve("kt") { return true }; return false }())
        #expect(resolver.resolve("nothing_here") == nil)
        // The same message from the evaluator and from vmp check.
        let evaluated = Session(chain: chain).run("cots") { _ in }.diagnostics.first?.message
        let checked = Checker.check("cots", chain: chain).first?.message
        #expect(evaluated == "unknown name 'cots'" && checked == evaluated)
        let unitEvaluated = Session(chain: chain).run("kt") { _ in }.diagnostics.first?.message
        #expect(Checker.check("kt", chain: chain).first?.message == unitEvaluated)
    }
}

private let packageRootURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
