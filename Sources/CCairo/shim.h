// cairo (Debian: libcairo2-dev): the 2-D renderer behind Plotting's PNG and SVG output.
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>
