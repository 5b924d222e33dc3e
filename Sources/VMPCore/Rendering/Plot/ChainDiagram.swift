import Foundation

/// Chain diagrams: the stages as boxes in chain order, an arrow for each published linkage of
/// the year from the supplying stage i to the receiving stage j, labelled with its value and
/// as thick as the value is large relative to the largest of its kind. Forward linkages run
/// above the boxes, backward ones below. With flows the arrows are bands whose width is
/// proportional to the flow (a Sankey diagram).
enum ChainDiagram {
    static let kindColour: [LinkageKind: String] = [.forward: "#0072B2", .backward: "#D55E00", .flow: "#009E73"]
    static let kindDash: [LinkageKind: String] = [.backward: "6 3"]
    static let rule: Character = "━"

    // MARK: Terminal

    /// The stages as a row of boxes (wrapped to `width`), then one line per arrow with its
    /// value and a bar as long as the value relative to the largest of its kind.
    static func terminal(_ figure: Figure, width: Int) -> [String] {
        guard let chain = figure.chain else { return [] }
        var out: [String] = []
        // Boxes, as many to a row as fit; `──▶` between neighbours with an arrow i → i+1.
        let labels = chain.stages.map { PlotText.truncate($0.id, to: max(4, width - 6)) }
        var rowStart = 0
        while rowStart < labels.count {
            var top = "", middle = "", bottom = ""
            var k = rowStart
            while k < labels.count {
                let w = DisplayWidth.of(labels[k])
                let link = k + 1 < labels.count && chain.arrows.contains { $0.from == k && $0.to == k + 1 } ? "──▶" : "   "
                if k > rowStart, DisplayWidth.of(middle) + w + 4 + 3 > width { break }
                top += "┌" + String(repeating: "─", count: w + 2) + "┐"
                middle += "│ " + labels[k] + " │"
                bottom += "└" + String(repeating: "─", count: w + 2) + "┘"
                if k + 1 < labels.count {
                    top += "   "; bottom += "   "
                    middle += link
                }
                k += 1
            }
            out += [top.trimmedRight, middle.trimmedRight, bottom.trimmedRight]
            rowStart = k
        }
        for (i, stage) in chain.stages.enumerated() where stage.name != stage.id {
            out.append(PlotText.truncate("  \(labels[i]): \(stage.name)", to: width))
        }
        if chain.arrows.isEmpty {
            out.append("no linkages or flows are published for \(chain.year)")
            return out
        }
        let names = chain.arrows.map { "\(labels[$0.from]) → \(labels[$0.to])" }
        let nameWidth = min(32, names.map(DisplayWidth.of).max() ?? 4)
        let kindWidth = chain.arrows.map { $0.kind.rawValue.count }.max() ?? 4
        let valueWidth = min(16, chain.arrows.map { $0.label.count }.max() ?? 2)
        let barRoom = max(4, width - nameWidth - kindWidth - valueWidth - 8)
        out.append(chain.isSankey ? "flows (\(chain.flowUnit ?? "")), bar ∝ flow:" : "linkages, bar ∝ value (relative to the largest of its kind):")
        for (arrow, name) in zip(chain.arrows, names) {
            let share = abs(arrow.value) / chain.largest(arrow.kind)
            let bar = String(repeating: rule, count: max(1, clampedIndex(share * Double(barRoom), 1...barRoom)))
            out.append("  " + DisplayWidth.pad(PlotText.truncate(name, to: nameWidth), to: nameWidth) + "  "
                       + arrow.kind.rawValue.padding(toLength: kindWidth, withPad: " ", startingAt: 0) + "  "
                       + DisplayWidth.pad(PlotText.truncate(arrow.label, to: valueWidth), to: valueWidth, right: true) + "  " + bar)
        }
        return out.map(\.trimmedRight)
    }

    // MARK: SVG

