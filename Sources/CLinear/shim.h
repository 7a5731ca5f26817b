// liblinear, the linear SVM library scikit-learn's LinearSVC wraps (Debian: liblinear-dev).
#include <linear.h>
#include <stdlib.h>
