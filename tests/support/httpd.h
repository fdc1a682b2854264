/* A tiny HTTP/1.1 file server on 127.0.0.1 for input-over-URL tests: GET
 * with Range support, one request per connection, a background thread. */
#ifndef VF_TEST_HTTPD_H
#define VF_TEST_HTTPD_H

/* Serves files under root; returns the port, or -1. */
int vf_httpd_start(const char *root);
void vf_httpd_stop(void);

#endif