    /// The diagram in `frame` (which keeps no legend column: the key runs under the picture).
    static func svg(_ figure: Figure, _ frame: inout SVGFrame) {
        guard let chain = figure.chain else { return }
        let n = max(1, chain.stages.count)
        let plot = frame.plot
        let slot = plot.width / Double(n)
        let boxWidth = min(130, slot * 0.7)
        let gap = n > 1 ? (plot.width - boxWidth * Double(n)) / Double(n - 1) : 0
        let boxHeight = 70.0
        let mid = plot.y + plot.height / 2
        let boxTop = mid - boxHeight / 2, boxBottom = mid + boxHeight / 2
        func left(_ i: Int) -> Double { plot.x + Double(i) * (boxWidth + gap) }
        func centre(_ i: Int) -> Double { left(i) + boxWidth / 2 }
        let room = plot.height / 2 - boxHeight / 2 - 8

        func isArc(_ a: ChainPicture.Arrow) -> Bool { !(a.to == a.from + 1) }
        func isAbove(_ a: ChainPicture.Arrow) -> Bool { a.kind == .forward || (a.kind == .flow && a.to > a.from) }
        // Where arcs meet a box: spread over its top or bottom edge, nested so they do not
        // cross: arcs leaving to the left on the left half, to the right on the right half,
        // the shortest nearest the edge.
        var attach: [String: Double] = [:]
        var ends: [String: [(arrow: Int, other: Int)]] = [:]
        for (k, a) in chain.arrows.enumerated() where isArc(a) {
            let side = isAbove(a) ? "above" : "below"
            ends["\(a.from) \(side)", default: []].append((k, a.to))
            ends["\(a.to) \(side)", default: []].append((k, a.from))
        }
        for (key, list) in ends {
            guard let box = Int(key.split(separator: " ")[0]) else { continue }
            let ordered = list.sorted { ($0.other > box ? 1 : 0, -$0.other, $0.arrow) < ($1.other > box ? 1 : 0, -$1.other, $1.arrow) }
            for (rank, end) in ordered.enumerated() {
                let x = left(box) + boxWidth * (0.12 + 0.76 * (Double(rank) + 0.5) / Double(ordered.count))
                attach["\(end.arrow) \(end.other == chain.arrows[end.arrow].to ? "from" : "to")"] = x
            }
        }

        var labels: [(Double, Double, String, String)] = []
        for (index, arrow) in chain.arrows.enumerated() {
            let colour = kindColour[arrow.kind] ?? "#000000"
            let share = abs(arrow.value) / chain.largest(arrow.kind)
            let width = arrow.kind == .flow ? max(1.5, share * min(32, boxHeight * 0.45)) : 1.5 + share * 7
            let head = arrow.kind == .flow ? 10.0 : 7 + width
            let halfHead = arrow.kind == .flow ? width / 2 + 5 : 4 + width / 2
            let span = abs(arrow.to - arrow.from)
            let opacity: Double? = arrow.kind == .flow ? 0.6 : nil
            if !isArc(arrow) {
                let y = arrow.kind == .flow ? mid : (arrow.kind == .forward ? mid - 16 : mid + 16)
                let x0 = left(arrow.from) + boxWidth, x1 = left(arrow.to)
                frame.document.path("M \(SVG.number(x0)) \(SVG.number(y)) L \(SVG.number(x1 - head)) \(SVG.number(y))", stroke: colour, width: width,
                                    dash: kindDash[arrow.kind], opacity: opacity)
                frame.document.polygon([(x1 - head, y - halfHead), (x1, y), (x1 - head, y + halfHead)], fill: colour)
                let labelY = arrow.kind == .backward ? y + width / 2 + 13 : arrow.kind == .flow ? boxTop - 6 : y - width / 2 - 5
                labels.append(((x0 + x1) / 2, labelY, arrow.label, colour))
            } else {
                // An arc over (or under) the boxes in between, from the top (bottom) edge of
                // stage i to that of stage j.
                let above = isAbove(arrow)
                let x0 = attach["\(index) from"] ?? centre(arrow.from)
                let x1 = attach["\(index) to"] ?? centre(arrow.to)
                let sign = above ? -1.0 : 1.0
                let y0 = above ? boxTop : boxBottom
                let height = min(room / 0.75, 30 + 24 * Double(span))
                let yEnd = y0 + sign * head
                let control = y0 + sign * height
                let d = "M \(SVG.number(x0)) \(SVG.number(y0)) C \(SVG.number(x0)) \(SVG.number(control)) \(SVG.number(x1)) \(SVG.number(control)) \(SVG.number(x1)) \(SVG.number(yEnd))"
                frame.document.path(d, stroke: colour, width: width, dash: kindDash[arrow.kind], opacity: opacity)
                frame.document.polygon([(x1 - halfHead, yEnd), (x1, y0), (x1 + halfHead, yEnd)], fill: colour)
                let apex = y0 + sign * height * 0.75
                labels.append(((x0 + x1) / 2, apex + (above ? -width / 2 - 4 : width / 2 + 12), arrow.label, colour))
            }
        }
        for i in 0..<chain.stages.count {
            let stage = chain.stages[i]
            frame.document.rect(left(i), boxTop, boxWidth, boxHeight, fill: "#F2F2F2", stroke: "#333333", strokeWidth: 1.2)
            // The id in bold, as large as fits (bold text runs about 0.68 em per column).
            let idSize = min(13, max(7, (boxWidth - 8) / (Double(max(1, DisplayWidth.of(stage.id))) * 0.68)))
            frame.document.text(centre(i), boxTop + 17, PlotText.truncate(stage.id, to: clampedIndex((boxWidth - 8) / (idSize * 0.68), 1...200)),
                                size: idSize, anchor: .middle, bold: true)
            for (k, line) in PlotText.wrap(stage.name, width: SVG.columns(boxWidth - 6, size: 9), maxLines: 4).enumerated() {
                frame.document.text(centre(i), boxTop + 31 + Double(k) * 10.5, line, size: 9, anchor: .middle, fill: "#333333")
            }
        }
        // Labels last, on a white ground, so no line runs through them.
        for (x, y, text, colour) in labels {
            let w = SVG.textWidth(text, size: 10) + 6
            frame.document.rect(x - w / 2, y - 10, w, 13, fill: "#FFFFFF", opacity: 0.85)
            frame.document.text(x, y, text, size: 10, anchor: .middle, bold: true, fill: colour)
        }
        // The key, in one row under the picture.
        var x = plot.x
        let y = plot.bottom + 16
        for kind in LinkageKind.allCases where chain.arrows.contains(where: { $0.kind == kind }) {
            let colour = kindColour[kind] ?? "#000000"
            frame.document.line(x, y, x + 26, y, stroke: colour, width: 3, dash: kindDash[kind])
            let text = ChainPicture.describe(kind)
            frame.document.text(x + 32, y + 4, text, size: 11)
            x += 32 + SVG.textWidth(text, size: 11) + 20
        }
        let note = chain.isSankey ? "band width ∝ flow (\(chain.flowUnit ?? ""))" : "line width ∝ value"
        if x + SVG.textWidth(note, size: 11) <= plot.right { frame.document.text(x, y + 4, note, size: 11, fill: "#555555") }
    }
}
