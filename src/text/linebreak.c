/* Line breaking as a typesetter does it: the break opportunities are ICU's
 * (UAX #14, dictionaries for scripts written without spaces), and the
 * breaks chosen greedily or, balanced, at the narrowest width that needs no
 * more lines than greedy breaking does (as CSS `text-wrap: balance`). */
#include "text/linebreak.h"

#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "vidforge/error.h"

int vf_line_breaks(const char *text, int len, unsigned char *can_break)
{
    memset(can_break, 0, (size_t)len + 1);
    UErrorCode err = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, text, len, &err);
    UBreakIterator *bi = U_SUCCESS(err) ? ubrk_open(UBRK_LINE, "", NULL, 0, &err) : NULL;
    if (U_SUCCESS(err))
        ubrk_setUText(bi, ut, &err);
    /* boundaries are native (UTF-8 byte) offsets of the UText */
    for (int32_t b = U_SUCCESS(err) ? ubrk_first(bi) : UBRK_DONE; b != UBRK_DONE;
         b = ubrk_next(bi))
        if (b > 0 && b < len)
            can_break[b] = 1;
    if (bi)
        ubrk_close(bi);
    utext_close(ut);
    return U_SUCCESS(err) ? 0 : VF_ERR_INTERNAL;
}

/* Fits one line from unit a: its end (exclusive) and width without the
 * trailing spaces. */
static int fit_line(const VfBreakUnit *u, int n, int a, FT_Pos max, FT_Pos *width)
{
    FT_Pos w = 0, w_ink = 0, w_at_brk = 0;
    int brk = -1;
    for (int i = a; i < n; i++) {
        if (i > a && u[i].brk) {
            brk = i;
            w_at_brk = w_ink;
        }
        if (max > 0 && i > a && !u[i].space && w + u[i].adv > max) {
            *width = brk > a ? w_at_brk : w_ink;
            return brk > a ? brk : i; /* no opportunity: break inside the word */
        }
        w += u[i].adv;
        if (!u[i].space)
            w_ink = w;
    }
    *width = w_ink;
    return n;
}

static int greedy(const VfBreakUnit *u, int n, FT_Pos max, int *ends, FT_Pos *widths)
{
    int lines = 0, a = 0;
    do {
        FT_Pos w;
        int b = fit_line(u, n, a, max, &w);
        if (ends)
            ends[lines] = b, widths[lines] = w;
        lines++;
        a = b;
    } while (a < n);
    return lines;
}

int vf_break_lines(const VfBreakUnit *u, int n, FT_Pos max, int balance, int *ends,
                   FT_Pos *widths)
{
    int lines = greedy(u, n, max, NULL, NULL);
    if (balance && max > 0 && lines > 1) {
        FT_Pos lo = 0, hi = max; /* hi always keeps the line count */
        while (hi - lo > 1) {
            FT_Pos mid = lo + (hi - lo) / 2;
            if (greedy(u, n, mid, NULL, NULL) <= lines)
                hi = mid;
            else
                lo = mid;
        }
        max = hi;
    }
    return greedy(u, n, max, ends, widths);
}
