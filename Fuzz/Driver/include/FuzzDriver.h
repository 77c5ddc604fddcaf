// libFuzzer's driver entry point (compiler-rt, LLVM >= 11). SwiftPM on Linux links an executable
// with `main` defined as `<Target>_main`, so each target defines that function and hands over to
// libFuzzer here instead of relying on libFuzzer's own main.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
