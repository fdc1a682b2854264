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

/* Reads key's whole entry: 1 and *out when the file is whole (digest), was
 * stored under key and covers `units`; else 0 (out empty). A damaged file is
 * removed. A hit refreshes the file's modification time. */
int vf_seg_store_get(struct VfDiskCache *c, const char *key, int64_t units, VfSegEntry *out);

/* Reads only the header of key's entry (no packets, nothing checked beyond
 * it): 1 and *out when it was stored under key and covers `units`; else 0.
 * The packets are checked as they are read (VfSegReader). */
int vf_seg_store_peek(struct VfDiskCache *c, const char *key, int64_t units, VfSegEntry *out);

/* Refreshes the modification time of key's entry (used: the LRU trim keeps it). */
void vf_seg_store_touch(struct VfDiskCache *c, const char *key);

/* Writes e under e->key (temporary file, rename), then lets the folder trim.
 * Returns 0, or a negative code after logging: the render does not need the
 * cache. */
int vf_seg_store_put(struct VfDiskCache *c, const VfSegEntry *e);

/* An entry written packet by packet: the header fields (key, extradata,
 * delay, units, measures) from e, then exactly nb_pkts packets, each with
 * its timing plus shift; the file appears under the key at close (commit 1)
 * or is removed (0). Nothing is held in memory but a file buffer. */
typedef struct VfSegWriter VfSegWriter;
int vf_seg_writer_open(VfSegWriter **out, struct VfDiskCache *c, const VfSegEntry *e,
                       int nb_pkts);
void vf_seg_writer_add(VfSegWriter *w, const VfSegPacket *p, int64_t shift);
/* 0, or VF_ERR_OUTPUT when a write failed (nothing stored); *w is NULL after. */
int vf_seg_writer_close(VfSegWriter **w, int commit);

/* An entry read packet by packet, its digest computed as it goes; the
 * assembly of an output streams reused segments this way instead of holding
 * them. */
typedef struct VfSegReader VfSegReader;
/* 1 with *out and header (the entry's fields, no packets) when key's entry
 * exists, was stored under key and covers units; 0 when there is none (a
 * file whose header is wrong is removed); VF_ERR_INTERNAL. */
int vf_seg_reader_open(VfSegReader **out, struct VfDiskCache *c, const char *key,
                       int64_t units, VfSegEntry *header);
/* The next packet: 1 and *pkt (its data owned by the reader, valid until the
 * next call); 0 at the end when the trailing digest matched; -1 when the
 * file is damaged or truncated (it is removed: encode the segment again). */
int vf_seg_reader_next(VfSegReader *r, VfSegPacket *pkt);
void vf_seg_reader_free(VfSegReader **r);

/* Takes the lock of key (waits while another process or thread holds it).
 * Returns a descriptor for vf_seg_store_unlock, or -1 when no lock can be
 * made (the render goes on without one). */
int vf_seg_store_lock(struct VfDiskCache *c, const char *key);
/* As vf_seg_store_lock without waiting: -2 when another holder has it. */
int vf_seg_store_trylock(struct VfDiskCache *c, const char *key);
void vf_seg_store_unlock(int fd);

#endif
