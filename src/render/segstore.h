/* Encoded segments in the disk cache folder (plan/diskcache.h): one file
 * DIGEST.vfseg per segment key (DIGEST = SHA-256 of vidforge's version and
 * the key), holding the key itself, the encoder's extradata (SPS/PPS), its
 * B-frame delay, and the packets with their timing relative to the
 * segment's first frame (or sample). A trailing SHA-256 of everything
 * before it makes a damaged or truncated file a miss. Files are written to a
 * temporary name and renamed; a hit refreshes the file's modification time,
 * so the folder's LRU trim (shared with the raster cache) sees it used.
 *
 * The audio track is an entry too, under its own key (one per audio plan).
 * Lock files (DIGEST.lock, flock) make processes sharing the folder encode a
 * segment once: the first takes the lock and writes, the others wait and
 * read. */
#ifndef VF_RENDER_SEGSTORE_H
#define VF_RENDER_SEGSTORE_H

#include <stdint.h>

#include <libavcodec/avcodec.h>

struct VfDiskCache;

typedef struct VfSegPacket {
    int64_t pts, dts, duration;  /* in the encoder's time base, from the segment's start */
    int flags;                   /* AV_PKT_FLAG_* */
    int size;
    uint8_t *data;               /* owned by the entry */
} VfSegPacket;

/* One encoded segment (or audio track); everything owned by the entry. */
typedef struct VfSegEntry {
    char key[160];               /* the key it was stored under */
    uint8_t *extradata;
    int extradata_size;
    int delay;                   /* the encoder's has_b_frames */
    int64_t units;               /* frames (video) or samples (audio) it covers */
    double encode_seconds;       /* wall seconds its encoding took */
    double sse[3], samples[3];   /* squared error and pixels per plane Y, U, V (0: none) */
    double ssim_sum;             /* SSIM times frames (0: none) */
    double mix[4];               /* audio with a mix: duck depth, gain, limiter dB, input LUFS */
    VfSegPacket *pkts;
    int nb_pkts, alloc;
} VfSegEntry;

/* Appends a copy of pkt's data and timing. 0 or VF_ERR_INTERNAL. */
int vf_seg_entry_add(VfSegEntry *e, const AVPacket *pkt);

/* Copies enc's extradata and delay into e. 0 or VF_ERR_INTERNAL. */
int vf_seg_entry_set_codec(VfSegEntry *e, const AVCodecContext *enc);

/* Frees what e holds; e is zeroed. Accepts an empty entry. */
void vf_seg_entry_clear(VfSegEntry *e);

/* 1 and *out when key's file is whole (digest), was stored under key, and
 * covers `units`; else 0 (out empty). A damaged file is removed. */
int vf_seg_store_get(struct VfDiskCache *c, const char *key, int64_t units, VfSegEntry *out);

/* Writes e under e->key (temporary file, rename), then lets the folder trim.
 * Failures only log: the render does not need the cache. */
void vf_seg_store_put(struct VfDiskCache *c, const VfSegEntry *e);

/* Takes the lock of key (waits while another process or thread holds it).
 * Returns a descriptor for vf_seg_store_unlock, or -1 when no lock can be
 * made (the render goes on without one). */
int vf_seg_store_lock(struct VfDiskCache *c, const char *key);
void vf_seg_store_unlock(int fd);

#endif
