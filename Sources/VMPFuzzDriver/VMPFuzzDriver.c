#include "VMPFuzzDriver.h"

// Replaced by libFuzzer's own LLVMFuzzerRunDriver when built with -sanitize=fuzzer.
__attribute__((weak)) int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size)) {
    (void)argc;
    (void)argv;
    (void)callback;
    return -1;
}
