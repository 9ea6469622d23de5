// Seeks standard input: a pipe or terminal answers ESPIPE (70 in WASI), a file its position.
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    off_t r = lseek(0, 0, SEEK_CUR);
    printf("lseek(stdin) = %lld, errno %d\n", (long long)r, r < 0 ? errno : 0);
    return 0;
}
