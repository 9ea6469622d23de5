/* The floor under metered interruption: how long a signal takes to reach a thread spinning on another CPU
 * (pthread_sigqueue, as InterruptSignal sends it), against a plain flag store the spinning thread polls.
 * 201 trials, the sender 2 ms after the spinner starts; median, 90th percentile, max.
 *   gcc -O2 -pthread Benchmarks/signal-latency.c -o /tmp/signal-latency
 *   chrt -f 10 /tmp/signal-latency; chrt -f 10 /tmp/signal-latency flag */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
static volatile int stop; static volatile double sent; static int useflag; static pthread_t target;
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static void h(int s) { (void)s; stop = 1; }
static void *interrupter(void *a) {
    usleep(2000); sent = now();
    if (useflag) stop = 1; else { union sigval v; v.sival_ptr = 0; pthread_sigqueue(target, SIGURG, v); }
    return a;
}
static int cmp(const void *a, const void *b) { double x = *(double*)a, y = *(double*)b; return x < y ? -1 : x > y; }
int main(int argc, char **argv) {
    (void)argv;
    useflag = argc > 1; target = pthread_self();
    signal(SIGURG, h);
    double lat[201];
    for (int i = 0; i < 201; i++) {
        stop = 0; pthread_t t; pthread_create(&t, NULL, interrupter, NULL);
        while (!stop) ;
        lat[i] = (now() - sent) * 1e6; pthread_join(t, NULL);
    }
    qsort(lat, 201, sizeof *lat, cmp);
    printf("%s: median %.1f us, 90%% %.1f us, max %.1f us\n", useflag ? "flag  " : "signal", lat[100], lat[180], lat[200]);
}
