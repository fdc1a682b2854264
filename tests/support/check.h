/* A minimal test harness: CHECK records a pass or a failure (with where and
 * why) and vf_check_summary prints "N passed, N failed". */
#ifndef VF_TEST_CHECK_H
#define VF_TEST_CHECK_H

#include <stdio.h>

extern int vf_check_passed, vf_check_failed;

#define CHECK(cond, ...)                                                                 \
    do {                                                                                 \
        if (cond) {                                                                      \
            vf_check_passed++;                                                           \
        } else {                                                                         \
            vf_check_failed++;                                                           \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);     \
            fprintf(stderr, __VA_ARGS__);                                                \
            fputc('\n', stderr);                                                         \
        }                                                                                \
    } while (0)

#define CHECK_STR(a, b)                                                                  \
    CHECK((a) && (b) && !strcmp((a), (b)), "\"%s\" != \"%s\"", (a) ? (a) : "(null)",     \
          (b) ? (b) : "(null)")

#define CHECK_INT(a, b) CHECK((long long)(a) == (long long)(b), "%lld != %lld",          \
                              (long long)(a), (long long)(b))

/* Prints the summary; returns the process exit code (0 when all passed). */
int vf_check_summary(const char *suite);

#endif
