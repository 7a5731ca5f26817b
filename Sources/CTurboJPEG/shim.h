// libjpeg-turbo's TurboJPEG API (Debian: libturbojpeg0-dev), used to decode user JPEG images.
// Unlike libjpeg's default error manager (which calls exit()), TurboJPEG returns every error.
#include <turbojpeg.h>
