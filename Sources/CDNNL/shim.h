// oneDNN's C API (Debian: libdnnl-dev). Debian builds it on OpenMP (libgomp); setting the calling
// thread's OpenMP count to 1 keeps each oneDNN call on that thread (we split batches ourselves).
#include <oneapi/dnnl/dnnl.h>
void omp_set_num_threads(int count);
