import ArgumentParser
import Foundation
import VMPCore

/// `vmp lesson [NAME|FILE]`: lists the shipped lessons, or runs one (a shipped lesson by name,
/// or a teacher's own lesson file). With a terminal the lesson runs at the REPL's prompt;
/// otherwise it reads the answers line by line from standard input and prints the transcript.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "List the lessons, or start one.",
        discussion: """
            Without NAME, lists the lessons shipped with vmp. With NAME (or a lesson FILE ending \
            in .toml, see docs/lessons.md), starts it on the built-in chain; progress is kept in \
            $XDG_STATE_HOME/vmp/lessons (else ~/.local/state/vmp/lessons) so a lesson resumes \
            where it was left. In a lesson: :next, :back, :skip, :quit-lesson. When standard \
            input is not a terminal, answers are read line by line and the transcript printed.
            """)

    @Argument(help: ArgumentHelp("A lesson's name, or a lesson file.", valueName: "name|file"))
    var lesson: String?

    @Flag(help: "Start the lesson from its first step, ignoring saved progress.")
    var restart = false

    @Option(name: .customLong("color"), help: ArgumentHelp("When to colour output: auto, always, or never.", valueName: "when"))
    var color: ColourMode = .auto

    func execute() -> Int32 {
        let console = Console.standard(color)
        guard let name = lesson else {
            do throws(Lesson.LoadError) {
                let lessons = try Lesson.builtIn()
                console.line("Lessons (vmp lesson NAME starts one; :lesson NAME in the REPL):")
                let width = lessons.map(\.name.count).max() ?? 0
                for lesson in lessons {
                    console.line("  " + lesson.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + lesson.title
                                 + (lesson.summary.isEmpty ? "" : " — " + lesson.summary))
                }
                return 0
            } catch {
                console.error(error.description)
                return 1
            }
        }
        let found: Lesson
        do throws(Lesson.LoadError) { found = try Lesson.find(name) } catch {
            console.error(error.description)
            return 1
        }
        let session: Session
        do { session = Session(chain: try Chain.vanadium()) } catch {
            console.error("cannot load the built-in dataset: \(error)")
            return 1
        }
        session.formatter.plotWidth = PlotLimits.clamp(width: VMP.terminalColumns() ?? 80)
        if isatty(0) == 1 && isatty(1) == 1 {
            let repl = REPL(session: session, console: console)
            repl.startLesson(found, restart: restart)
            return repl.run(banner: false)
        }
        let run = LessonRun(lesson: found, session: session, progress: LessonProgress(), restart: restart,
                            say: { console.result($0) }, complain: { console.error($0) })
        run.start()
        while !run.isFinished, let line = readLine() {
            console.line("lesson> " + line)
            run.handle(line)
        }
        return 0
    }
}

/// The root that `vmp lesson …` is parsed with (as for `vmp check`).
struct LessonCommandRoot: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vmp", subcommands: [LessonCommand.self])
}

extension REPL {
    /// Starts `lesson` at the prompt: from now on inputs go to it until it ends.
    func startLesson(_ lesson: Lesson, restart: Bool = false) {
        let console = self.console
        let run = LessonRun(lesson: lesson, session: session, progress: lessonProgress, restart: restart,
                            say: { console.result($0) }, complain: { console.error($0) })
        self.lesson = run
        run.start()
    }

    /// `:lesson NAME`, and `:next`/`:back`/`:skip`/`:quit-lesson`.
    func performLesson(_ command: MetaCommand) {
        switch command {
        case .lesson(nil):
            console.line("Lessons: " + ((try? Lesson.builtIn())?.map(\.name).joined(separator: ", ") ?? "none found")
                         + " (:lesson NAME starts one)")
        case .lesson(let name?):
            do throws(Lesson.LoadError) { startLesson(try Lesson.find(name)) } catch { console.error(error.description) }
        case .lessonControl(let name):
            guard let lesson, !lesson.isFinished else {
                console.error(":\(name) works inside a lesson (:lesson NAME starts one)")
                return
            }
            lesson.handle(":" + name)
            if lesson.isFinished { self.lesson = nil }
        default:
            break
        }
    }

    /// Passes a line to the running lesson; `false` when no lesson is running.
    func lessonTakes(_ line: String) -> Bool {
        guard let lesson, !lesson.isFinished else { return false }
        lesson.handle(line)
        if lesson.isFinished { self.lesson = nil }
        return true
    }
}
