#ifndef VMP_FUZZ_DRIVER_H
#define VMP_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver. Built with `-sanitize=fuzzer` (Scripts/fuzz), libFuzzer's definition is
/// linked in whole; in an ordinary build (`swift build` builds every target) the weak
/// definition in VMPFuzzDriver.c stands in and returns -1, so the fuzz targets still link.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
