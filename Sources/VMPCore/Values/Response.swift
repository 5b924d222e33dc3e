/// The chain's response to a shock of one stage's unit-time output in one year.
///
/// Δx per stage is measured on a `basis`: relative to the shocked stage's unit-time output
/// (a `+10%` shock; 0.1 = 10 %) or in the shock's own unit (`+50 t/day`). It splits into
/// direct (round 0, the shocked stage), first round (the directly linked stages) and
/// indirect (later rounds). Where the data allow, Δx is also given in absolute terms, with the
/// change of cost (unit cost × Δx) and of emissions (carbon intensity × Δx); otherwise those
/// entries are `NA` and `notes` says why.
public struct Response: Sendable {
    public enum Basis: Sendable, Equatable {
        /// Fractions of the unit-time output of this stage.
        case relative(String)
        /// Quantities in this unit (a rate, e.g. t/day).
        case absolute(Unit)
    }

    public var mode: ShockMode
    public var year: Int
    /// What was shocked, e.g. `S2 by +10%`, or `S2 by +10% + S4 by -5%` after composition.
    public var label: String
    public var stageIDs: [String]
    /// The single shocked stage and its size on the basis (for `trace`); `nil` after composition.
    public var single: (stage: String, size: Double)?
    public var basis: Basis
    public var total: [Double]
    public var direct: [Double]
    public var firstRound: [Double]
    public var indirect: [Double]
    /// Δ unit-time output in absolute terms where known.
    public var absolute: [Quantity?]
    /// Δ cost where unit costs are known.
    public var cost: [Quantity?]
    /// Δ emissions where carbon intensities with a unit are known.
    public var emissions: [Quantity?]
    /// Why entries are NA, and which data were used with a caveat.
    public var notes: [String]
    /// The published coefficients (or flows) the propagation used.
    public var sources: [Origin] = []
}

extension ShockMode {
    /// `push (Ghosh inverse, supply-driven)` / `pull (Leontief inverse, demand-driven)`.
    var description: String {
        switch self {
        case .push: return "push (Ghosh inverse G = (I − B)⁻¹, supply-driven; read as a quantity model with caution)"
        case .pull: return "pull (Leontief inverse L = (I − A)⁻¹, demand-driven)"
        }
    }
}

extension Response.Basis {
    /// ` (% of S2's unit-time output)` or ` (t/day)`: the basis in a title.
    var suffix: String {
        switch self {
        case .relative(let id): return " (% of \(id)'s unit-time output)"
        case .absolute(let unit): return " (\(unit.name))"
        }
    }
}

extension Response {
    /// One column of a response as every renderer shows it (text table, CSV, Markdown, JSON):
    /// its key in files, its heading, and its values.
    public struct Column: Sendable {
        /// The key in CSV headings and JSON (`total`, `first_round`, `cost`).
        public let key: String
        /// The heading in a text table (`Δx total`, `Δ cost`).
        public let title: String
        public let items: [Quantity?]
        /// The values are on the response's ``basis`` (the Δx split), not absolute.
        public let onBasis: Bool
    }

    /// The columns of the response, per stage: the split of Δx on its basis (total, direct,
    /// first round, indirect), then Δ output, Δ cost and Δ emissions where the data allow (a
    /// shock in money or another non-physical unit has no Δ cost or Δ emissions columns: unit
    /// costs and intensities are per tonne).
    public var columns: [Column] {
        let physical: Bool
        if case .absolute(let unit) = basis { physical = unit.dimensions == Unit.rateDimensions } else { physical = true }
        return allColumns.filter { physical || !(($0.key == "cost" || $0.key == "emissions") && $0.items.allSatisfy { $0 == nil }) }
    }

    private var allColumns: [Column] {
        [Column(key: "total", title: "Δx total", items: total.map(basis.quantity), onBasis: true),
         Column(key: "direct", title: "direct", items: direct.map(basis.quantity), onBasis: true),
         Column(key: "first_round", title: "first round", items: firstRound.map(basis.quantity), onBasis: true),
         Column(key: "indirect", title: "indirect", items: indirect.map(basis.quantity), onBasis: true),
         Column(key: "output", title: "Δx", items: absolute, onBasis: false),
         Column(key: "cost", title: "Δ cost", items: cost, onBasis: false),
         Column(key: "emissions", title: "Δ emissions", items: emissions, onBasis: false)]
    }

    /// The first line of a response shown as a table: `Push shock S2 by +10% in 2020: …`.
    public var title: String {
        "\(mode == .push ? "Push" : "Pull") shock \(label) in \(year): \(mode.description)"
    }
}

extension Response {
    /// Every value of the Δx split is a finite number on the response's basis (a relative
    /// change is shown in %, a hundred times larger): otherwise the response overflows.
    var fitsItsBasis: Bool {
        (total + direct + firstRound + indirect).allSatisfy { basis.quantity($0).value.isFinite }
    }
}
