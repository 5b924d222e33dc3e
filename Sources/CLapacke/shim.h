#ifndef VMP_CLAPACKE_SHIM_H
#define VMP_CLAPACKE_SHIM_H
#include <lapacke.h>
#endif
