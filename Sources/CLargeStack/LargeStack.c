// Session.onLargeStack runs every input on a 512 MiB stack (deeply nested expressions and
// recursion). A thread with such a stack costs two hand-offs through the scheduler per input
// (start it, wake the waiting caller): on a busy machine each can wait milliseconds for a
// core. Switching stacks in the calling thread costs neither.
#define _GNU_SOURCE
#include "CLargeStack.h"

#if defined(__linux__)
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

// Defined only when the address sanitizer's runtime is linked in (the fuzz builds): it does
// not follow switched stacks, so those builds keep the thread.
extern void __asan_init(void) __attribute__((weak));

// The lowest usable address and the size of the stack the current thread runs on: set while a
// body runs on a stack of ours, else found once per thread from its attributes (0: unknown).
static __thread uintptr_t stack_low;
static __thread size_t stack_size;
static __thread int thread_stack_known;
static __thread uintptr_t thread_stack_low;
static __thread size_t thread_stack_size;

struct job {
    ucontext_t caller;
    ucontext_t callee;
    void (*body)(void *);
    void *context;
};

// makecontext passes int arguments only: the job's address comes in two halves.
static void trampoline(unsigned int high, unsigned int low) {
    struct job *job = (struct job *)(((uintptr_t)high << 32) | (uintptr_t)low);
    uintptr_t saved_low = stack_low;
    size_t saved_size = stack_size;
    stack_low = (uintptr_t)job->callee.uc_stack.ss_sp;
    stack_size = job->callee.uc_stack.ss_size;
    job->body(job->context);
    stack_low = saved_low;
    stack_size = saved_size;
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

int vmp_stack_is_low(void) {
    uintptr_t low = stack_low;
    size_t size = stack_size;
    if (low == 0) {
        if (!thread_stack_known) {
            thread_stack_known = 1;
            pthread_attr_t attr;
            if (pthread_getattr_np(pthread_self(), &attr) == 0) {
                void *address = NULL;
                size_t bytes = 0;
                size_t guard = 0;
                if (pthread_attr_getstack(&attr, &address, &bytes) == 0 && address != NULL) {
                    if (pthread_attr_getguardsize(&attr, &guard) != 0 || guard >= bytes) guard = 0;
                    thread_stack_low = (uintptr_t)address + guard;
                    thread_stack_size = bytes - guard;
                }
                pthread_attr_destroy(&attr);
            }
        }
        low = thread_stack_low;
        size = thread_stack_size;
    }
    if (low == 0 || size == 0) return 0;
    size_t reserve = size / 8 < VMP_STACK_RESERVE ? size / 8 : VMP_STACK_RESERVE;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    return here < low || here - low < reserve;
}

#else

int vmp_stack_is_low(void) { return 0; }

int vmp_run_on_own_stack(size_t size, void (*body)(void *), void *context) {
    (void)size; (void)body; (void)context;
    return -1;
}

#endif
