// Serves N connections (argument, default 1) on the preopened listening socket (fd 3): reads a line, answers it in
// upper case with "echo: " in front, shuts the connection down. Uses the raw sock_* calls.
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1;
    for (int k = 0; k < n; k++) {
        __wasi_fd_t conn;
        __wasi_errno_t e = __wasi_sock_accept(3, 0, &conn);
        if (e != 0) {
            fprintf(stderr, "sock_accept: errno %d\n", e);
            return 1;
        }
        char buf[256] = "echo: ";
        size_t used = 6;
        for (;;) {
            __wasi_iovec_t iov = {(uint8_t *)buf + used, sizeof buf - used - 1};
            __wasi_size_t got;
            __wasi_roflags_t flags;
            e = __wasi_sock_recv(conn, &iov, 1, 0, &got, &flags);
            if (e != 0) {
                fprintf(stderr, "sock_recv: errno %d\n", e);
                return 1;
            }
            if (got == 0) break;
            for (size_t i = used; i < used + got; i++)
                if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = (char)(buf[i] - 32);
            used += got;
            if (buf[used - 1] == '\n' || used >= sizeof buf - 1) break;
        }
        __wasi_ciovec_t out = {(const uint8_t *)buf, used};
        __wasi_size_t sent;
        e = __wasi_sock_send(conn, &out, 1, 0, &sent);
        if (e != 0 || sent != used) {
            fprintf(stderr, "sock_send: errno %d\n", e);
            return 1;
        }
        if (__wasi_sock_shutdown(conn, __WASI_SDFLAGS_WR) != 0) return 1;
        (void)__wasi_fd_close(conn);
        printf("served %d\n", k + 1);
        fflush(stdout);
    }
    return 0;
}
