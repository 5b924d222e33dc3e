#ifndef CLARGESTACK_H
#define CLARGESTACK_H

#include <stddef.h>

/// Runs `body(context)` on a freshly mapped stack of `size` bytes (with a guard page below it)
/// in the calling thread, by getcontext/makecontext/swapcontext, and unmaps it afterwards.
/// Returns 0 when `body` ran and returned; -1 when it did not run at all (not Linux, the
/// address sanitizer is linked in, or the stack could not be mapped): the caller then runs it
/// some other way (on a thread of its own).
int vmp_run_on_own_stack(size_t size, void (*body)(void *context), void *context);

/// The stack kept free below a call of a user function (Evaluator): 160 MiB of the 512 MiB a
/// session runs on, or an eighth of a smaller stack. One call level evaluates an expression of
/// at most Parser.maxChain (10,000) operators in a row: measured, about 6.5 MiB of stack in the
/// compiled evaluator of a release build, and about 140 MiB in the tree-walking evaluator of
/// a debug build (SessionLimitsTests runs both).
#define VMP_STACK_RESERVE ((size_t)160 << 20)

/// 1 when less than the reserve (VMP_STACK_RESERVE, or an eighth of the stack if smaller) is
/// left below the caller on the stack the current thread runs on: the stack of
/// vmp_run_on_own_stack while its body runs, else the thread's own (pthread_getattr_np).
/// 0 when enough is left or the stack is unknown (not Linux).
int vmp_stack_is_low(void);

#endif
