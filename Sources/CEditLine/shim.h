/*
 * CEditLine: the bits of libedit (NetBSD editline, Debian's libedit-dev) that vmp needs,
 * with typed wrappers for the C varargs calls Swift cannot import, plus the SIGINT flag.
 *
 * Only Sources/vmp/LineEditor.swift imports this module. Everything here is `static`, so
 * each object file that uses it gets its own copy: keep every use in that one Swift file,
 * or the interrupt flag would be duplicated.
 *
 * See docs/libedit.md for the decisions (§1 varargs shim, §2 prompt, §3 completion, §4 locale,
 * §6 signals, §7 history).
 */
#ifndef VMP_CEDITLINE_SHIM_H
#define VMP_CEDITLINE_SHIM_H

#include <histedit.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/ioctl.h>

/* ---------------------------------------------------------------- editor */

/* el_init on the process's standard streams. */
static inline EditLine *vmp_el_init(const char *prog) {
    return el_init(prog, stdin, stdout, stderr);
}

/* "emacs" or "vi". */
static inline int vmp_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/* EL_SIGNAL: let libedit handle SIGWINCH/SIGCONT/etc. while editing. */
static inline int vmp_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

/* Bind one key sequence to a named editor function ("^R", "em-inc-search-prev"). */
static inline int vmp_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, (const char *)NULL);
}

/* Attach a narrow History to the editor (Up/Down, search). */
static inline int vmp_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

/*
 * The prompt: a static buffer, so the pointer handed to libedit stays valid. (State lives in
 * function-local statics: Swift's importer does not emit file-scope statics of a header that
 * only C code refers to, which fails at link time.)
 */
#define VMP_PROMPT_CAPACITY 256
static inline char *vmp_prompt_buffer(void) {
    static char buffer[VMP_PROMPT_CAPACITY];
    return buffer;
}

static inline char *vmp_prompt_function(EditLine *el) {
    (void)el;
    return vmp_prompt_buffer();
}

/* Copies `prompt` (truncated to 255 bytes) into the static buffer. */
static inline void vmp_set_prompt_text(const char *prompt) {
    char *buffer = vmp_prompt_buffer();
    strncpy(buffer, prompt, VMP_PROMPT_CAPACITY - 1);
    buffer[VMP_PROMPT_CAPACITY - 1] = '\0';
}

/*
 * Installs vmp_prompt_function as the editor's prompt, with EL_PROMPT_ESC: text between two
 * \1 characters (colour escape sequences) is sent to the terminal but not counted toward the
 * prompt's width (docs/libedit.md §2).
 */
static inline int vmp_el_use_prompt_buffer(EditLine *el) {
    return el_set(el, EL_PROMPT_ESC, vmp_prompt_function, '\1');
}

/* Registers a named editor function (bind it to a key with vmp_el_bind). */
static inline int vmp_el_addfn(EditLine *el, const char *name, const char *help,
                               unsigned char (*function)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, function);
}

/* The pointer handed back to editor functions (the Swift reader object). */
static inline int vmp_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *vmp_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

/* The width of the terminal on standard output, or 80 when it cannot be told. */
static inline int vmp_terminal_columns(void) {
    struct winsize size;
    if (ioctl(1, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

/* ---------------------------------------------------------------- history */

static inline History *vmp_history_init(void) {
    return history_init();
}

static inline int vmp_history_setsize(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}

static inline int vmp_history_setunique(History *h, int unique) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, unique);
}

/* One entry (UTF-8, may contain newlines: the file format escapes them). */
static inline int vmp_history_enter(History *h, const char *entry) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, entry);
}

/* Number of entries loaded, or -1 (missing file, no _HiStOrY_V2_ header). */
static inline int vmp_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}

/* Number of entries saved, or -1. Writes the whole history with its header. */
static inline int vmp_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

static inline int vmp_history_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) == -1) return -1;
    return ev.num;
}

/* ---------------------------------------------------------------- SIGINT */

/*
 * One flag, set by the handler and polled by Swift (the REPL loop and the evaluator thread).
 * The handler is installed with sigaction WITHOUT SA_RESTART, so a Ctrl-C while el_wgets is
 * blocked in read(2) makes el_wgets return NULL with errno EINTR (docs/libedit.md §6).
 */
static inline volatile sig_atomic_t *vmp_interrupt_flag(void) {
    static volatile sig_atomic_t flag = 0;
    return &flag;
}

/* The disposition in force before vmp's first install, and whether it was saved. */
static inline struct sigaction *vmp_previous_sigint(int **saved) {
    static struct sigaction previous;
    static int is_saved = 0;
    *saved = &is_saved;
    return &previous;
}

static inline void vmp_sigint_handler(int signo) {
    (void)signo;
    *vmp_interrupt_flag() = 1;
}

/*
 * Installs the handler. `one_shot` != 0 (while evaluating): the disposition falls back to
 * SIG_DFL after the first delivery (SA_RESETHAND), so a second Ctrl-C kills the process,
 * as in Lua's REPL. The first call remembers the disposition in force before vmp's.
 */
static inline int vmp_sigint_install(int one_shot) {
    int *saved;
    struct sigaction *previous = vmp_previous_sigint(&saved);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = vmp_sigint_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = one_shot ? SA_RESETHAND : 0; /* never SA_RESTART */
    if (!*saved) {
        if (sigaction(SIGINT, &action, previous) != 0) return -1;
        *saved = 1;
        return 0;
    }
    return sigaction(SIGINT, &action, NULL);
}

/* Puts back the disposition that was in force before the first vmp_sigint_install. */
static inline int vmp_sigint_restore(void) {
    int *saved;
    struct sigaction *previous = vmp_previous_sigint(&saved);
    if (!*saved) return 0;
    *saved = 0;
    return sigaction(SIGINT, previous, NULL);
}

static inline int vmp_interrupt_flag_is_set(void) {
    return *vmp_interrupt_flag() != 0;
}

static inline void vmp_interrupt_flag_clear(void) {
    *vmp_interrupt_flag() = 0;
}

static inline int vmp_errno(void) {
    return errno;
}

#endif /* VMP_CEDITLINE_SHIM_H */
