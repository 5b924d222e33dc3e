import Foundation
import VMPCore
import VMPFuzzDriver

/// libFuzzer target for chain files: each input is a manifest followed by data files, each
/// after a line `%%% NAME` (`NAME` of letters, digits, `.`, `-`, `_`):
///
///     [chain]
///     name = "x"
///     …
///     %%% quantities.csv
///     stage,quantity,year,value,unit,source
///     …
///
/// The files are written to a fresh temporary directory (`chain.toml` and each named file)
/// and loaded as `vmp --chain DIR` would; a chain that loads is rendered in its canonical text.
/// An input whose manifest part is empty (it starts with `\n%%% NAME`) writes no `chain.toml`,
/// so a folder in pymrio's format (`%%% file_parameters.json`, `%%% Z.txt`, …) is loaded as
/// `vmp --chain DIR --year 2019` would.
/// Build and run with `Scripts/fuzz vmp-fuzz-chain SECONDS`.
enum ChainFuzz {
    static let separator = Array("\n%%% ".utf8)
    nonisolated(unsafe) static var directory = ""

    /// The manifest and the named files of one input.
    static func split(_ bytes: [UInt8]) -> [(name: String, data: Data)] {
        var parts: [[UInt8]] = []
        var start = 0
        var i = 0
        while i + separator.count <= bytes.count {
            if bytes[i..<(i + separator.count)].elementsEqual(separator) {
                parts.append(Array(bytes[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(Array(bytes[start...]))
        var files = [(name: Chain.manifestFileName, data: Data(parts[0]))]
        for part in parts.dropFirst() {
            let nameEnd = part.firstIndex(of: UInt8(ascii: "\n")) ?? part.count
            let name = String(decoding: part[..<nameEnd], as: UTF8.self)
            let allowed = name.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x2D || c == 0x5F
            }
            guard allowed, !name.isEmpty, name.count <= 64, !name.hasPrefix("."), name != Chain.manifestFileName else { continue }
            files.append((name, Data(part[min(part.count, nameEnd + 1)...])))
        }
        return files
    }

    static func run(_ bytes: [UInt8]) {
        let fm = FileManager.default
        let dir = directory + "/in"
        try? fm.removeItem(atPath: dir)
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for file in split(bytes) where !(file.name == Chain.manifestFileName && file.data.isEmpty) {
                try file.data.write(to: URL(fileURLWithPath: dir + "/" + file.name))
            }
        } catch {
            FileHandle.standardError.write(Data("vmp-fuzz-chain: cannot write to \(dir): \(error)\n".utf8))
            return
        }
        do {
            let pymrio = !fm.fileExists(atPath: dir + "/" + Chain.manifestFileName)
            let chain = try Chain.load(manifest: dir, year: pymrio ? 2019 : nil)
            _ = Session.canonicalText(of: chain)
        } catch {
            _ = "\(error)"
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    ChainFuzz.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_cdecl("vmp_fuzz_chain_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    ChainFuzz.directory = base + "/vmp-fuzz-chain-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: ChainFuzz.directory) }
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    let status = LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
    if status == -1 {
        FileHandle.standardError.write(Data("vmp-fuzz-chain: built without libFuzzer; build and run it with Scripts/fuzz\n".utf8))
        return 2
    }
    return status
}
