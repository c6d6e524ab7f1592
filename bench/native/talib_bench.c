/* Times TA-Lib's C functions (no JavaScript wrapper) on the bench's OHLCV file.
 * Usage: talib_bench <file> <runs>. The file is n (float64) followed by n open, high, low, close,
 * volume float64 values. Prints "<name> <median cpu ms> <median wall ms>" per indicator.
 * Output buffers are allocated once and touched before timing (like the JS side's reused `out`
 * arrays); CPU time (CLOCK_PROCESS_CPUTIME_ID) is what the bench compares, because the shared
 * machine's load inflates wall-clock times unevenly. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "ta_libc.h"

static double now_ms(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double *o, *h, *l, *c, *v, *out1, *out2, *out3;
static int n;
static volatile double sink;

static void run(int which) {
  int beg = 0, nb = 0;
  TA_RetCode rc = TA_SUCCESS;
  switch (which) {
    case 0: rc = TA_SMA(0, n - 1, c, 20, &beg, &nb, out1); break;
    case 1: rc = TA_EMA(0, n - 1, c, 20, &beg, &nb, out1); break;
    case 2: rc = TA_RSI(0, n - 1, c, 14, &beg, &nb, out1); break;
    case 3: rc = TA_MACD(0, n - 1, c, 12, 26, 9, &beg, &nb, out1, out2, out3); break;
    case 4: rc = TA_BBANDS(0, n - 1, c, 20, 2.0, 2.0, TA_MAType_SMA, &beg, &nb, out1, out2, out3); break;
    case 5: rc = TA_ATR(0, n - 1, h, l, c, 14, &beg, &nb, out1); break;
    case 6: rc = TA_ADX(0, n - 1, h, l, c, 14, &beg, &nb, out1); break;
    case 7: rc = TA_OBV(0, n - 1, c, v, &beg, &nb, out1); break;
    case 8: rc = TA_STOCH(0, n - 1, h, l, c, 14, 3, TA_MAType_SMA, 3, TA_MAType_SMA, &beg, &nb, out1, out2); break;
  }
  if (rc != TA_SUCCESS) { fprintf(stderr, "TA-Lib error %d in %d\n", rc, which); exit(1); }
  sink += out1[nb - 1];
}

int main(int argc, char **argv) {
  static const char *names[] = {"SMA", "EMA", "RSI", "MACD", "BBands", "ATR", "ADX", "OBV", "Stoch"};
  if (argc < 3) { fprintf(stderr, "usage: %s file runs\n", argv[0]); return 2; }
  int runs = atoi(argv[2]);
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror("open"); return 1; }
  double dn;
  if (fread(&dn, 8, 1, f) != 1) return 1;
  n = (int)dn;
  double **cols[] = {&o, &h, &l, &c, &v};
  for (int k = 0; k < 5; k++) {
    *cols[k] = malloc(sizeof(double) * n);
    if (fread(*cols[k], 8, n, f) != (size_t)n) { fprintf(stderr, "short file\n"); return 1; }
  }
  fclose(f);
  out1 = malloc(sizeof(double) * n);
  out2 = malloc(sizeof(double) * n);
  out3 = malloc(sizeof(double) * n);
  TA_Initialize();
  double *t = malloc(sizeof(double) * runs);
  double *tw = malloc(sizeof(double) * runs);
  for (int w = 0; w < 9; w++) {
    run(w); /* warm caches */
    for (int r = 0; r < runs; r++) {
      double c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID), w0 = now_ms(CLOCK_MONOTONIC);
      run(w);
      t[r] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
      tw[r] = now_ms(CLOCK_MONOTONIC) - w0;
    }
    qsort(t, runs, sizeof(double), cmp);
    qsort(tw, runs, sizeof(double), cmp);
    printf("%s %.4f %.4f\n", names[w], t[runs / 2], tw[runs / 2]);
  }
  TA_Shutdown();
  return 0;
}
