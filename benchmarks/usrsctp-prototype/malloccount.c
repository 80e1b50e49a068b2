#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
static unsigned long calls;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
unsigned long malloc_calls(void) { return calls; }
void *malloc(size_t n) { if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc"); calls++; return real_malloc(n); }
