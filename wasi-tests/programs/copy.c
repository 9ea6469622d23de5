// copy SRC DST: copies a file with read/write (fd_read/fd_write) in 1 MiB blocks, then prints the byte count.
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: copy SRC DST\n");
        return 2;
    }
    int in = open(argv[1], O_RDONLY);
    if (in < 0) {
        fprintf(stderr, "copy: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) {
        fprintf(stderr, "copy: %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    size_t size = 1 << 20;
    char *buf = malloc(size);
    long long total = 0;
    for (;;) {
        ssize_t n = read(in, buf, size);
        if (n < 0) {
            fprintf(stderr, "copy: read: %s\n", strerror(errno));
            return 1;
        }
        if (n == 0) break;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0) {
                fprintf(stderr, "copy: write: %s\n", strerror(errno));
                return 1;
            }
            done += w;
        }
        total += n;
    }
    close(in);
    if (close(out) != 0) return 1;
    printf("%lld bytes\n", total);
    return 0;
}
