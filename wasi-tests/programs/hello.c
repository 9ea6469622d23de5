// Prints a greeting: the smallest WASI command (start-up time is measured on it).
#include <stdio.h>

int main(void) {
    puts("hello, world");
    return 0;
}
