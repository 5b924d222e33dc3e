import Foundation
import Testing

/// Inputs that crashed vmp (issue 10): each now ends in its diagnostic (the `.err` beside it,
/// checked by the malformed corpus test) with exit 1, in under a second. The time is the best
/// of three runs, so that a busy machine does not fail the test.
@Suite struct CrashRegressionTests {
    @Test(arguments: ["cr-long-line", "cr-before-error", "long-line-with-tabs-and-cr", "long-percent-chain"])
    func endsInADiagnosticWithinASecond(name: String) throws {
        let path = "Tests/vmpTests/Malformed/\(name).vmp"
        let expected = try String(contentsOf: VMPProcess.root.appendingPathComponent("Tests/vmpTests/Malformed/\(name).err"), encoding: .utf8)
        var best = TimeInterval.infinity
        for _ in 0..<3 where best >= 1 {
            let started = Date()
            let r = try VMPProcess.run([path])
            best = min(best, Date().timeIntervalSince(started))
            #expect(r.status == 1)
            #expect(r.stderr == expected)
        }
        #expect(best < 1, "\(name) took \(best) s")
    }
}
