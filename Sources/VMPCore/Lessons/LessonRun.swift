import Foundation

/// One student working through a ``Lesson`` in a ``Session``: shows each step, evaluates what
/// the student types, checks an exercise's answer by value (the language's own `==` between
/// the input and the step's expected expression, evaluated in the same session), gives the
/// hint after a wrong answer and the solution after two, and saves the place after every step.
///
/// The REPL (`:lesson NAME`) and `vmp lesson NAME` both drive it line by line with
/// ``handle(_:)``; the commands `:next`, `:back`, `:skip` and `:quit-lesson` are handled here.
public final class LessonRun {
    public let lesson: Lesson
    let session: Session
    let progress: LessonProgress?
    /// The current step, 0-based.
    public private(set) var index = 0
    /// Wrong answers to the current exercise so far.
    var attempts = 0
    /// Set when the lesson is complete or the student left it (`:quit-lesson`).
    public private(set) var isFinished = false
    let say: (Markup) -> Void
    let complain: (Markup) -> Void

    /// The commands a lesson understands, as typed after `:`.
    public static let commands = ["next", "back", "skip", "quit-lesson"]

    /// - Parameters:
    ///   - progress: where the place is kept; `nil` keeps none (and starts at step 1).
    ///   - say: lesson text and results; `complain`: errors in the student's input.
    public init(lesson: Lesson, session: Session, progress: LessonProgress?, restart: Bool = false,
                say: @escaping (Markup) -> Void, complain: @escaping (Markup) -> Void) {
        self.lesson = lesson
        self.session = session
        self.progress = progress
        self.say = say
        self.complain = complain
        let saved = restart ? 0 : (progress?.step(of: lesson.name) ?? 0)
        index = (0..<lesson.steps.count).contains(saved) ? saved : 0
    }

    /// Shows the title (and where a resumed lesson goes on) and the current step.
    public func start() {
        var head = "Lesson: \(lesson.title) (\(lesson.steps.count) step\(lesson.steps.count == 1 ? "" : "s"); :next :back :skip :quit-lesson)"
        if index > 0 { head += "\nResuming at step \(index + 1) (vmp lesson \(lesson.name) --restart starts over)." }
        say(Markup(head))
        show()
    }

    var step: Lesson.Step { lesson.steps[index] }

    func show() {
        var text = "\n— Step \(index + 1) of \(lesson.steps.count) —\n\(step.text)"
        if let task = step.task { text += "\nTask: \(task)" } else { text += "\n(Enter or :next to go on)" }
        say(Markup(text))
    }

    /// One line from the student: a lesson command, an answer, or any input to evaluate.
    public func handle(_ line: String) {
        guard !isFinished else { return }
        let input = line.trimmingCharacters(in: .whitespaces)
        switch input {
        case ":next":
            if step.isExercise {
                say(Markup("Answer the task first, or :skip to see the solution."))
            } else {
                advance()
            }
        case ":back":
            index = max(0, index - 1)
            attempts = 0
            save()
            show()
        case ":skip":
            if step.isExercise { showSolution() }
            advance()
        case ":quit-lesson":
            save()
            isFinished = true
            say(Markup("Lesson paused at step \(index + 1); vmp lesson \(lesson.name) (or :lesson \(lesson.name)) resumes it."))
        case "":
            if !step.isExercise { advance() }
        default:
            evaluate(input)
        }
    }

    /// Runs the input in the session (its results shown) and, at an exercise, checks it.
    func evaluate(_ input: String) {
        let outcome = session.runMarked(input, output: say)
        guard outcome.succeeded else {
            complain(Session.markup(outcome.diagnostics, source: input, name: "<lesson>"))
            if step.isExercise { wrong() }
            return
        }
        guard let answer = step.answer else { return }
        let (statements, _) = Parser.parse(input)
        guard statements.count == 1, case .expression = statements[0] else {
            say(Markup("That ran; now type an expression for the task."))
            return
        }
        if isRight(input, expected: answer) {
            say(Markup("✓ Right."))
            advance()
        } else {
            wrong()
        }
    }

    /// `(input) == (expected)` in the session, rounded first when the step gives `digits`;
    /// anything but `true` (false, NA, an error such as different dimensions) is wrong.
    func isRight(_ input: String, expected: String) -> Bool {
        // A newline after the input ends a trailing comment (`0.13 # b_23`) inside the brackets.
        let check = step.digits.map { "print round((\(input)\n), \($0)) == round((\(expected)\n), \($0))" }
            ?? "print (\(input)\n) == (\(expected)\n)"
        var verdict = ""
        let outcome = session.run(check, output: { verdict = $0 })
        return outcome.succeeded && verdict == "true"
    }

    func wrong() {
        attempts += 1
        if attempts == 1 {
            say(Markup("Not quite. Hint: \(step.hint ?? "read the step again") (try again, or :skip)"))
        } else {
            showSolution()
            advance()
        }
    }

    func showSolution() {
        guard let answer = step.answer else { return }
        say(Markup("Solution: \(answer)"))
        let outcome = session.runMarked(answer, output: say)
        if !outcome.succeeded { complain(Session.markup(outcome.diagnostics, source: answer, name: "<solution>")) }
    }

    func advance() {
        attempts = 0
        if index + 1 >= lesson.steps.count {
            index = lesson.steps.count
            save()
            isFinished = true
            say(Markup("\nLesson complete: \(lesson.title). vmp lesson lists the others."))
            return
        }
        index += 1
        save()
        show()
    }

    func save() {
        guard let progress else { return }
        if let problem = progress.save(index, of: lesson.name) { complain(Markup(problem)) }
    }
}
