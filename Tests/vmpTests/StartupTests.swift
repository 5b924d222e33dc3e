import Foundation
import Testing

/// Start-up stays light: LAPACKE (and the OpenBLAS behind it) is loaded when the model is first
/// used, not when vmp starts (`Sources/VMPCore/Model/Lapack.swift`). Seen through glibc's
/// `LD_DEBUG=files`, which names every library the dynamic loader opens, dlopen included.
@Suite struct StartupTests {
    static func loaded(_ arguments: [String]) throws -> (VMPProcess.Result, Bool) {
        let result = try VMPProcess.run(arguments, environment: ["LD_DEBUG": "files"])
        return (result, result.stderr.contains("liblapacke"))
    }

    @Test func anExpressionWithoutTheModelLoadsNoLapack() throws {
        #if os(Linux)
        let (plain, lapack) = try Self.loaded(["-e", "S3.cost[2019]", "-e", "fn f(n) = n * 2", "-e", "f(21)"])
        #expect(plain.status == 0)
        #expect(plain.stdout == "37.979 million RMB\n42\n")
        #expect(plain.stderr.contains("file="), "LD_DEBUG=files reported nothing")
        #expect(!lapack)
        #endif
    }

    @Test func theModelLoadsLapackAndComputes() throws {
        #if os(Linux)
        let (model, lapack) = try Self.loaded(["-e", "L[2020][S2][S2] > 1"])
        #expect(model.status == 0)
        #expect(model.stdout == "true\n")
        #expect(lapack)
        #endif
    }
}
