/* libFuzzer target for the batch row readers (CSV and JSON Lines) and the
 * output-pattern path checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "batch/rows.h"
#include "util/path.h"
#include "vidforge/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    VfRows rows;
    if (vf_rows_parse_csv(text, size, "fuzz.csv", &rows) == 0)
        vf_rows_clear(&rows);
    if (vf_rows_parse_jsonl(text, size, "fuzz.jsonl", &rows) == 0)
        vf_rows_clear(&rows);
    char *norm = vf_path_normalize(text);
    free(norm);
    vf_path_within(text, "out");
    vf_error_clear();
    free(text);
    return 0;
}
