import CLargeStack

/// Runs a body on a stack of its own in the calling thread (``Session/onLargeStack(_:)``):
/// `vmp_run_on_own_stack` in `Sources/CLargeStack` maps the stack, switches to it with
/// `swapcontext` and back when the body returns. Unlike a thread, this needs no scheduler
/// hand-off (on a busy machine each can wait milliseconds for a core).
enum LargeStack {
    /// The stack's size in bytes: 512 MiB, mapped without reserving memory (only the pages
    /// used are ever resident).
    static let size = 512 << 20

    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a fresh ``size``-byte stack and returns `true`; returns `false` without
    /// running it where this cannot be done (not Linux, the address sanitizer linked in, the
    /// stack not mapped).
    static func run(_ body: @escaping () -> Void) -> Bool {
        let job = Job(body)
        return withExtendedLifetime(job) {
            vmp_run_on_own_stack(size, { context in
                guard let context else { return }
                Unmanaged<Job>.fromOpaque(context).takeUnretainedValue().body()
            }, Unmanaged.passUnretained(job).toOpaque()) == 0
        }
    }
}
