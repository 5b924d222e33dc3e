import Foundation

/// `plot …`: values turned into a ``Figure`` and drawn by ``TerminalPlot`` (emitted as plain
/// text) or ``SVGPlot`` (written to a file like `export` writes). `sparkline` is a built-in
/// (`Builtins/Pictures.swift`) drawing through ``PlotValues/sparkline(_:_:)``.
extension Evaluator {
    /// Runs a `plot` statement.
    /// - Throws: a ``Diagnostic`` at the subject that cannot be drawn (a single number, a
    ///   function, mixed dimensions), a `limit` diagnostic beyond ``PlotLimits``, or the
    ///   file errors of `export` (exists without `overwrite`, no such directory, not `.svg`).
    func plot(_ request: PlotRequest, _ range: SourceRange) throws(Diagnostic) {
        var figure: Figure
        if request.isChain {
            figure = try chainFigure(request.chainArguments, range)
        } else {
            var values: [(Value, SourceRange)] = []
            for e in request.subjects { values.append((try evaluate(e), e.range)) }
            figure = try self.figure(for: values, range)
        }
        if let t = request.title { figure.title = PlotText.truncate(try plotText(t, "a title"), to: PlotLimits.text) }
        if let c = request.caption { figure.caption.insert(PlotText.truncate(try plotText(c, "a caption"), to: PlotLimits.text), at: 0) }
        guard let pathExpr = request.path else {
            let text = TerminalPlot.render(figure, width: formatter.plotWidth)
            // With --format json|csv|md the picture is one text value in that format.
            emit(Markup(formatter.style == .table ? text : formatter.display(.string(text))))
            return
        }
        guard case .string(let path) = try evaluate(pathExpr) else {
            throw Diagnostic(.runtime, "plot … to needs a file name in quotes", at: pathExpr.range, hint: "plot link() to \"fig-s6.svg\"")
        }
        guard allowsFileAccess else { throw Diagnostic.noFileAccess("plot … to", at: pathExpr.range) }
        guard path.lowercased().hasSuffix(".svg") else {
            throw Diagnostic(.runtime, "plot writes SVG pictures: the file name must end in .svg", at: pathExpr.range,
                             hint: "plot … to \"\(path.hasSuffix("/") ? path + "figure" : path).svg\"")
        }
        do throws(WriteError) {
            try AtomicFile.write(SVGPlot.render(figure), to: ChainFiles.resolved(path, base: baseDirectory), overwrite: request.overwrite)
        } catch {
            // The same messages as export's.
            switch error {
            case .exists(let file):
                throw Diagnostic(.runtime, "\"\(file)\" already exists; add 'overwrite' to replace it", at: pathExpr.range,
                                 hint: "plot … to \"\(file)\" overwrite")
            case .noDirectory(let directory):
                throw Diagnostic(.runtime, "directory \"\(directory)\" does not exist", at: pathExpr.range)
            case .failed(let file, let reason):
                throw Diagnostic(.runtime, "cannot write \"\(file)\": \(reason)", at: pathExpr.range)
            }
        }
    }

    // MARK: - Values to figures

    private func plotText(_ e: Expr, _ what: String) throws(Diagnostic) -> String {
        let v = try evaluate(e)
        guard case .string(let s) = v else {
            throw Diagnostic(.runtime, "\(what) must be text in quotes, found \(v.typeName)", at: e.range)
        }
        return s
    }

    /// The figure for the values of one `plot` statement.
    func figure(for values: [(Value, SourceRange)], _ range: SourceRange) throws(Diagnostic) -> Figure {
        guard values.count > 1 else {
            let (value, valueRange) = values[0]
            switch value {
            case .keyed(let k):
                return try figure(series: [k], valueRange)
            case .table(let t):
                return try figure(table: t, valueRange)
            case .chain(let name):
                return try chainFigure(of: chains[name] ?? chain, year: nil, valueRange)
            case .response(let r):
                return try figure(response: r, valueRange)
            case .na(let why):
                var f = Figure(kind: .bars, title: "NA", categoryName: "", categories: ["NA"], valueName: "", unit: "",
                               series: [FigureSeries(name: "the value", values: [nil], labels: [nil])])
                f.emptyMessage = why
                return f
            case .quantity:
                throw Diagnostic(.runtime, "plot draws a series, vector, table or chain; this is a single value", at: valueRange,
                                 hint: "plot S3.cost (a series by year), plot cost[2018] (a vector by stage), plot chain 2020")
            default:
                throw Diagnostic(.runtime, "plot draws a series, vector, table or chain, found \(value.typeName)", at: valueRange)
            }
        }
        // Several values: each a series or vector of the same keys, drawn together.
        var series: [Keyed] = []
        for (value, valueRange) in values {
            switch value {
            case .keyed(let k):
                if let first = series.first, first.keyKind != k.keyKind || first.keys != k.keys {
                    throw Diagnostic(.runtime, "\(k.label) is keyed by \(k.keyKind.rawValue) \(k.keys.joined(separator: ", ")), but \(first.label) by \(first.keyKind.rawValue) \(first.keys.joined(separator: ", ")): plot together values with the same keys", at: valueRange)
                }
                series.append(k)
            default:
                throw Diagnostic(.runtime, "plot A, B, … draws series or vectors side by side, found \(value.typeName)", at: valueRange,
                                 hint: "plot S2.cost, S4.cost")
            }
        }
        return try figure(series: series, range)
    }

