#ifndef CLARGESTACK_H
#define CLARGESTACK_H

#include <stddef.h>

/// Runs `body(context)` on a freshly mapped stack of `size` bytes (with a guard page below it)
/// in the calling thread, by getcontext/makecontext/swapcontext, and unmaps it afterwards.
/// Returns 0 when `body` ran and returned; -1 when it did not run at all (not Linux, the
/// address sanitizer is linked in, or the stack could not be mapped): the caller then runs it
/// some other way (on a thread of its own).
int vmp_run_on_own_stack(size_t size, void (*body)(void *context), void *context);

#endif
