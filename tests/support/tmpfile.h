/* Scratch files for tests: a private folder, removed by vf_tmp_cleanup. */
#ifndef VF_TEST_TMPFILE_H
#define VF_TEST_TMPFILE_H

/* Creates the folder once; returns it. */
const char *vf_tmp_dir(void);

/* Writes text to DIR/name and returns the full path (static buffer per call
 * slot: copy it if kept). */
const char *vf_tmp_write(const char *name, const char *text);

/* DIR/name in a static buffer. */
const char *vf_tmp_path(const char *name);

void vf_tmp_cleanup(void);

#endif
