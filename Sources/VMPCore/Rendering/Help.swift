/// The one source of help text: `:help` and `:help TOPIC` in the REPL, and the reference
/// section of README (a test checks every built-in function and command has a topic).
public enum Help {
    /// The overview shown by `:help`.
    public static let overview = """
        vmp — the Material-Product (M-P) chain language. Built-in chain: vanadium (China, 2015–2022).
          S3.cost[2019]            a published value (37.979 million RMB, §4.2)
          S3.cost                  a series by year (NA where unpublished)
          cost[2018]               one value per stage
          link(S2, S3)             forward linkage series (Table S1); link() prints the table
          pull(S3, S2)[2020]       backward linkage (Table S2); pull() prints the table
          responses()              Table S3
          S4.output[2022] in 10^4 t    unit conversion
          let x = …   fn f(a, b) = …   if … then … else …   for y in 2015..2022 { … }   print "… {x} …"
          A[2020] B[2020] L[2020] G[2020]    coefficient matrices and inverses (stage × stage)
          let r = shock S2 by +10% in 2020   push (Ghosh, default) or … pull (Leontief); r.S4; trace(r, 6)
          forward_linkage(2020)  backward_linkage(2020)  key_stages(2020)  audit
        Commands: :help [TOPIC]  :source EXPR  :explain EXPR  :vars  :reset  :load FILE  :save FILE  :echo on|off  :quit
        (:help model explains the model; :help keys lists the editing keys)
        Topics: \(topics.keys.sorted().joined(separator: " "))
        """

    /// Help for one function, operator, command or model term; `nil` if there is none.
    public static func text(for topic: String) -> String? {
        topics[topic.trimmingCharacters(in: .whitespaces)]
    }

