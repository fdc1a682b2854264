#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "httpd.h"

static int listen_fd = -1;
static char root_dir[512];
static pthread_t thread;
static volatile int stopping;

static void send_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        buf += w;
        n -= (size_t)w;
    }
}

static void serve(int fd)
{
    char req[4096] = "";
    ssize_t n = recv(fd, req, sizeof(req) - 1, 0);
    if (n <= 0)
        return;
    req[n] = '\0';
    char path[256] = "", full[1024];
    sscanf(req, "GET %255s", path);
    if (!strcmp(path, "/stall")) { /* accepts, then never answers */
        while (!stopping)
            usleep(100000);
        return;
    }
    snprintf(full, sizeof(full), "%s%s", root_dir, path);
    FILE *f = strstr(path, "..") ? NULL : fopen(full, "rb");
    if (!f) {
        const char *nf = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        send_all(fd, nf, strlen(nf));
        return;
    }
    struct stat st;
    fstat(fileno(f), &st);
    long size = (long)st.st_size, from = 0, to = size - 1;
    const char *range = strstr(req, "Range: bytes=");
    int partial = range && sscanf(range, "Range: bytes=%ld-%ld", &from, &to) >= 1;
    if (!partial || to >= size || to < from)
        to = size - 1;
    char head[512];
    int hn = partial
        ? snprintf(head, sizeof(head), "HTTP/1.1 206 Partial Content\r\nAccept-Ranges: bytes\r\n"
                   "Content-Length: %ld\r\nContent-Range: bytes %ld-%ld/%ld\r\n"
                   "Connection: close\r\n\r\n", to - from + 1, from, to, size)
        : snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\n"
                   "Content-Length: %ld\r\nConnection: close\r\n\r\n", size);
    send_all(fd, head, (size_t)hn);
    fseek(f, from, SEEK_SET);
    char buf[65536];
    long left = to - from + 1;
    while (left > 0) {
        size_t r = fread(buf, 1, left < (long)sizeof(buf) ? (size_t)left : sizeof(buf), f);
        if (!r)
            break;
        send_all(fd, buf, r);
        left -= (long)r;
    }
    fclose(f);
}

static void *loop(void *arg)
{
    while (!stopping) {
        int fd = accept(listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        serve(fd);
        close(fd);
    }
    return NULL;
}

int vf_httpd_start(const char *root)
{
    snprintf(root_dir, sizeof(root_dir), "%s", root);
    listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0 };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(listen_fd, 16) < 0 || getsockname(listen_fd, (struct sockaddr *)&addr, &len) < 0)
        return -1;
    if (pthread_create(&thread, NULL, loop, NULL) != 0)
        return -1;
    return ntohs(addr.sin_port);
}

void vf_httpd_stop(void)
{
    stopping = 1;
    shutdown(listen_fd, SHUT_RDWR);
    close(listen_fd);
    pthread_join(thread, NULL);
}
