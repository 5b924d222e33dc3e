import Foundation

/// `load "chain.toml" as li` and `export EXPR to "file" [overwrite]`.
///
/// A chain that fails to load leaves nothing behind (the session keeps what it had); an
/// export writes a whole file or nothing.
enum ChainFiles {
    /// Loads the chain manifest at `path` (or `path/chain.toml`, or a pymrio folder) under the
    /// name `name`, for `year` when its table has none; a relative path is read from `base` (a
    /// script's directory), else the current directory.
    /// - Throws: a ``Diagnostic`` at the path whose message is the chain file's own
    ///   `file:line:col: what is wrong`, or when `name` is the session's own chain (`sessionChain`).
    static func load(path: String, as name: String, year: Int? = nil, sessionChain: String, base baseDirectory: String?, _ range: SourceRange) throws(Diagnostic) -> Chain {
        if name == sessionChain {
            throw Diagnostic(.runtime, "'\(name)' is the session's own chain; load the file under another name", at: range,
                             hint: "load \"\(path)\" as \(name)2")
        }
        do {
            return try Chain.load(manifest: resolved(path, base: baseDirectory), name: name, year: year)
        } catch let error as ChainLoadError {
            throw Diagnostic(.runtime, error.located, at: range)
        } catch {
            throw Diagnostic(.runtime, "cannot load \(path): \(error)", at: range)
        }
    }

    /// The unit words (`new_units`) of the manifest a `load "PATH"` would read, resolved as
    /// ``load(path:as:sessionChain:base:_:)`` does, reading the manifest only; empty when it
    /// cannot be read (the `load` itself then reports why).
    static func declaredUnits(path: String, base baseDirectory: String?) -> [String] {
        var resolved = resolved(path, base: baseDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else { return [] }
        if isDirectory.boolValue { resolved = URL(fileURLWithPath: resolved).appendingPathComponent(Chain.manifestFileName).path }
        return (try? ChainManifest.read(url: URL(fileURLWithPath: resolved), shownAs: resolved))?.newUnits ?? []
    }

    /// The unit words declared by the chains that `statements` load with a literal path (at the
    /// top level or in loops), so a script may write the units of a chain it loads itself.
    static func declaredUnits(loadedBy statements: [Statement], base: String?) -> Set<String> {
        var words: Set<String> = []
        for statement in statements {
            switch statement {
            case .load(.string(let parts, _), _, _, _, _):
                if parts.count == 1, case .text(let path) = parts[0] { words.formUnion(declaredUnits(path: path, base: base)) }
            case .for(_, _, let body, _):
                words.formUnion(declaredUnits(loadedBy: body, base: base))
            default:
                break
            }
        }
        return words
    }

    /// `path` as a script means it: relative to the script's directory `base` (one rule for
    /// `load`, `export` and `plot … to`); unchanged when absolute or when there is no script
    /// (`base` is `nil`: the REPL and `-e` read and write from the current directory).
    static func resolved(_ path: String, base: String?) -> String {
        guard let base, !path.hasPrefix("/") else { return path }
        return URL(fileURLWithPath: base).appendingPathComponent(path).path
    }

    /// Writes `value` to `path` (already resolved with ``resolved(_:base:)``): a chain (`exported`, the
    /// chain `value` names) to a directory (`chain.toml` and its CSV files), any other value to
    /// a `.csv`, `.json` or `.md` file by its extension.
    /// - Throws: when the file exists and `overwrite` is not given, its directory is missing,
    ///   its type is unknown, or the value cannot be written.
    static func export(_ value: Value, chain exported: Chain?, to path: String, overwrite: Bool, formatter: Formatter,
                       _ range: SourceRange) throws(Diagnostic) {
        let suffix = path.split(separator: "/").last.flatMap { name in name.contains(".") ? name.split(separator: ".").last : nil }
            .map { String($0).lowercased() }
        let style: OutputStyle?
        switch suffix {
        case "csv": style = .csv
        case "json": style = .json
        case "md", "markdown": style = .markdown
        default: style = nil
        }
        if case .chain(let name) = value {
            guard style == nil, let exported else {
                throw Diagnostic(.runtime, "a chain is exported to a directory, not to a .\(suffix ?? "") file", at: range,
                                 hint: "export \(name) to \"\(name)/\"")
            }
            do throws(WriteError) {
                try exported.write(toDirectory: path, overwrite: overwrite)
            } catch {
                // The hint names the path as the user gave it (the directory), not the file inside.
                throw diagnostic(error, range, target: path)
            }
            return
        }
        guard let style else {
            let what = path.hasSuffix("/") ? "a directory is for a chain" : suffix.map { "unknown file type '.\($0)'" } ?? "no file type"
            throw Diagnostic(.runtime, "\(what): export writes a value to a .csv, .json or .md file", at: range,
                             hint: "export x to \"x.csv\"")
        }
        switch value {
        case .function, .builtin, .option, .nothing:
            throw Diagnostic(.runtime, "\(value.typeName) cannot be exported: export a number, series, table, response or text", at: range)
        default:
            break
        }
        var text = formatter.render(value, as: style, pretty: true)
        if !text.hasSuffix("\n") { text += "\n" }
        do throws(WriteError) {
            try AtomicFile.write(text, to: path, overwrite: overwrite)
        } catch {
            throw diagnostic(error, range)
        }
    }

    private static func diagnostic(_ error: WriteError, _ range: SourceRange, target: String? = nil) -> Diagnostic {
        switch error {
        case .exists(let file):
            return Diagnostic(.runtime, "\"\(file)\" already exists; add 'overwrite' to replace it", at: range,
                              hint: "export … to \"\(target ?? file)\" overwrite")
        case .noDirectory(let directory):
            return Diagnostic(.runtime, "directory \"\(directory)\" does not exist", at: range)
        case .failed(let file, let reason):
            return Diagnostic(.runtime, "cannot write \"\(file)\": \(reason)", at: range)
        }
    }
}

extension ChainLoadError {
    /// `file:line:col: message` (without `error:`), for a diagnostic about a load statement.
    public var located: String {
        guard line > 0 else { return "\(file): \(message)" }
        if let column { return "\(file):\(line):\(column): \(message)" }
        return "\(file):\(line): \(message)"
    }
}

extension ChainLoadError {
    /// ``description`` with its parts marked: `file:line:col` as the location, `error`.
    public var markup: Markup {
        var location = file
        if line > 0 { location += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        var out = Markup(location, .location)
        out.append(": ")
        out.append("error", .severity(.error))
        out.append(": " + message)
        return out
    }
}