    private func figure(series: [Keyed], _ range: SourceRange) throws(Diagnostic) -> Figure {
        guard let first = series.first else { throw Diagnostic(.runtime, "nothing to plot", at: range) }
        try checkLimits(series: series.count, categories: first.keys.count, range)
        let (values, unit, notes) = try PlotValues.commonUnit(series.map(\.items), labels: series.map(\.label), keys: first.keys, range)
        let labels = zip(series, values).map { k, v in valueLabels(k.items, v, unit: unit) }
        let names = series.map(\.label)
        let joined = names.joined(separator: ", ")
        return Figure(kind: first.keyKind == .year ? .lines : .bars, title: names.joined(separator: ", "), caption: notes,
                      categoryName: first.keyKind.rawValue, categories: first.keys.map { formatter.plotLabel($0, first.keyKind) }, valueName: joined.count <= 32 ? joined : "value",
                      unit: unit, series: zip(names, zip(values, labels)).map { FigureSeries(name: $0, values: $1.0, labels: $1.1) })
    }

    private func figure(table t: Table, _ range: SourceRange) throws(Diagnostic) -> Figure {
        let name = t.label ?? t.title
        if t.rowKind == .supplier {
            guard t.rowKeys.count <= PlotLimits.matrix, t.columnKeys.count <= PlotLimits.matrix else {
                throw Diagnostic(.limit, "plot draws matrices up to \(PlotLimits.matrix) × \(PlotLimits.matrix); \(name) is \(t.rowKeys.count) × \(t.columnKeys.count)", at: range)
            }
            let (values, unit, notes) = try PlotValues.commonUnit(t.cells, labels: t.rowKeys.map { "\(name)[\($0)]" }, range)
            // Cells hold computed values: short forms keep them readable (published digits stay).
            let series = t.rowKeys.indices.map { i in
                FigureSeries(name: t.rowKeys[i], values: values[i], labels: zip(t.cells[i], values[i]).map { q, v in
                    guard let q, let v else { return nil }
                    return q.printed != nil && q.unit.name == unit ? formatter.digits(q) : HeatMap.compact(v)
                })
            }
            return Figure(kind: .heatMap, title: t.title, caption: notes + t.notes, categoryName: "j (receiving stage)",
                          categories: t.columnKeys, valueName: name, unit: unit, series: series, seriesName: "i (supplying stage)")
        }
        try checkLimits(series: t.columnKeys.count, categories: t.rowKeys.count, range)
        let columns = t.columnKeys.indices.map { j in t.cells.map { $0[j] } }
        let (values, unit, notes) = try PlotValues.commonUnit(columns, labels: t.columnTitles, range)
        let series = t.columnKeys.indices.map { j in
            FigureSeries(name: t.columnTitles[j] == t.columnKeys[j] ? formatter.plotLabel(t.columnKeys[j], t.columnKind) : t.columnTitles[j], values: values[j], labels: valueLabels(columns[j], values[j], unit: unit))
        }
        // A long title (Table S1's) makes a poor axis label: then the axis says "value".
        let valueName = t.label ?? (t.title.count <= 24 ? t.title : "value")
        return Figure(kind: t.rowKind == .year ? .lines : .bars, title: t.title, caption: notes + t.notes,
                      categoryName: t.rowKind.rawValue, categories: t.rowKeys.map { formatter.plotLabel($0, t.rowKind) }, valueName: valueName, unit: unit, series: series)
    }

