// Passes out-of-bounds pointers and lengths to WASI calls: each must fail with EFAULT (21), the host must not
// crash, and nothing may be written outside the guest's memory. Prints one line per call; exits 1 on a surprise.
#include <stdio.h>
#include <wasi/api.h>

static int bad = 0;

// The raw import (the libc wrapper would call strlen on the bad pointer first).
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags, int64_t base,
                      int64_t inheriting, int32_t fdflags, int32_t result)
    __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__("path_open")));

static void expect_fault(const char *what, __wasi_errno_t e) {
    printf("%s: errno %d\n", what, e);
    if (e != __WASI_ERRNO_FAULT) bad = 1;
}

int main(void) {
    void *far = (void *)0xFFFFFFF0u;  // beyond any 32-bit guest memory this program has
    __wasi_size_t n;
    __wasi_ciovec_t out = {(const uint8_t *)far, 64};
    __wasi_iovec_t in = {(uint8_t *)far, 64};
    expect_fault("fd_write iovec array", __wasi_fd_write(1, (const __wasi_ciovec_t *)far, 1, &n));
    expect_fault("fd_write buffer", __wasi_fd_write(1, &out, 1, &n));
    expect_fault("fd_write result", __wasi_fd_write(1, &out, 0, (__wasi_size_t *)far));
    expect_fault("fd_read buffer", __wasi_fd_read(0, &in, 1, &n));
    expect_fault("random_get", __wasi_random_get((uint8_t *)far, 32));
    expect_fault("clock_time_get", __wasi_clock_time_get(0, 1, (__wasi_timestamp_t *)far));
    expect_fault("args_sizes_get", __wasi_args_sizes_get((__wasi_size_t *)far, &n));
    expect_fault("environ_get", __wasi_environ_get((uint8_t **)far, (uint8_t *)far));
    expect_fault("fd_fdstat_get", __wasi_fd_fdstat_get(1, (__wasi_fdstat_t *)far));
    expect_fault("fd_prestat_dir_name", __wasi_fd_prestat_dir_name(3, (uint8_t *)far, 16));
    __wasi_fd_t fd;
    expect_fault("path_open path", (__wasi_errno_t)raw_path_open(3, 0, (int32_t)0xFFFFFFF0u, 64, 0, 0, 0, 0,
                                                                  (int32_t)(uintptr_t)&fd));
    __wasi_subscription_t sub = {0};
    __wasi_event_t ev;
    expect_fault("poll_oneoff", __wasi_poll_oneoff((const __wasi_subscription_t *)far, &ev, 1, &n));
    expect_fault("poll_oneoff events", __wasi_poll_oneoff(&sub, (__wasi_event_t *)far, 1, &n));
    puts(bad ? "result: unexpected" : "result: all EFAULT");
    return bad;
}
