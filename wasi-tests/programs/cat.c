// Copies each file named on the command line (or standard input without arguments) to standard output.
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int copy(int fd) {
    static char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) return -1;
        if (n == 0) return 0;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(1, buf + done, (size_t)(n - done));
            if (w < 0) return -1;
            done += w;
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 2) return copy(0) == 0 ? 0 : 1;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        if (copy(fd) != 0) {
            fprintf(stderr, "cat: %s: read error\n", argv[i]);
            return 1;
        }
        close(fd);
    }
    return 0;
}