    private func figure(response r: Response, _ range: SourceRange) throws(Diagnostic) -> Figure {
        try checkLimits(series: 4, categories: r.stageIDs.count, range)
        // On the table's basis: a relative response in % of the shocked stage's unit-time
        // output (as the table prints it), an absolute one in its unit.
        let unit: String
        let scale: Double
        switch r.basis {
        case .relative(let stage): unit = "% of \(stage)'s unit-time output"; scale = 100
        case .absolute(let u): unit = u.name; scale = 1
        }
        let parts: [(String, [Double])] = [("total", r.total), ("direct", r.direct), ("first round", r.firstRound), ("indirect", r.indirect)]
        let series = parts.map { name, xs in
            let shown = xs.map { $0 * scale }
            return FigureSeries(name: name, values: shown.map { Optional($0) }, labels: shown.map { Optional(formatter.number($0)) })
        }
        return Figure(kind: .bars, title: "Response to \(r.label) in \(r.year) (\(r.mode.rawValue))", categoryName: "stage",
                      categories: r.stageIDs.map { formatter.plotLabel($0, .stage) }, valueName: "Δx", unit: unit, series: series)
    }

    private func checkLimits(series: Int, categories: Int, _ range: SourceRange) throws(Diagnostic) {
        guard series <= PlotLimits.series else {
            throw Diagnostic(.limit, "plot draws at most \(PlotLimits.series) lines or bar groups, this has \(series)", at: range,
                             hint: "plot fewer columns: pick them with '.', e.g. link().S2")
        }
        guard categories <= PlotLimits.categories else {
            throw Diagnostic(.limit, "plot draws at most \(PlotLimits.categories) years or bars per series, this has \(categories)", at: range,
                             hint: "plot a range of years: x[2015..2020]")
        }
    }

    /// Value labels: the published digits where the unit was kept, else the converted number.
    private func valueLabels(_ items: [Quantity?], _ values: [Double?], unit: String) -> [String?] {
        zip(items, values).map { q, v in
            guard let q, let v else { return nil }
            return q.unit.name == unit ? formatter.digits(q) : formatter.number(v)
        }
    }

    // MARK: - Chain diagrams

    /// `plot chain [CHAIN] [YEAR]`.
    func chainFigure(_ arguments: [Expr], _ range: SourceRange) throws(Diagnostic) -> Figure {
        var chainName = chain.name
        var yearExpr: Expr?
        for (k, e) in arguments.enumerated() {
            let v = try evaluate(e)
            if k == 0, case .chain(let name) = v {
                chainName = name
            } else if yearExpr == nil {
                yearExpr = e
            } else {
                throw Diagnostic(.runtime, "plot chain takes a chain and a year, found \(v.typeName)", at: e.range, hint: "plot chain 2020, plot chain copper 2020")
            }
        }
        var year: Int?
        if let yearExpr { year = try ops.integer(try evaluate(yearExpr), yearExpr.range, "a year") }
        return try chainFigure(of: chains[chainName] ?? chain, year: year, yearExpr?.range ?? range)
    }

