/// The one source of help text: `:help` and `:help TOPIC` in the REPL, and the generated
/// `docs/reference.md`. Built-ins bring their own help (``Builtin/help``); a test checks every
/// command has a topic.
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
          plot link()   plot cost[2018]   plot L[2020]   plot chain 2020   plot cost to "cost.svg"   sparkline(S3.cost)
        Commands: :help [TOPIC]  :source EXPR  :explain EXPR  :vars  :reset  :load FILE  :save FILE  :echo on|off  :lesson NAME  :quit
        (:help model explains the model; :help keys lists the editing keys)
        Topics: \(topics.keys.sorted().joined(separator: " "))
        """

    /// Help for one function, operator, command or model term; `nil` if there is none.
    public static func text(for topic: String) -> String? {
        topics[topic.trimmingCharacters(in: .whitespaces)]
    }

    /// Every topic and its text: each built-in's own help (from the registry, ``Builtins``)
    /// and the language's other topics.
    public static let topics: [String: String] = Dictionary(
        Builtins.all.map { ($0.name, $0.help) } + languageTopics.map { ($0.key, $0.value) }, uniquingKeysWith: { builtin, _ in builtin })

    /// Commands, keywords, units, operators and model terms.
    static let languageTopics: [String: String] = [
        "args": "args — a script's arguments, a list of strings: vmp script.vmp 2020 S3 gives args[1] = \"2020\", args[2] = \"S3\"; number(args[1]) converts.",
        "units": "Units: t, kt, kg, 10^N t, day, year (= 365 day), the currencies USD, EUR and CNY (RMB is the same unit as CNY and prints as written) with kUSD, kEUR, kCNY, kRMB (= thousand) and the scale words thousand, million, billion (2 million USD), t CO2, %, and plain numbers; a chain's manifest may add words of its own (new_units = [\"GBP\", \"jobs\"]: each a new dimension). Currencies never convert into one another (no exchange rates: 1 USD + 1 EUR is an error; state a rate, x * (1.1 USD/EUR)); 1 kUSD + 1 USD = 1.001 kUSD. A number followed by its unit is a quantity (50 t/day). + - < > need the same dimension (scales convert: 1 kt + 1 t = 1.001 kt); * and / combine units word by word and convert words of one dimension into the first (2 kg * 3 t / (1 t) = 6 kg, 50 t/day * 1 year = 18250 t); powers stay within ±24; 'x in UNIT' converts. A scaled unit after a number is written in parentheses: 50 (10^4 t).",
        "operators": "Operators, loosest first: if/then/else; in (unit conversion); or; and; not; == != < <= > >=; .. (range); + -; * /; unary -; ^ (right-associative, binds tighter than unary minus: -2^2 = -4); postfix . [] () %. x% is x × 0.01. On stage × stage matrices * is the matrix product (M * v with a vector by stage), ^ the matrix power (whole k, 0..1000), + - cell by cell; M[Si][Sj] and M.Si.Sj both read m_ij.",
        "NA": "NA — not available: the source does not publish the value. Arithmetic with NA gives NA; aggregates refuse to guess; present(x) drops NA.",
        ":source": ":source EXPR — where each published value in EXPR came from (table or section, and any note).",
        ":help": ":help [TOPIC] — this help, also in scripts and -e. The topic forgives: case does not matter, part of a name lists the matching topics (:help linkage), a word of the help text finds the topic that defines it (:help Leontief), and an unknown topic gets the nearest ones.",
        ":vars": ":vars — the names bound in this session.",
        ":lesson": ":lesson [NAME] — list the lessons, or start one at the prompt (vmp lesson NAME from the shell; a teacher's own lesson: vmp lesson FILE.toml, see docs/lessons.md). Each step checks the answer by value, gives a hint after a wrong answer and the solution after two, and keeps the place in $XDG_STATE_HOME/vmp/lessons.",
        ":next": ":next — in a lesson, go on to the next step (a step with a task waits for its answer, or :skip).",
        ":back": ":back — in a lesson, go back one step.",
        ":skip": ":skip — in a lesson, show the solution of this step and go on.",
        ":quit-lesson": ":quit-lesson — leave the lesson; its place is kept, and :lesson NAME or vmp lesson NAME resumes it.",
        ":reset": ":reset — forget every binding.",
        ":quit": ":quit — leave the REPL (Ctrl-D on an empty line does too).",
        ":explain": ":explain EXPR — how a value was computed: the formula with the actual numbers and units at each step, and the source of each published input (S2.cost[2018] / S2.cost[2017] → 25.109 million RMB (§4.2) / 6.118 million RMB (§4.2) = 4.10411899314). Model quantities show their working: A[2020] (the published value of each cell), L[2020] and G[2020] (I − A, LU inverse, check, power series), link(S2, S3, total)[2020] (direct + indirect), key_stages(2020) (sums, mean, ratios), a shock (Δx = L e_k s, split, unit costs), a user function (the steps inside).",
        ":load": ":load FILE — run a script into this session: its bindings stay, its relative load paths resolve against its own directory. An error is reported and leaves the session as it was.",
        ":save": ":save FILE — write the inputs that succeeded since the start (or the last :reset) as a runnable .vmp script, after a header naming the dataset and the SHA-256 of its data; vmp FILE replays it and warns if the data differ. An existing FILE is kept: :save! FILE replaces it. The file is written whole or not at all.",
        ":save!": ":save! FILE — :save, replacing FILE if it exists.",
        ":echo": ":echo on|off — show how an expression was read when that differs from what was typed (-2^2 → -(2^2) = -4). On in the REPL, off in scripts and -e; :echo alone shows the setting.",
        "ans": "ans — the value of the last expression that printed one.",
        "keys": "Keys at the prompt: Tab completes (stages, S3.quantities, years inside [ ], functions, keywords, your names, :commands, file paths in load/export strings; a second Tab lists the choices); Up/Down and Ctrl-R search the history (kept in $XDG_STATE_HOME/vmp/history); Ctrl-C discards the line, or stops a running evaluation (a second Ctrl-C before it stops ends vmp); Ctrl-D on an empty line quits. ~/.editrc can rebind keys (libedit).",
        "shock": "shock STAGE by SIZE in YEAR [push|pull] — the change of every stage's unit-time output when STAGE's changes by SIZE: a percentage of its unit-time output (+10%) or a rate (+50 t/day); in a monetary table (flow_unit USD, …) an amount in the flow unit (+600 USD). Several stages at once: shock {agri: +600 USD, manu: +1500 USD} in 2009 pull (a final-demand change Δf: Δx = L Δf; push: a primary-input change, Δxᵀ = Δvᵀ G), or any vector by stage as the size (shock df in 2009 pull, shock vector(agri, 600, manu, 1500) * 1 USD in 2009 pull); each size in the chain's shock unit, stages not named 0 (docs/model.md §4.7). SIZE is an exogenous change at STAGE — in its final demand for pull, in its primary input for push — not a change imposed on its output: STAGE's own output changes by l_kk·SIZE (pull) or g_kk·SIZE (push), at least SIZE and more when deliveries lead back to it (docs/model.md §4.2). push (default): Δxᵀ = s e_kᵀ G, downstream; pull: Δx = L e_k s, upstream. Shows total, direct (round 0), first round and indirect parts, and absolute output, cost (unit_cost × Δx) and emissions where the data allow, NA with the reason otherwise. YEAR may be a range (a table by year). Responses of the same year and direction add: r1 + r2. r.S4 is one stage's row.",
        "model": "The M-P chain model (input-output analysis). Rows are the supplying stage i, columns the receiving stage j, one matrix per year. From flows Z and outputs x: A = Z x̂⁻¹ (technical coefficients, backward, 'Sj pulls Si'), B = x̂⁻¹ Z (allocation coefficients, forward, 'Si drives Sj'), L = (I − A)⁻¹, G = (I − B)⁻¹. For the published vanadium data B holds Table S1 and A holds Table S2; neither is derived from the other (see audit). Shocks propagate by one LU solve (LAPACK); trace shows the power series I + B + B² + …. Sources: Miller & Blair (2009) §2.3–2.4 and ch. 12; docs/model.md in vmp's repository.",
        "let": "let NAME = EXPR — binds NAME in the session (also inside a loop, so a loop can accumulate: let s = s + x). Stages and built-in functions cannot be rebound.",
        "fn": "fn NAME(a, b) = EXPR — a function of its parameters and the session's names; recursion is allowed up to 200 nested calls. An error inside it is reported at the call, with (in fn NAME).",
        "for": "for NAME in FIRST..LAST { statements } — runs the statements for each whole number from FIRST to LAST (none if LAST < FIRST); NAME exists only inside the loop.",
        "if": "if CONDITION then A else B — an expression; CONDITION must be true or false (an NA condition is an error).",
        "print": "print EXPR — prints a value; strings print without quotes and may interpolate: print \"S2 in {y}: {S2.cost[y]}\".",
        "in": "EXPR in UNIT — converts a quantity (or every entry of a series or table) to another unit of the same dimension: S4.output[2022] in 10^4 t.",
        "load": "load \"path/chain.toml\" as NAME [year YEAR] — loads a chain from its manifest (long or wide layout) or a folder saved by pymrio beside the session's own; address it as NAME.S3.cost[2020], NAME.A[2020]. year YEAR gives the year of a table that has none (a pymrio folder, a manifest without year). In a script a relative path is read from the script's directory (as for export and plot … to). A bad file is rejected whole with file:line:col.",
        "aggregate": "aggregate [CHAIN] (S1, S2, …) as NAME — a new chain NAME with the listed stages of CHAIN (default: the session's) merged into one stage, its id the ids joined by _ (S1_S2), where the first of them stood. Flows are summed (Z* = S Z Sᵀ) and so are additive quantities (outputs, final demand, value added, amounts in t, money or t CO2) when every part has a value; shares, intensities and unit costs are NA, never summed; a published coefficient is the exact sum where one exists (a into an unmerged stage, b from one) and output-weighted otherwise (NA without outputs). A note lists what is NA. Each value's source is the sum it came from. docs/model.md §10.",
        "export": "export EXPR to \"file.csv\" [overwrite] — writes a value as CSV, JSON (units and sources) or a Markdown table, by the file's extension; a chain (export vanadium to \"dir/\") as a chain directory. Written whole or not at all; an existing file is kept unless overwrite is given. In a script a relative path is written from the script's directory, as load reads it (in the REPL and with -e: the current directory).",
        "plot": "plot EXPR [, EXPR…] [title \"…\"] [caption \"…\"] [to \"file.svg\" [overwrite]] — a picture of a value: a series or a table by year (link(), cost) as a line chart with a line per column; a vector or another table (cost[2018], imports, exports) as bars, grouped by series; a stage × stage matrix (L[2020]) as a heat map with the values in the cells when they fit; a shock response as bars by stage. Several series or vectors with the same keys draw together (plot imports, exports). NA values are gaps (an NA bar reads NA), never zeros; with nothing published the plot says so. In the terminal: Unicode characters to the terminal's width (80 in a pipe, vmp --width N), axes with units, a legend by marker or fill pattern. With to: a standalone SVG 1.1 file (a relative path from the script's directory in a script; 720×440, Okabe–Ito colours, the same bytes each time), written whole or not at all; an existing file is kept unless overwrite is given. title and caption (text) replace the title and add a caption; they may start continuation lines. plot chain [CHAIN] [YEAR] draws the chain: its stages as boxes in chain order and an arrow from stage i to stage j for each linkage published for YEAR (default: the last year with any), labelled with the value and as thick as it is large — forward linkages above the boxes, backward below; a chain with flows that year (load \"Scripts/chains/copper\" as cu; plot chain cu 2020) gives a Sankey diagram, band width ∝ flow. Limits: 8 series, 60 years or bars, 30 × 30 matrices, 24 stages.",
        "forward linkage": "Forward linkage 'Si drives Sj' — allocation coefficient b_ij = z_ij / x_i (B = x̂⁻¹Z), how much of stage i's output goes to stage j. Source: Miller & Blair (2009); iotables forward_linkages.",
        "backward linkage": "Backward linkage 'Sj pulls Si' — technical coefficient a_ij = z_ij / x_j (A = Z x̂⁻¹), how much stage j takes from stage i per unit of its output. Source: Miller & Blair (2009); Eurostat SUIOT Manual.",
    ]
}
