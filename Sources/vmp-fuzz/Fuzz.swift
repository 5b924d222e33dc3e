import Foundation
import VMPCore
import VMPFuzzDriver

/// libFuzzer target for the language: each input is vmp source, run the way the CLI runs a
/// script, in a fresh session on the built-in chain, with a step budget and no file access.
/// A first line `#!json`, `#!csv` or `#!md` picks that output format (as `--format` does).
///
/// Build and run with `Scripts/fuzz vmp-fuzz SECONDS` (it passes `-sanitize=fuzzer,address`).
enum LanguageFuzz {
    /// Steps (statements, loop rounds, calls) one input may take: enough for every seed, small
    /// enough that a long loop ends in a diagnostic long before libFuzzer's `-timeout`.
    static let maxSteps = 20_000

    /// The built-in chain, loaded once (a `Chain` is a value: each session gets its own).
    nonisolated(unsafe) static var chain: Chain?

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let chain else { return }
        let source: String
        switch SourceText.decode(Data(bytes)) {
        case .success(let text): source = text
        case .failure: return
        }
        var style = OutputStyle.table
        for (prefix, s) in [("#!json\n", OutputStyle.json), ("#!csv\n", .csv), ("#!md\n", .markdown)] where source.hasPrefix(prefix) {
            style = s
        }
        let session = Session(chain: chain, formatter: Formatter(style: style))
        session.maxSteps = maxSteps
        session.allowsFileAccess = false
        session.setArguments(["fuzz"])
        let outcome = session.run(source) { _ in }
        _ = Session.render(outcome.diagnostics, source: source, name: "fuzz")
        // What the REPL does with an input, and `vmp check`.
        _ = Session.isIncomplete(source)
        _ = Session.parsedForm(source)
        _ = Session.render(Checker.check(source, chain: chain), source: source, name: "fuzz")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    LanguageFuzz.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

@_cdecl("vmp_fuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    do {
        LanguageFuzz.chain = try Chain.vanadium()
    } catch {
        FileHandle.standardError.write(Data("vmp-fuzz: cannot load the built-in chain: \(error)\n".utf8))
        return 2
    }
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    let status = LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
    if status == -1 {
        FileHandle.standardError.write(Data("vmp-fuzz: built without libFuzzer; build and run it with Scripts/fuzz\n".utf8))
        return 2
    }
    return status
}