    /// The diagram of `chain` in `year` (default: the last year with a linkage or flow):
    /// flows if the year has any (a Sankey), else the forward and backward linkages.
    func chainFigure(of chain: Chain, year: Int?, _ range: SourceRange) throws(Diagnostic) -> Figure {
        guard chain.stages.count <= PlotLimits.stages else {
            throw Diagnostic(.limit, "plot chain draws at most \(PlotLimits.stages) stages; \(chain.name) has \(chain.stages.count)", at: range,
                             hint: "plot its values instead, e.g. plot A[\(chain.years.upperBound)]")
        }
        let year = year ?? chain.linkages.keys.map(\.year).max() ?? chain.years.upperBound
        guard chain.years.contains(year) else {
            throw Diagnostic(.runtime, "year \(year) is not in \(chain.name) (years: \(chain.years.lowerBound)..\(chain.years.upperBound))", at: range)
        }
        let index = Dictionary(chain.stages.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let flows = chain.hasFlows(in: year)
        var arrows: [ChainPicture.Arrow] = []
        for kind in flows ? [LinkageKind.flow] : [.forward, .backward] {
            for (key, p) in chain.linkages where key.kind == kind && key.year == year {
                guard let i = index[key.from], let j = index[key.to] else { continue }
                let label = kind == .flow ? "\(p.text) \(chain.flowUnit ?? p.unit)" : p.text
                arrows.append(ChainPicture.Arrow(from: i, to: j, kind: kind, value: p.value, label: label))
            }
        }
        let kindOrder: [LinkageKind: Int] = [.forward: 0, .backward: 1, .flow: 2]
        arrows.sort { (kindOrder[$0.kind] ?? 0, $0.from, $0.to) < (kindOrder[$1.kind] ?? 0, $1.from, $1.to) }
        guard arrows.count <= PlotLimits.arrows else {
            throw Diagnostic(.limit, "plot chain draws at most \(PlotLimits.arrows) arrows; \(chain.name) has \(arrows.count) in \(year)", at: range)
        }
        let picture = ChainPicture(chainName: chain.name, year: year, stages: chain.stages.map { ChainPicture.Box(id: $0.id, name: $0.name) },
                                   arrows: arrows, flowUnit: flows ? chain.flowUnit : nil)
        let what = flows ? "flows (\(chain.flowUnit ?? "")) between stages" : "forward and backward linkages"
        var caption = flows
            ? ["Arrows run from the supplying stage to the receiving one; band width is proportional to the flow. Flows going back up the chain run under the boxes."]
            : ["Arrows run from the supplying stage i to the receiving stage j: forward linkages (Si drives Sj) above the boxes, backward linkages (Sj pulls Si) below; line width grows with the value."]
        let kinds = Set(arrows.map(\.kind))
        if !flows, kinds.count < 2 {
            caption.append(kinds.isEmpty ? "No linkage is published for \(year)." : "Only \(kinds.first?.rawValue ?? "") linkages are published for \(year).")
        }
        return Figure(kind: .chain, title: "\(chain.title): \(what), \(year)", caption: caption, categoryName: "stage",
                      categories: chain.stages.map(\.id), valueName: flows ? "flow" : "linkage", unit: flows ? chain.flowUnit ?? "" : "",
                      series: [], chain: picture)
    }
}

/// Values made ready to draw, shared by `plot` and the `sparkline` built-in.
enum PlotValues {
    /// The items of each row converted to one unit (the most common one among them; ties:
    /// the first seen), with notes on what was converted.
    /// - Throws: a ``Diagnostic`` if two items differ in dimension.
    /// - Parameter keys: the keys of each row's items, to name converted entries in the notes
    ///   (`unit_output[S4] (1060 t/day)`); without them the notes name the rows.
    static func commonUnit(_ rows: [[Quantity?]], labels: [String], keys: [String]? = nil, _ range: SourceRange) throws(Diagnostic) -> ([[Double?]], String, [String]) {
        var counts: [String: Int] = [:]
        var order: [Unit] = []
        for q in rows.joined().compactMap({ $0 }) {
            if counts[q.unit.name] == nil { order.append(q.unit) }
            counts[q.unit.name, default: 0] += 1
        }
        guard let target = order.max(by: { (counts[$0.name] ?? 0) < (counts[$1.name] ?? 0) }).flatMap({ best in
            order.first { (counts[$0.name] ?? 0) == (counts[best.name] ?? 0) }
        }) else {
            return (rows.map { $0.map { _ in nil } }, "", [])
        }
        var converted: [String] = []
        var out: [[Double?]] = []
        for (row, label) in zip(rows, labels) {
            var values: [Double?] = []
            var changed = false
            for (position, q) in row.enumerated() {
                guard let q else { values.append(nil); continue }
                guard q.unit.sameDimension(target) else {
                    throw Diagnostic(.runtime, "cannot plot \(label) on one axis: it mixes \(target.name.isEmpty ? "plain numbers" : target.name) and \(q.unit.name.isEmpty ? "plain numbers" : q.unit.name)", at: range)
                }
                if q.unit.name == target.name {
                    values.append(q.value)
                } else {
                    changed = true
                    if let keys, position < keys.count {
                        converted.append("\(label)[\(keys[position])] (\(q.printed ?? Formatter().number(q.value)) \(q.unit.name))")
                    }
                    let v = q.value * q.unit.scale / target.scale
                    values.append(v.isFinite ? v : nil)
                }
            }
            if changed && keys == nil { converted.append(label) }
            out.append(values)
        }
        let notes = converted.isEmpty ? [] : ["Converted to \(target.name.isEmpty ? "plain numbers" : target.name): \(converted.joined(separator: ", "))."]
        return (out, target.name, notes)
    }


    /// `sparkline(x)`: the series or vector `x` as a string of block characters, one per
    /// entry (NA entries are spaces); `NA` if every entry is NA.
    /// - Throws: a ``Diagnostic`` if `x` is not a series or vector, has more than
    ///   ``PlotLimits/widths`` entries, or mixes dimensions.
    static func sparkline(_ value: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard case .keyed(let k) = value else {
            if case .na = value { return value }
            throw Diagnostic(.runtime, "sparkline needs a series or vector, found \(value.typeName)", at: range,
                             hint: "sparkline(S3.cost), sparkline(cost[2018])")
        }
        guard k.items.count <= PlotLimits.widths.upperBound else {
            throw Diagnostic(.limit, "sparkline draws at most \(PlotLimits.widths.upperBound) entries, \(k.label) has \(k.items.count)", at: range)
        }
        let (values, _, _) = try commonUnit([k.items], labels: [k.label], range)
        guard let text = Sparkline.text(values[0]) else { return .na("every entry of \(k.label) is NA") }
        return .string(text)
    }
}
