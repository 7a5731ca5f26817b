// glibc allocator tuning (mallopt), part of libc.
#include <malloc.h>
