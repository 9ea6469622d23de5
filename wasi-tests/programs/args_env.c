// Prints its arguments and environment, one per line, in order.
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    int n = 0;
    for (char **e = environ; *e; e++, n++) printf("env=%s\n", *e);
    printf("envc=%d\n", n);
    const char *v = getenv("SWASM_TEST");
    printf("SWASM_TEST=%s\n", v ? v : "(unset)");
    return 0;
}
