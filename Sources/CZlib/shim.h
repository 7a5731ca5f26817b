// zlib (Debian: zlib1g-dev), used for gzip'd IDX files and PNG compression.
#include <zlib.h>
