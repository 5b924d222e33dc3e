/// The counters every call, loop round and statement reads or bumps. The evaluator keeps them
/// (and its scopes) in memory of their own: as stored properties of the class each access
/// would be checked at run time for exclusivity (a lookup in a per-thread table), which cost
/// more than the bump itself.
struct EvaluatorCounters {
    var bindingsVersion = 0
    var layoutVersion = 0
    var callDepth = 0
    var steps = 0
    var maxSteps: Int?
}

extension Evaluator {
    /// Innermost last; `scopes[0]` is the session's top level. Every change counts in
    /// ``bindingsVersion``.
    var scopes: [[String: Value]] {
        get { scopeStorage.pointee }
        set {
            scopeStorage.pointee = newValue
            changedScopes()
        }
        // In place (no copy of the bindings), and without a run-time exclusivity check per
        // access, which a stored property of the class would have (a `let` in a loop is one).
        _modify {
            defer { changedScopes() }
            yield &scopeStorage.pointee
        }
    }

    private func changedScopes() {
        bindingsVersion += 1
        layoutVersion += 1
    }

    /// How many times ``scopes`` has changed: compiled calls remember what a name meant at one
    /// version (``CallSite``).
    var bindingsVersion: Int {
        get { counters.pointee.bindingsVersion }
        set { counters.pointee.bindingsVersion = newValue }
    }
    /// Moves on with every change of ``scopes`` except a value replaced in place by
    /// ``rebind(_:to:)``: compiled code remembers where a session name sits at one layout
    /// (``GlobalSlot``).
    var layoutVersion: Int {
        get { counters.pointee.layoutVersion }
        set { counters.pointee.layoutVersion = newValue }
    }
    /// How many user function calls are in progress.
    var callDepth: Int {
        get { counters.pointee.callDepth }
        set { counters.pointee.callDepth = newValue }
    }
    /// The session's step budget for one input (``Session/maxSteps``), and the steps taken so far.
    var maxSteps: Int? {
        get { counters.pointee.maxSteps }
        set { counters.pointee.maxSteps = newValue }
    }
    var steps: Int {
        get { counters.pointee.steps }
        set { counters.pointee.steps = newValue }
    }
}
