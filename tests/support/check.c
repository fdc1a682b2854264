#include "check.h"

int vf_check_passed, vf_check_failed;

int vf_check_summary(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, vf_check_passed, vf_check_failed);
    return vf_check_failed || !vf_check_passed ? 1 : 0;
}