    /// Every topic and its text.
    public static let topics: [String: String] = [
        "link": "link(Si, Sj) — forward linkage 'Si drives Sj': the published allocation coefficient b_ij = z_ij/x_i by year (Table S1). link() prints Table S1. Errors: a pair that is not published (the message lists the published pairs).",
        "pull": "pull(Sj, Si) — backward linkage 'Sj pulls Si': the published technical coefficient a_ij = z_ij/x_j by year (Table S2). pull() prints Table S2.",
        "responses": "responses() — Table S3, stage responses to unit-time production shocks, as printed. The source prints no column headers; the meanings shown are implied by its text.",
        "present": "present(x) — x without its NA entries (a series keeps the years that are published).",
        "sum": "sum(x) — the sum of a series or vector. If any entry is NA it says how many are missing; use sum(present(x)).",
        "mean": "mean(x) — the arithmetic mean of a series or vector (NA entries are an error: use present()).",
        "min": "min(x) — the smallest entry of a series or vector (NA entries are an error: use present()).",
        "max": "max(x) — the largest entry of a series or vector (NA entries are an error: use present()).",
        "first": "first(x) — the first entry of a series or vector (NA entries are an error: use present()).",
        "last": "last(x) — the last entry of a series or vector (NA entries are an error: use present()).",
        "argmax": "argmax(x) — the year (or stage) of the largest entry.",
        "argmin": "argmin(x) — the year (or stage) of the smallest entry.",
        "count": "count(x) — the number of entries (NA entries are an error: use count(present(x))).",
        "growth": "growth(series, y1, y2) — series[y2] / series[y1] - 1, a plain number; NA if either is unpublished.",
        "abs": "abs(x) — the absolute value, unit kept.",
        "round": "round(x) or round(x, digits) — rounded half away from zero, unit kept.",
        "sqrt": "sqrt(x) — the square root of a plain number.",
        "number": "number(s) — the number written in the string s (\"12.5\" → 12.5); an error if s is not a number.",
        "length": "length(x) — the number of entries of a list, series or vector (NA entries included), or of characters of a string.",
        "args": "args — a script's arguments, a list of strings: vmp script.vmp 2020 S3 gives args[1] = \"2020\", args[2] = \"S3\"; number(args[1]) converts.",
        "units": "Units: t, kt, kg, 10^N t, day, year (= 365 day), RMB, million RMB, t CO2, %, and plain numbers. A number followed by its unit is a quantity (50 t/day). + - < > need the same dimension (scales convert: 1 kt + 1 t = 1.001 kt); * and / combine units word by word and convert words of one dimension into the first (2 kg * 3 t / (1 t) = 6 kg, 50 t/day * 1 year = 18250 t); powers stay within ±24; 'x in UNIT' converts. A scaled unit after a number is written in parentheses: 50 (10^4 t).",
        "operators": "Operators, loosest first: if/then/else; in (unit conversion); or; and; not; == != < <= > >=; .. (range); + -; * /; unary -; ^ (right-associative, binds tighter than unary minus: -2^2 = -4); postfix . [] () %. x% is x × 0.01.",
        "NA": "NA — not available: the source does not publish the value. Arithmetic with NA gives NA; aggregates refuse to guess; present(x) drops NA.",
        ":source": ":source EXPR — where each published value in EXPR came from (table or section, and any note).",
        ":help": ":help [TOPIC] — this help.",
        ":vars": ":vars — the names bound in this session.",
        ":reset": ":reset — forget every binding.",
        ":quit": ":quit — leave the REPL (Ctrl-D on an empty line does too).",
        ":explain": ":explain EXPR — how a value was computed: the formula with the actual numbers and units at each step, and the source of each published input (S2.cost[2018] / S2.cost[2017] → 25.109 million RMB (§4.2) / 6.118 million RMB (§4.2) = 4.10411899314).",
        ":load": ":load FILE — run a script into this session: its bindings stay, its relative load paths resolve against its own directory. An error is reported and leaves the session as it was.",
        ":save": ":save FILE — write the inputs that succeeded since the start (or the last :reset) as a runnable .vmp script, after a header naming the dataset and the SHA-256 of its data; vmp FILE replays it and warns if the data differ. An existing FILE is kept: :save! FILE replaces it. The file is written whole or not at all.",
        ":save!": ":save! FILE — :save, replacing FILE if it exists.",
        ":echo": ":echo on|off — show how an expression was read when that differs from what was typed (-2^2 → -(2^2) = -4). On in the REPL, off in scripts and -e; :echo alone shows the setting.",
        "ans": "ans — the value of the last expression that printed one.",
        "keys": "Keys at the prompt: Tab completes (stages, S3.quantities, years inside [ ], functions, keywords, your names, :commands, file paths in load/export strings; a second Tab lists the choices); Up/Down and Ctrl-R search the history (kept in $XDG_STATE_HOME/vmp/history); Ctrl-C discards the line, or stops a running evaluation (a second Ctrl-C before it stops ends vmp); Ctrl-D on an empty line quits. ~/.editrc can rebind keys (libedit).",
        "A": "A[year] — technical coefficients a_ij = z_ij / x_j (n×n, dimensionless; rows: supplying stage i, columns: receiving stage j). For vanadium: Table S2's backward linkages at their pairs, zeros elsewhere.",
        "B": "B[year] — allocation coefficients b_ij = z_ij / x_i (n×n, dimensionless). For vanadium: Table S1's forward linkages at their pairs, zeros elsewhere.",
        "L": "L[year] — Leontief inverse (I − A)⁻¹ (n×n): l_ij is the output of stage i needed per unit of final demand for stage j. Error if it does not exist (spectral radius ≥ 1, singular).",
        "G": "G[year] — Ghosh inverse (I − B)⁻¹ (n×n): g_ij is the output of stage j enabled per unit of primary input into stage i.",
        "forward_linkage": "forward_linkage(year) — per stage: direct (row sums of B), total (row sums of G) and normalised (Rasmussen–Hirschman) forward linkages.",
        "backward_linkage": "backward_linkage(year) — per stage: direct (column sums of A), total (column sums of L) and normalised backward linkages.",
        "key_stages": "key_stages(year) — both normalised total linkages per stage; key stages have both above 1.",
        "total": "total — third argument of link/pull: the element of G (link) or L (pull) instead of the direct coefficient: pull(S4, S3, total).",
        "direct": "direct — third argument of link/pull: the direct coefficient (the default).",
        "shock": "shock STAGE by SIZE in YEAR [push|pull] — the change of every stage's unit-time output when STAGE's changes by SIZE: a percentage of its unit-time output (+10%) or a rate (+50 t/day). push (default): Δxᵀ = s e_kᵀ G, downstream; pull: Δx = L e_k s, upstream. Shows total, direct (round 0), first round and indirect parts, and absolute output, cost (unit_cost × Δx) and emissions where the data allow, NA with the reason otherwise. YEAR may be a range (a table by year). Responses of the same year and direction add: r1 + r2. r.S4 is one stage's row.",
        "trace": "trace(r, rounds) — the shock r round by round: Δx(0) = s e_k, then Δx(r) = A Δx(r−1) (pull) or Δx(r−1) B (push); each row with the residual to the exact response (Miller & Blair 2009 §2.4).",
        "audit": "audit, or audit(5%) — consistency checks of the chain's data: the product of backward/forward ratios around each loop of stages (1 if both tables came from one Z and one x; about 0.19 for vanadium), text-vs-table digits, values flagged as probable misprints, and stages whose mass balance misses by more than the tolerance (default 1%).",
        "balance": "balance(STAGE, YEAR) or balance(YEAR) — the material-flow balance of a stage, in the chain's flow unit: inputs (flows in + imports + extraction) against outputs (flows out + exports + losses + stock_change + final_use), with the residual (inputs − outputs) absolute and relative to inputs. Unpublished terms show as NA and count as 0. Needs a chain with flows.",
        "model": "The M-P chain model (input-output analysis). Rows are the supplying stage i, columns the receiving stage j, one matrix per year. From flows Z and outputs x: A = Z x̂⁻¹ (technical coefficients, backward, 'Sj pulls Si'), B = x̂⁻¹ Z (allocation coefficients, forward, 'Si drives Sj'), L = (I − A)⁻¹, G = (I − B)⁻¹. For the published vanadium data B holds Table S1 and A holds Table S2; neither is derived from the other (see audit). Shocks propagate by one LU solve (LAPACK); trace shows the power series I + B + B² + …. Sources: Miller & Blair (2009) §2.3–2.4 and ch. 12; ../shared/notes/model.md.",
        "let": "let NAME = EXPR — binds NAME in the session (also inside a loop, so a loop can accumulate: let s = s + x). Stages and built-in functions cannot be rebound.",
        "fn": "fn NAME(a, b) = EXPR — a function of its parameters and the session's names; recursion is allowed up to 200 nested calls. An error inside it is reported at the call, with (in fn NAME).",
        "for": "for NAME in FIRST..LAST { statements } — runs the statements for each whole number from FIRST to LAST (none if LAST < FIRST); NAME exists only inside the loop.",
        "if": "if CONDITION then A else B — an expression; CONDITION must be true or false (an NA condition is an error).",
        "print": "print EXPR — prints a value; strings print without quotes and may interpolate: print \"S2 in {y}: {S2.cost[y]}\".",
        "in": "EXPR in UNIT — converts a quantity (or every entry of a series or table) to another unit of the same dimension: S4.output[2022] in 10^4 t.",
        "load": "load \"path/chain.toml\" as NAME — loads a chain from its manifest beside the session's own; address it as NAME.S3.cost[2020], NAME.A[2020]. In a script a relative path is read from the script's directory. A bad file is rejected whole with file:line:col.",
        "export": "export EXPR to \"file.csv\" [overwrite] — writes a value as CSV, JSON (units and sources) or a Markdown table, by the file's extension; a chain (export vanadium to \"dir/\") as a chain directory. Written whole or not at all; an existing file is kept unless overwrite is given.",
        "forward linkage": "Forward linkage 'Si drives Sj' — allocation coefficient b_ij = z_ij / x_i (B = x̂⁻¹Z), how much of stage i's output goes to stage j. Source: Miller & Blair (2009); iotables forward_linkages.",
        "backward linkage": "Backward linkage 'Sj pulls Si' — technical coefficient a_ij = z_ij / x_j (A = Z x̂⁻¹), how much stage j takes from stage i per unit of its output. Source: Miller & Blair (2009); Eurostat SUIOT Manual.",
    ]
}
