import Foundation
import Testing
import VMPCore
@testable import vmp

/// `vmp lesson`: the list, each shipped lesson played through with right answers and with a
/// wrong answer (hint, then solution), progress kept and resumed, a teacher's own lesson
/// file, and `:lesson` at the REPL prompt.
@Suite struct LessonTests {
    /// Right answers for each shipped lesson, typed as a student would (often not the text of
    /// the expected expression: checking is by value). "" is Enter at a text-only step.
    static let rightAnswers: [String: [String]] = [
        "reading-the-chain": ["37.979 million RMB", "2", "S4.output[2022] in t", ""],
        "linkages": ["0.13 # b_23", "pull(S3, S2)[2020]", "true", ""],
        "inverses": ["A[2020][S2][S3]", "A[2020][S2][S3] * A[2020][S3][S4]", "inverse(I - A[2020])", "true", ""],
        "shocks": ["", "0.35", "10.000007", ""],
        "key-stages": ["1.08400", "true", "false", ""],
        "data-quality": ["0.623", "0.19", "false", ""],
    ]

    /// A fresh XDG state directory, so tests never see each other's (or the user's) progress.
    static func stateDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "vmp-lessons-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func play(_ lesson: String, _ lines: [String], state: String, extra: [String] = []) throws -> VMPProcess.Result {
        try VMPProcess.run(["lesson", lesson] + extra, stdin: Data((lines.joined(separator: "\n") + "\n").utf8),
                           environment: ["XDG_STATE_HOME": state])
    }

    @Test func listsAtLeastSixLessons() throws {
        let r = try VMPProcess.run(["lesson"])
        #expect(r.status == 0)
        let names = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(names.count >= 6)
        #expect(Set(names) == Set(LessonTests.rightAnswers.keys), "every shipped lesson has a play-through test")
    }

    @Test(arguments: ["reading-the-chain", "linkages", "inverses", "shocks", "key-stages", "data-quality"])
    func playsThroughWithTheRightAnswers(lesson: String) throws {
        let state = try LessonTests.stateDirectory()
        let answers = try #require(LessonTests.rightAnswers[lesson])
        let r = try LessonTests.play(lesson, answers, state: state)
        #expect(r.status == 0)
        #expect(r.stderr == "")
        let exercises = try Lesson.load(path: VMPProcess.root.appendingPathComponent("Sources/VMPCore/Resources/lessons/\(lesson).toml").path)
            .steps.filter(\.isExercise).count
        #expect(r.stdout.components(separatedBy: "✓ Right.").count - 1 == exercises)
        #expect(!r.stdout.contains("Not quite"))
        #expect(r.stdout.contains("Lesson complete:"))
        #expect(LessonProgress(environment: ["XDG_STATE_HOME": state]).step(of: lesson) == answers.count)
    }

    /// Two wrong answers at the first exercise: the hint after the first, the solution (and
    /// its value) after the second, then the lesson goes on.
    @Test(arguments: ["reading-the-chain", "linkages", "inverses", "shocks", "key-stages", "data-quality"])
    func wrongAnswerGetsTheHintThenTheSolution(lesson: String) throws {
        let state = try LessonTests.stateDirectory()
        var answers = try #require(LessonTests.rightAnswers[lesson])
        let first = try #require(answers.firstIndex { !$0.isEmpty })
        answers.replaceSubrange(first...first, with: ["12345", "12346"])
        let r = try LessonTests.play(lesson, answers, state: state)
        #expect(r.status == 0)
        let hint = try #require(r.stdout.range(of: "Not quite. Hint: "))
        let solution = try #require(r.stdout.range(of: "Solution: "))
        #expect(hint.upperBound < solution.lowerBound)
        #expect(r.stdout.components(separatedBy: "Not quite").count == 2, "one hint, then the solution")
        #expect(r.stdout.contains("Lesson complete:"))
    }

    @Test func exactTranscriptOfAWrongAnswer() throws {
        let state = try LessonTests.stateDirectory()
        let r = try LessonTests.play("linkages", ["link(S3, S4)[2020]", "0.2", ":quit-lesson"], state: state)
        #expect(r.stdout.hasSuffix("""
            lesson> link(S3, S4)[2020]
            0.103
            Not quite. Hint: link(S2, S3) is the series; add [2020] (try again, or :skip)
            lesson> 0.2
            0.2
            Solution: link(S2, S3)[2020]
            0.130

            — Step 2 of 4 —
            A backward linkage 'Sj pulls Si' is the technical coefficient a_ij = z_ij / x_j: what stage
            j takes from stage i per unit of its own output (Table S2). pull(Sj, Si) is its series;
            note the order: the receiving stage comes first.
            Task: Type the backward linkage 'S3 pulls S2' in 2020.
            lesson> :quit-lesson
            Lesson paused at step 2; vmp lesson linkages (or :lesson linkages) resumes it.

            """))
    }

    /// A student stops (end of input) and later resumes at the same step; --restart starts over.
    @Test func progressIsKeptAndResumed() throws {
        let state = try LessonTests.stateDirectory()
        _ = try LessonTests.play("key-stages", ["1.084"], state: state)
        let resumed = try LessonTests.play("key-stages", ["true"], state: state)
        #expect(resumed.stdout.contains("Resuming at step 2"))
        #expect(resumed.stdout.contains("— Step 3 of 4 —"))
        let restarted = try LessonTests.play("key-stages", [], state: state, extra: ["--restart"])
        #expect(!restarted.stdout.contains("Resuming"))
        #expect(restarted.stdout.contains("— Step 1 of 4 —"))
    }

    @Test func commandsMoveBetweenSteps() throws {
        let state = try LessonTests.stateDirectory()
        let r = try LessonTests.play("shocks", [":next", ":next", ":skip", ":back", ":back"], state: state)
        #expect(r.stdout.contains("Answer the task first, or :skip to see the solution."))
        #expect(r.stdout.contains("Solution: A[2020][S1][S2] * 10\n0.35\n"))
        #expect(r.stdout.hasSuffix("— Step 1 of 4 —\n" + "shock STAGE by SIZE in YEAR pull is the demand-driven (Leontief) response Δx = L e_k s:\n"
            + "upstream stages supply more. push (the default) is the supply-driven (Ghosh) response\n"
            + "Δxᵀ = s e_kᵀ G: downstream stages receive more. Try: shock S2 by +10% in 2020 pull\n(Enter or :next to go on)\n"))
    }

    /// A teacher's own lesson file runs with `vmp lesson FILE`; a malformed one is an error.
    @Test func teachersOwnLessonFileRuns() throws {
        let state = try LessonTests.stateDirectory()
        let file = state + "/my-class.toml"
        try """
            title = "My class"
            [[step]]
            text = "Twice the 2019 cost of S3."
            task = "Type 2 × S3.cost[2019]."
            answer = "2 * S3.cost[2019]"
            hint = "S3.cost[2019] * 2"
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try LessonTests.play(file, ["75.958 million RMB"], state: state)
        #expect(r.status == 0)
        #expect(r.stdout.contains("Lesson: My class (1 step;"))
        #expect(r.stdout.contains("✓ Right.\n\nLesson complete: My class."))

        try "title = \"Broken\"\n[[step]]\ntext = \"x\"\nanswer = \"1 +\"\ntask = \"t\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try LessonTests.play(file, [], state: state)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("the answer of step 1 is not a vmp expression: 1 +"))
        let unknown = try VMPProcess.run(["lesson", "linkage"], environment: ["XDG_STATE_HOME": state])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("did you mean 'linkages'?"))
    }

    /// `:lesson NAME` at the REPL prompt: answers, `:help` inside the lesson, and leaving it.
    @Test func lessonAtTheREPLPrompt() throws {
        let state = try LessonTests.stateDirectory()
        let repl = try InProcessREPL()
        repl.repl.lessonProgress = LessonProgress(environment: ["XDG_STATE_HOME": state])
        repl.type([":lesson inverses", ":help a", "0.081", ":quit-lesson", ":next", "1 + 1"])
        let text = repl.capture.text
        #expect(text.contains("Lesson: Coefficient matrices and the Leontief and Ghosh inverses"))
        #expect(text.contains("vmp> 0.081\n0.081\n✓ Right.\n"))
        #expect(text.contains("Lesson paused at step 2"))
        #expect(text.contains(":next works inside a lesson"))
        #expect(text.hasSuffix("vmp> 1 + 1\n2\n"))
    }
}
