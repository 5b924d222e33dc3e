import Foundation

/// The local values of one compiled call or loop, by slot: `count` initialised values at
/// `slots`, taken from the evaluator's ``FrameStack`` (or, past its end, from the heap) and
/// given back by ``FrameStack/pop(_:)`` when the call or loop is done.
struct Frame {
    let count: Int
    let slots: UnsafeMutablePointer<Value>
    /// Whether the slots are the stack's (else a heap block of their own).
    fileprivate let onStack: Bool
}

/// The slots of the compiled calls in progress, innermost last: a call takes its frame from
/// the top and gives it back on return, so a call allocates nothing. A frame that does not fit
/// in the ``capacity`` left (very deep or very wide calls) gets a heap block of its own; the
/// stack itself never grows. Frames are given back in the reverse order they were taken
/// (every ``push(_:)`` is paired with a `defer` ``pop(_:)``).
final class FrameStack {
    /// Slots in the stack: room for the 200 nested calls the evaluator allows
    /// (``Evaluator/maxCallDepth``) with a few parameters each.
    static let capacity = 1024
    private let base: UnsafeMutablePointer<Value>
    /// Slots in use, from `base` (behind a pointer: a stored `var` of a class is checked for
    /// exclusive access at run time on every push and pop).
    private let used: UnsafeMutablePointer<Int>
    private var top: Int {
        get { used.pointee }
        set { used.pointee = newValue }
    }

    init() {
        base = .allocate(capacity: FrameStack.capacity)
        used = .allocate(capacity: 1)
        used.initialize(to: 0)
    }

    deinit {
        // Every frame has been popped (each push has its pop in a `defer`).
        base.deinitialize(count: top)
        base.deallocate()
        used.deallocate()
    }

    /// A frame of `count` slots, each `nothing`.
    @inline(__always)
    func push(_ count: Int) -> Frame {
        if count <= FrameStack.capacity - top {
            let slots = base + top
            // Slot by slot: a frame has a few slots, and this loop needs no generic runtime call.
            for k in 0..<count { (slots + k).initialize(to: .nothing) }
            top += count
            return Frame(count: count, slots: slots, onStack: true)
        }
        let slots = UnsafeMutablePointer<Value>.allocate(capacity: Swift.max(count, 1))
        slots.initialize(repeating: .nothing, count: count)
        return Frame(count: count, slots: slots, onStack: false)
    }

    /// A frame of one slot holding `value`.
    @inline(__always)
    func push(holding value: __owned Value) -> Frame {
        if top < FrameStack.capacity {
            let slot = base + top
            slot.initialize(to: value)
            top += 1
            return Frame(count: 1, slots: slot, onStack: true)
        }
        let slot = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        slot.initialize(to: value)
        return Frame(count: 1, slots: slot, onStack: false)
    }

    /// Gives back `frame`, the last one pushed that is not yet popped.
    @inline(__always)
    func pop(_ frame: Frame) {
        for k in 0..<frame.count { (frame.slots + k).deinitialize(count: 1) }
        if frame.onStack {
            top -= frame.count
        } else {
            frame.slots.deallocate()
        }
    }

    /// Runs `body` with a frame holding `values`, then gives the frame back.
    func with<T>(_ values: [Value], _ body: (Frame) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        let frame = push(values.count)
        defer { pop(frame) }
        for (k, v) in values.enumerated() { frame.slots[k] = v }
        return try body(frame)
    }
}

/// What a compiled call by a session-level name (`fib(n - 1)` in `fib`'s body) found the last
/// time: while the same evaluator's session bindings are unchanged (``Evaluator/serial``,
/// ``Evaluator/bindingsVersion``) the name means the same user function, so the call skips the
/// lookup (a hash per call) and the copy of the function value.
final class CallSite {
    var serial = -1
    var version = -1
    /// The user function the name was bound to, and its parameter count.
    var function: UserFunction?
    var arity = 0
    private var found = false
    /// The function's compiled code (kept alive by `kept`), reached without a retain.
    private var target: Unmanaged<CompiledCode>?
    private var kept: CompiledCode?
    /// Code replaced while a call through this site was running (a recursion that rebinds
    /// the name), kept until no call runs.
    private var retired: [CompiledCode] = []
    /// Calls through ``runFast(_:_:)`` in progress (behind a pointer: a stored `var` of a
    /// class is checked for exclusive access at run time on every change).
    private let active: UnsafeMutablePointer<Int>

    init() {
        active = .allocate(capacity: 1)
        active.initialize(to: 0)
    }

    deinit { active.deallocate() }

    /// The remembered function's name, for diagnostics.
    var name: String { function?.name ?? "" }

