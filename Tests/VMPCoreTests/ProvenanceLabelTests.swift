import Foundation
import Testing
@testable import VMPCore

/// Every provenance label that `:source` and `:explain` show is an expression that evaluates to
/// its published value (issue 13 §3): `S3.cost[2019]`, `link(S1, S2)[2020]`,
/// `pull(S2, S1)[2020]`, `Z[2009][agri][manu]`, for every value of three chains.
@Suite struct ProvenanceLabelTests {
    @Test(arguments: ["vanadium", "copper", "miller-blair-2"])
    func everyLabelEvaluatesToItsValue(chainName: String) throws {
        let chain: Chain
        switch chainName {
        case "vanadium": chain = try Chain.vanadium()
        case "copper": chain = try Chain.load(manifest: packageRoot.appendingPathComponent("Scripts/chains/copper").path)
        default: chain = try Chain.load(manifest: ChainFilesTests.fixtures + "/" + chainName)
        }
        let session = Session(chain: chain, formatter: Formatter(precision: 12))
        var labelled: [(String, PublishedValue)] = chain.quantities.map { ($0.key.label, $0.value) }
        labelled += chain.linkages.map { ($0.key.label, $0.value) }
        #expect(labelled.count >= 10)
        for (label, p) in labelled {
            var lines: [String] = []
            let outcome = session.run(label) { lines.append($0) }
            #expect(outcome.succeeded, "\(label)")
            let expected = p.unit == "1" ? p.text : "\(p.text) \(p.unit)"
            // A unit that starts with a power of ten prints in parentheses: `9.2 (10^4 t)`.
            let shown = lines.map { $0.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "") }
            #expect(shown == [expected], "\(label) printed \(lines), published \(expected)")
        }
    }
}
