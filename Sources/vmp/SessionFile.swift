import Foundation
import VMPCore

/// A session saved with `:save`: the successful inputs as a runnable script, after a header
/// that names the dataset and its checksum:
///
/// ```
/// # vmp session saved with :save. Replay: vmp session.vmp
/// # dataset: vanadium — China's vanadium industry Material-Product (M-P) chain, 2015–2022
/// # dataset-sha256: vanadium 5d41402abc4b2a76b9719d911017c592…
/// ```
///
/// The checksum is SHA-256 of ``Session/canonicalText(of:)``, so it does not depend on how
/// the chain's files are laid out. When a script with this header is run (`vmp FILE`,
/// `:load FILE`), a chain that is missing or has other data gets a warning.
enum SessionFile {
    static let checksumTag = "# dataset-sha256: "

    enum Failure: Error, CustomStringConvertible {
        case exists(String)
        case cannotWrite(String, reason: String)

        var description: String {
            switch self {
            case .exists(let path): return "'\(path)' exists; :save! \(path) replaces it"
            case .cannotWrite(let path, let reason): return "cannot write '\(path)': \(reason)"
            }
        }
    }

    /// The checksum of a chain's data, as the header writes it.
    static func checksum(of chain: Chain) -> String {
        Checksum.sha256Hex(Array(Session.canonicalText(of: chain).utf8))
    }

    /// The script `:save` writes: the header, then each input followed by a newline.
    static func text(inputs: [String], chain: Chain, chainPath: String?, path: String) -> String {
        let replay = chainPath.map { "vmp --chain \($0) \(path)" } ?? "vmp \(path)"
        var lines = [
            "# vmp session saved with :save. Replay: \(replay)",
            "# dataset: \(chain.name) — \(chain.title)",
            checksumTag + "\(chain.name) \(checksum(of: chain))",
            "",
        ]
        lines += inputs
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the script atomically: to a temporary file beside `path`, then renamed into
    /// place (`overwrite`) or hard-linked there, which fails if `path` exists. A file is
    /// therefore whole or absent, and never replaced without `overwrite`.
    static func write(inputs: [String], chain: Chain, chainPath: String?, to path: String, overwrite: Bool) throws(Failure) {
        do throws(WriteError) {
            try AtomicFile.write(text(inputs: inputs, chain: chain, chainPath: chainPath, path: path), to: path, overwrite: overwrite)
        } catch {
            switch error {
            case .exists: throw .exists(path)
            case .noDirectory(let directory): throw .cannotWrite(path, reason: "directory '\(directory)' does not exist")
            case .failed(_, let reason): throw .cannotWrite(path, reason: reason)
            }
        }
    }

    /// The chain name and checksum in the header of a saved session: the first
    /// `# dataset-sha256:` line among the comment lines that open `source`.
    static func stamp(of source: String) -> (chain: String, checksum: String)? {
        // The header is a few lines: never split a whole (possibly huge) script.
        for line in source.split(separator: "\n", maxSplits: 64, omittingEmptySubsequences: false) {
            guard line.hasPrefix("#") || line.isEmpty else { return nil }
            guard line.hasPrefix(checksumTag) else { continue }
            let parts = line.dropFirst(checksumTag.count).split(separator: " ")
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
        return nil
    }

    /// Warns when `source` was saved with a chain this session lacks or has other data for.
    static func warnAboutDataset(of source: String, name: String, session: Session, console: Console) {
        guard let stamp = stamp(of: source) else { return }
        let chain = stamp.chain == session.chain.name ? session.chain : session.chains[stamp.chain]
        guard let chain else {
            console.warning("\(name) was saved with chain '\(stamp.chain)', which this session does not have (--chain PATH gives it)")
            return
        }
        let now = checksum(of: chain)
        if now != stamp.checksum {
            console.warning("\(name) was saved with other data for chain '\(stamp.chain)' (sha256 \(stamp.checksum.prefix(12))…, now \(now.prefix(12))…); results may differ")
        }
    }
}
