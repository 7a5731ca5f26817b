// libpng (Debian: libpng-dev), used to decode user PNG images.
#include <png.h>
