/* Numbers typed by people: decimal only. */
#ifndef VF_UTIL_NUMBER_H
#define VF_UTIL_NUMBER_H

/* strtod for a decimal number ("1.5", "-2", "3e2"): *end as strtod sets it,
 * but a hexadecimal number, "inf" or "nan" reads as no number at all
 * (*end == s), so "0x10" is not 16. */
double vf_strtod_decimal(const char *s, char **end);

#endif
