// oneDNN's C API (Debian: libdnnl-dev). Debian builds it on OpenMP (libgomp), whose per-thread
// thread count is how a data-parallel shard keeps oneDNN on its own core.
#include <oneapi/dnnl/dnnl.h>
void omp_set_num_threads(int count);