    /// Remembers `fn`, whose body is compiled, as what the name means in `ev` at its current
    /// bindings.
    func remember(_ fn: UserFunction, in ev: Evaluator) {
        guard let made = fn.compiled.made else { return }
        if active.pointee == 0 {
            retired.removeAll()
        } else if let kept, kept !== made {
            retired.append(kept)
        }
        serial = ev.serial
        version = ev.bindingsVersion
        function = fn
        kept = made
        target = Unmanaged.passUnretained(made)
        arity = fn.params.count
        found = true
    }

    /// Whether the remembered function is still what the name means in `ev`.
    @inline(__always)
    func holds(in ev: Evaluator) -> Bool {
        version == ev.bindingsVersion && serial == ev.serial && found
    }

    /// The remembered body run in the number lane on `frame`, its code borrowed, not retained
    /// (`kept`, or `retired` while this call runs, holds it).
    @inline(__always)
    func runFast(_ ev: Evaluator, _ frame: Frame) throws(Diagnostic) -> Fast {
        guard let target else { return .value(.nothing) }
        active.pointee += 1
        defer { active.pointee -= 1 }
        let result = target._withUnsafeGuaranteedRef { (code) -> Result<Fast, Diagnostic> in
            do throws(Diagnostic) { return .success(try code.fast(ev, frame)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// Unique numbers for evaluators (``Evaluator/serial``), so a ``CallSite`` never mistakes a
/// new evaluator for the one it remembered.
enum EvaluatorSerials {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var last = 0

    static func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return last
    }
}

/// Where a session-level name (`s` in `let s = s + i`) sits in the session's bindings
/// (`scopes[0]`), remembered by the compiled code that reads or rebinds it: while the same
/// evaluator's bindings keep their layout (``Evaluator/layoutVersion``: no name added or
/// removed, no scope replaced) the position stays valid, so a read or a rebinding goes
/// there without hashing the name. All the reads and `let`s of one name in one compiled body
/// share one slot.
final class GlobalSlot {
    let name: String
    private var serial = -1
    private var layout = -1
    private var index: Dictionary<String, Value>.Index?

    init(_ name: String) { self.name = name }

    /// The position of the name in `ev`'s session bindings, `nil` if it is not bound there:
    /// as remembered while valid, else found (one hash) and remembered.
    @inline(__always)
    func position(in ev: Evaluator) -> Dictionary<String, Value>.Index? {
        if layout == ev.layoutVersion && serial == ev.serial { return index }
        return find(in: ev)
    }

    private func find(in ev: Evaluator) -> Dictionary<String, Value>.Index? {
        let found = ev.scopes[0].index(forKey: name)
        serial = ev.serial
        layout = ev.layoutVersion
        index = found
        return found
    }
}

/// The global slots of one compilation, one per name.
final class GlobalSlots {
    private var slots: [String: GlobalSlot] = [:]

    func slot(_ name: String) -> GlobalSlot {
        if let slot = slots[name] { return slot }
        let slot = GlobalSlot(name)
        slots[name] = slot
        return slot
    }
}

/// A compiled call's general path, kept out of the closure that runs the remembered user
/// function (``CallSite``) so that closure's frame stays small: the callee as ``Evaluator``
/// finds it, then a user function runs compiled in a new frame (remembered at `site` when a
/// session binding names it) and anything else as the evaluator calls it.
struct GeneralCall {
    let function: Code
    let callee: Expr
    let site: CallSite?
    let count: Int
    let fill: (Evaluator, Frame, Frame) throws(Diagnostic) -> Void
    let ranges: [SourceRange]
    let calleeRange: SourceRange
    let range: SourceRange

    @inline(never)
    func run(_ ev: Evaluator, _ frame: Frame) throws(Diagnostic) -> Value {
        let f = try function(ev, frame)
        if case .function(let fn) = f {
            let code = ev.compiledBody(of: fn)
            if let site, case .name(let name, _) = callee, ev.scopes[0][name] != nil { site.remember(fn, in: ev) }
            let callFrame = ev.frames.push(count)
            defer { ev.frames.pop(callFrame) }
            try fill(ev, frame, callFrame)
            return try ev.runCompiled(code, arity: fn.params.count, callFrame, range) { fn.name }
        }
        let argFrame = ev.frames.push(count)
        defer { ev.frames.pop(argFrame) }
        try fill(ev, frame, argFrame)
        var values: [Argument] = []
        values.reserveCapacity(count)
        for k in 0..<count { values.append(Argument(value: argFrame.slots[k], range: ranges[k])) }
        return try ev.call(f, values, calleeRange, range)
    }
}
