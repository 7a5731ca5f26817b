// OpenBLAS's CBLAS interface (Debian: libopenblas-dev puts cblas.h on the default include path).
#include <cblas.h>

// LAPACK routines that OpenBLAS also exports (Fortran calling convention: every argument by pointer).
// dsyevd: all eigenvalues and eigenvectors of a real symmetric matrix, divide and conquer.
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
// dposv: solves A X = B for a symmetric positive definite A by Cholesky (A and B overwritten).
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda, double *b, const int *ldb, int *info);
