// Session.onLargeStack runs every input on a 512 MiB stack (deeply nested expressions and
// recursion). A thread with such a stack costs two hand-offs through the scheduler per input
// (start it, wake the waiting caller): on a busy machine each can wait milliseconds for a
// core. Switching stacks in the calling thread costs neither.
#define _GNU_SOURCE
#include "CLargeStack.h"

#if defined(__linux__)
#include <stdint.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

// Defined only when the address sanitizer's runtime is linked in (the fuzz builds): it does
// not follow switched stacks, so those builds keep the thread.
extern void __asan_init(void) __attribute__((weak));

struct job {
    ucontext_t caller;
    ucontext_t callee;
    void (*body)(void *);
    void *context;
};

// makecontext passes int arguments only: the job's address comes in two halves.
static void trampoline(unsigned int high, unsigned int low) {
    struct job *job = (struct job *)(((uintptr_t)high << 32) | (uintptr_t)low);
    job->body(job->context);
    // Returning resumes job->caller (uc_link).
}

int vmp_run_on_own_stack(size_t size, void (*body)(void *), void *context) {
    if (__asan_init != NULL || sizeof(uintptr_t) != 8) return -1;
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || size == 0 || size > SIZE_MAX - (size_t)page) return -1;
    size_t guard = (size_t)page;
    void *base = mmap(NULL, size + guard, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (base == MAP_FAILED) return -1;
    int status = -1;
    struct job job;
    job.body = body;
    job.context = context;
    if (mprotect(base, guard, PROT_NONE) == 0 && getcontext(&job.callee) == 0) {
        job.callee.uc_stack.ss_sp = (char *)base + guard;
        job.callee.uc_stack.ss_size = size;
        job.callee.uc_link = &job.caller;
        uintptr_t address = (uintptr_t)&job;
        makecontext(&job.callee, (void (*)(void))trampoline, 2,
                    (unsigned int)(address >> 32), (unsigned int)(address & 0xffffffffu));
        status = swapcontext(&job.caller, &job.callee) == 0 ? 0 : -1;
    }
    munmap(base, size + guard);
    return status;
}

#else

int vmp_run_on_own_stack(size_t size, void (*body)(void *), void *context) {
    (void)size; (void)body; (void)context;
    return -1;
}

#endif
