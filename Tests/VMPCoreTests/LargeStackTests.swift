import Foundation
import Testing
@testable import VMPCore

/// ``Session/onLargeStack(_:)`` runs its body on a stack of 512 MiB: on Linux one of its own in
/// the calling thread (no thread to start and wait for), nested calls included.
@Suite struct LargeStackTests {
    /// Recursion that is not a loop: each level keeps a frame until the one below returns.
    @inline(never)
    static func depth(_ n: Int) -> Int {
        n == 0 ? 0 : 1 + depth(n - 1) + (n & 1 == 2 ? 1 : 0)
    }

    @Test func bodyRunsOnTheCallingThread() {
        #if os(Linux)
        let caller = pthread_self()
        let (same, value) = Session.onLargeStack { () -> (Bool, Int) in
            (pthread_equal(pthread_self(), caller) != 0, 42)
        }
        #expect(same)
        #expect(value == 42)
        #endif
    }

    /// 400,000 nested frames need far more than a thread's default 8 MiB.
    @Test func theStackIsLarge() {
        #expect(Session.onLargeStack { Self.depth(400_000) } == 400_000)
    }

    @Test func callsNestAndRepeat() {
        let outer = Session.onLargeStack { () -> [Int] in
            (1...3).map { k in Session.onLargeStack { Self.depth(1000 * k) } }
        }
        #expect(outer == [1000, 2000, 3000])
        for _ in 0..<50 { #expect(Session.onLargeStack { 7 } == 7) }
    }

    /// Sessions on several threads at once, each switching stacks in its own thread.
    @Test func concurrentSessionsAnswer() async throws {
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let session = Session(chain: BuiltInVanadium.chain())
                    var out: [String] = []
                    _ = session.run("fn f(n) = if n < 2 then n else f(n-1) + f(n-2)\nf(15)\nS3.cost[2019]") { out.append($0) }
                    return out.joined(separator: "|")
                }
            }
            var all: [String] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results == Array(repeating: "610|37.979 million RMB", count: 8))
    }
}
