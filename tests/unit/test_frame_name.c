/* vf_path_frame_name must name exactly the files libavformat's image2 demuxer
 * opens (av_get_frame_filename), or the read policy checks other files than
 * the ones read; vf_path_is_glob must spot image2's glob patterns. */
#include <string.h>
#include <libavformat/avformat.h>
#include "check.h"
#include "util/path.h"

static void compare(const char *pattern, int number, int size)
{
    char ours[1024] = "", theirs[1024] = "";
    int a = vf_path_frame_name(ours, (size_t)size, pattern, number);
    int b = av_get_frame_filename(theirs, size, pattern, number);
    CHECK((a < 0) == (b < 0), "\"%.40s\" %d (buffer %d): %d, FFmpeg %d", pattern, number, size,
          a, b);
    if (a == 0 && b == 0)
        CHECK(!strcmp(ours, theirs), "\"%.40s\" %d: \"%.60s\", FFmpeg \"%.60s\"", pattern, number,
              ours, theirs);
}

static void test_same_names_as_ffmpeg(void)
{
    static char long_tail[1200], long_head[1200];
    memset(long_tail, 'a', sizeof(long_tail) - 1);
    memcpy(long_tail, "x%d", 3);
    memset(long_head, 'b', sizeof(long_head) - 1);
    memcpy(long_head + sizeof(long_head) - 4, "%4d", 3);
    const char *patterns[] = {
        "img%d.png", "img%03d.png", "img%3d.png", "a%%b%d.png", "%%", "%d%d", "x%1%2d",
        "%", "abc%", "%5", "%s", "plain.png", "%0d", "%19d", "%20d", "%25d", "%28d", "%29d",
        "%63d", "%64d", "%65d", "%1000d", "dir%/x%d.png", "%d/../x.png", "f%%%d%%", "%-3d",
        long_tail, long_head,
    };
    const int numbers[] = { 0, 1, 7, 42, 123456, 2147483647 };
    const int sizes[] = { 1024, 8, 2 };
    for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++)
        for (size_t k = 0; k < sizeof(numbers) / sizeof(numbers[0]); k++)
            for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
                compare(patterns[p], numbers[k], sizes[s]);
    /* widths near FFmpeg's overflow guard: its snprintf pads them, slowly */
    const char *wide[] = { "%21474810d", "%214748109d", "%2147481090d", "%2147483647d" };
    for (size_t p = 0; p < sizeof(wide) / sizeof(wide[0]); p++)
        compare(wide[p], 42, 1024);
}

static void test_glob(void)
{
    static const struct { const char *pattern; int glob; } cases[] = {
        { "img%*.png", 1 }, { "%?", 1 }, { "x%[ab].png", 1 }, { "%{a,b}", 1 },
        { "img%d.png", 0 }, { "img*.png", 0 }, { "%%*.png", 0 }, { "a%%%*", 1 },
        { "plain", 0 }, { "%", 0 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CHECK(vf_path_is_glob(cases[i].pattern) == cases[i].glob, "%s", cases[i].pattern);
}

int main(void)
{
    test_same_names_as_ffmpeg();
    test_glob();
    return vf_check_summary("frame_name");
}
