/* Batch rows: RFC 4180 CSV edge cases and JSON Lines. */
#include <stdlib.h>
#include <string.h>
#include "batch/batch.h"
#include "batch/rows.h"
#include "check.h"
#include "vidforge/error.h"

static const char *get(const VfRows *r, int row, const char *col)
{
    return row < r->count ? vf_vars_get(&r->rows[row].vars, col) : NULL;
}

static void test_csv(void)
{
    const char csv[] = "\xEF\xBB\xBFid,name,note,empty\r\n"
                       "a1,\"Smith, Ann\",\"He said \"\"hi\"\"\",\r\n"
                       "a2,\"two\nlines\",plain,\"\"\r\n"
                       "\r\n"
                       "a3,Ünïcødé 名前,\"\",x";
    VfRows r;
    CHECK(vf_rows_parse_csv(csv, sizeof(csv) - 1, "t.csv", &r) == 0, "parses: %s", vf_error_message());
    CHECK_INT(r.count, 3);
    CHECK_STR(get(&r, 0, "name"), "Smith, Ann");
    CHECK_STR(get(&r, 0, "note"), "He said \"hi\"");
    CHECK_STR(get(&r, 0, "empty"), "");
    CHECK_STR(get(&r, 1, "name"), "two\nlines");
    CHECK_STR(get(&r, 2, "name"), "Ünïcødé 名前");
    CHECK_STR(get(&r, 2, "empty"), "x");
    CHECK(get(&r, 0, "\xEF\xBB\xBFid") == NULL && get(&r, 0, "id"), "the BOM is not in the header");
    CHECK_STR(r.rows[1].id, "a2");
    CHECK_INT(r.rows[1].line, 3);
    CHECK_INT(r.rows[2].line, 6); /* after the quoted newline and the blank line */
    vf_rows_clear(&r);

    CHECK(vf_rows_parse_csv("name\nAda\nGrace\n", 15, "t.csv", &r) == 0, "no id column");
    CHECK(r.count == 2 && !strcmp(r.rows[0].id, "1") && !strcmp(r.rows[1].id, "2"),
          "rows named by their number");
    vf_rows_clear(&r);
}

static void test_csv_errors(void)
{
    static const struct { const char *text, *message; } cases[] = {
        { "a,b\n1,2,3\n", "t.csv:2: 3 fields, the header has 2" },
        { "a,b\n1,\"open\n", "t.csv:2: a quoted field is never closed" },
        { "a,b\n\"x\"y,2\n", "t.csv:2: unexpected 'y' after a quoted field" },
        { "", "t.csv: no header row" },
        { "a,b\n", "t.csv: no rows after the header" },
        { "a,,c\n1,2,3\n", "t.csv:1: column 2 has no name" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        VfRows r;
        vf_error_clear();
        CHECK(vf_rows_parse_csv(cases[i].text, strlen(cases[i].text), "t.csv", &r) == VF_ERR_USAGE,
              "case %zu rejected", i);
        CHECK_STR(vf_error_message(), cases[i].message);
    }
    vf_error_clear();
}

static void test_jsonl(void)
{
    const char text[] = "{\"id\": \"x\", \"name\": \"Ada\", \"price\": 9.5}\r\n\n"
                        "{\"name\": \"Grace\", \"vip\": true}\n";
    VfRows r;
    CHECK(vf_rows_parse_jsonl(text, sizeof(text) - 1, "t.jsonl", &r) == 0, "parses");
    CHECK_INT(r.count, 2);
    CHECK_STR(get(&r, 0, "price"), "9.5");
    CHECK_STR(get(&r, 1, "vip"), "true");
    CHECK_STR(r.rows[0].id, "x");
    CHECK_STR(r.rows[1].id, "2");
    CHECK_INT(r.rows[1].line, 3);
    vf_rows_clear(&r);
    vf_error_clear();
    CHECK(vf_rows_parse_jsonl("{\"a\": 1}\n[1]\n", 13, "t.jsonl", &r) == VF_ERR_USAGE, "array row");
    CHECK_STR(vf_error_message(), "t.jsonl:2: not a JSON object");
    vf_error_clear();
}

static void test_shards(void)
{
    int i, n;
    CHECK(vf_batch_parse_shard("2/3", &i, &n) == 0 && i == 2 && n == 3, "I/N");
    CHECK(vf_batch_parse_shard("3/3", &i, &n) == VF_ERR_USAGE, "I < N");
    CHECK(vf_batch_parse_shard("1/0", &i, &n) == VF_ERR_USAGE, "N >= 1");
    CHECK(vf_batch_parse_shard("a/b", &i, &n) == VF_ERR_USAGE, "numbers");
    setenv("SLURM_ARRAY_TASK_ID", "5", 1);
    setenv("SLURM_ARRAY_TASK_MIN", "4", 1);
    setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
    CHECK(vf_batch_parse_shard("auto", &i, &n) == 0 && i == 1 && n == 3, "slurm: %d/%d", i, n);
    unsetenv("SLURM_ARRAY_TASK_ID");
    setenv("JOB_COMPLETION_INDEX", "0", 1);
    setenv("JOB_COMPLETIONS", "4", 1);
    CHECK(vf_batch_parse_shard("auto", &i, &n) == 0 && i == 0 && n == 4, "k8s: %d/%d", i, n);
    unsetenv("JOB_COMPLETION_INDEX");
    unsetenv("JOB_COMPLETIONS");
    unsetenv("SLURM_ARRAY_TASK_MIN");
    unsetenv("SLURM_ARRAY_TASK_COUNT");
    vf_error_clear();
    CHECK(vf_batch_parse_shard("auto", &i, &n) == VF_ERR_USAGE, "auto without variables");
    vf_error_clear();
}

int main(void)
{
    test_csv();
    test_csv_errors();
    test_jsonl();
    test_shards();
    return vf_check_summary("rows");
}
