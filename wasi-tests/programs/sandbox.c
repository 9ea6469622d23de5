// Tries every way out of its preopened directory (fd 3) with raw WASI calls and reports each: "blocked: ..." or
// "ESCAPED: ...". Exits 1 if anything escaped or a control that must work did not. The host side (a test) sets up
//   outside/secret.txt, outside/sandbox/ (preopened as "/"), sandbox/inside.txt,
//   sandbox/escape_rel -> ..   and   sandbox/escape_abs -> <absolute path of outside>
// and checks afterwards that nothing outside changed.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static int escaped = 0;
static const __wasi_fd_t root = 3;
static const __wasi_rights_t rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_READDIR;

static void expect_blocked(const char *what, __wasi_errno_t e) {
    if (e == 0) {
        printf("ESCAPED: %s\n", what);
        escaped = 1;
    } else {
        printf("blocked: %s (errno %d)\n", what, e);
    }
}

static __wasi_errno_t open_at(__wasi_fd_t dir, const char *path, __wasi_lookupflags_t follow, __wasi_oflags_t oflags,
                              __wasi_fd_t *fd) {
    // Directories are opened for reading only (opening one for writing fails for another reason).
    __wasi_rights_t r = oflags & __WASI_OFLAGS_DIRECTORY ? __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN : rights;
    return __wasi_path_open(dir, follow, path, oflags, r, rights | __WASI_RIGHTS_PATH_OPEN, 0, fd);
}

static void try_open(const char *path, __wasi_lookupflags_t follow, __wasi_oflags_t oflags) {
    __wasi_fd_t fd;
    char what[256];
    snprintf(what, sizeof what, "open %s%s%s%s", path, follow ? " (follow)" : "",
             oflags & __WASI_OFLAGS_CREAT ? " (create)" : "", oflags & __WASI_OFLAGS_DIRECTORY ? " (directory)" : "");
    __wasi_errno_t e = open_at(root, path, follow, oflags, &fd);
    expect_blocked(what, e);
    if (e == 0) (void)__wasi_fd_close(fd);
}

int main(void) {
    __wasi_fd_t fd;
    // Controls: what must work.
    if (open_at(root, "inside.txt", 0, 0, &fd) != 0) {
        printf("CONTROL FAILED: open inside.txt\n");
        return 1;
    }
    (void)__wasi_fd_close(fd);
    if (__wasi_path_create_directory(root, "sub") != 0) {
        printf("CONTROL FAILED: mkdir sub\n");
        return 1;
    }
    if (open_at(root, "sub/../inside.txt", 0, 0, &fd) != 0) {
        printf("CONTROL FAILED: open sub/../inside.txt\n");
        return 1;
    }
    (void)__wasi_fd_close(fd);
    puts("controls: ok");

    const __wasi_lookupflags_t follow = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
    try_open("../secret.txt", 0, 0);
    try_open("sub/../../secret.txt", 0, 0);
    try_open("/secret.txt", 0, 0);
    try_open("/etc/passwd", follow, 0);
    try_open("..", 0, __WASI_OFLAGS_DIRECTORY);
    try_open("escape_rel/secret.txt", follow, 0);
    try_open("escape_rel/secret.txt", 0, 0);
    try_open("escape_abs/secret.txt", follow, 0);
    try_open("escape_rel", follow, __WASI_OFLAGS_DIRECTORY);
    try_open("escape_rel/", 0, __WASI_OFLAGS_DIRECTORY);
    try_open("escape_abs/", 0, __WASI_OFLAGS_DIRECTORY);
    try_open("../created.txt", 0, __WASI_OFLAGS_CREAT);
    try_open("escape_rel/created.txt", follow, __WASI_OFLAGS_CREAT);

    // Links the guest makes itself.
    if (__wasi_path_symlink("../secret.txt", root, "mylink") != 0) printf("note: symlink mylink refused\n");
    try_open("mylink", follow, 0);
    try_open("mylink", 0, 0);
    if (__wasi_path_symlink("..", root, "updir") != 0) printf("note: symlink updir refused\n");
    try_open("updir/secret.txt", follow, 0);
    try_open("updir/sandbox/../secret.txt", follow, 0);
    if (__wasi_path_symlink("sub/../..", root, "sneaky") != 0) printf("note: symlink sneaky refused\n");
    try_open("sneaky/secret.txt", follow, 0);
    expect_blocked("symlink to /etc/passwd", __wasi_path_symlink("/etc/passwd", root, "abs"));
    expect_blocked("symlink ../evil", __wasi_path_symlink("x", root, "../evil"));

    // Renames, links and removals across the boundary.
    expect_blocked("rename inside.txt -> ../moved.txt", __wasi_path_rename(root, "inside.txt", root, "../moved.txt"));
    expect_blocked("rename ../secret.txt -> stolen.txt", __wasi_path_rename(root, "../secret.txt", root, "stolen.txt"));
    expect_blocked("rename via updir", __wasi_path_rename(root, "updir/secret.txt", root, "stolen2.txt"));
    expect_blocked("link inside.txt -> ../linked.txt", __wasi_path_link(root, 0, "inside.txt", root, "../linked.txt"));
    expect_blocked("link ../secret.txt -> hard.txt", __wasi_path_link(root, 0, "../secret.txt", root, "hard.txt"));
    expect_blocked("link (follow) mylink -> hard2.txt", __wasi_path_link(root, follow, "mylink", root, "hard2.txt"));
    expect_blocked("mkdir ../newdir", __wasi_path_create_directory(root, "../newdir"));
    expect_blocked("mkdir updir/newdir", __wasi_path_create_directory(root, "updir/newdir"));
    expect_blocked("unlink ../secret.txt", __wasi_path_unlink_file(root, "../secret.txt"));
    expect_blocked("unlink escape_rel/secret.txt", __wasi_path_unlink_file(root, "escape_rel/secret.txt"));
    expect_blocked("rmdir ..", __wasi_path_remove_directory(root, ".."));
    __wasi_filestat_t st;
    expect_blocked("stat ../secret.txt", __wasi_path_filestat_get(root, 0, "../secret.txt", &st));
    expect_blocked("stat (follow) mylink", __wasi_path_filestat_get(root, follow, "mylink", &st));
    expect_blocked("utimes ../secret.txt", __wasi_path_filestat_set_times(root, 0, "../secret.txt", 0, 0,
                                                                          __WASI_FSTFLAGS_MTIM_NOW));
    char buf[64];
    __wasi_size_t used;
    expect_blocked("readlink ../sandbox", __wasi_path_readlink(root, "../sandbox", (uint8_t *)buf, sizeof buf, &used));

    // A directory fd opened inside does not let ".." out either.
    if (open_at(root, "sub", 0, __WASI_OFLAGS_DIRECTORY, &fd) != 0) {
        printf("CONTROL FAILED: open sub as a directory\n");
        return 1;
    } else {
        __wasi_fd_t up;
        __wasi_errno_t e = open_at(fd, "../inside.txt", 0, 0, &up);
        expect_blocked("open ../inside.txt from sub's fd", e);
        if (e == 0) (void)__wasi_fd_close(up);
        (void)__wasi_fd_close(fd);
    }
    puts(escaped ? "result: ESCAPED" : "result: contained");
    return escaped;
}
