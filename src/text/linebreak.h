/* Where lines may break: ICU's line break iterator (UAX #14, with
 * dictionary breaking for Thai, Lao, Khmer and Burmese), and the choice of
 * breaks for a paragraph: greedy, or balanced (every line as equal in width
 * as the same line count allows). Internal to src/text/. */
#ifndef VF_TEXT_LINEBREAK_H
#define VF_TEXT_LINEBREAK_H

#include <ft2build.h>
#include FT_FREETYPE_H

/* Marks in can_break (len + 1 bytes, caller-owned) every byte offset of
 * text (UTF-8, len bytes, no "\n") where a line may start: 1 there, 0
 * elsewhere; offsets 0 and len are 0. 0 or VF_ERR_INTERNAL (ICU failed to
 * open its rules: no break is marked then). */
int vf_line_breaks(const char *text, int len, unsigned char *can_break);

/* A logical piece of a paragraph that lines never split (a grapheme
 * cluster): its advance (26.6), whether a line may start before it, and
 * whether it is white space (hangs at the end of a line, takes no room). */
typedef struct VfBreakUnit {
    FT_Pos adv;
    unsigned char brk, space;
} VfBreakUnit;

/* Chooses the line ends of units [0, n) for lines at most max wide (26.6;
 * 0: no limit, one line). ends receives each line's end (exclusive, at most
 * n entries) and widths its width without trailing spaces. A unit wider than
 * a line alone is put on a line of its own; a word wider than a line breaks
 * between units. balance: the narrowest width that keeps the greedy line
 * count is used instead of max. Returns the number of lines (>= 1). */
int vf_break_lines(const VfBreakUnit *u, int n, FT_Pos max, int balance, int *ends,
                   FT_Pos *widths);

#endif
