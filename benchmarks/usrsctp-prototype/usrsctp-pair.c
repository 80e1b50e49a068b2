// Prototype: two usrsctp associations in one process over AF_CONN, driven without usrsctp's threads
// (usrsctp_init_nothreads + usrsctp_handle_timers), packets queued between them as a DTLS layer would.
// Measures messages/s and bytes/s, reliable ordered and unordered with max retransmits 0, and counts malloc calls.
#include <usrsctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <errno.h>
#include <sys/resource.h>

typedef struct { uint8_t data[1500]; size_t len; int to; } pkt_t;
#define QCAP 65536
static pkt_t q[QCAP]; static size_t qh, qt;
static int peer_id[2] = {0, 1};
static uint64_t received_msgs[2], received_bytes[2];
static double loss = 0.0;
static unsigned rng = 12345;
extern unsigned long malloc_calls(void) __attribute__((weak));

static unsigned long outs; static int conn_output(void *addr, void *buf, size_t len, uint8_t tos, uint8_t df) { outs++; if (getenv("DBG")) fprintf(stderr, "out to=%d len=%zu type=%d\n", *(int*)addr, len, ((uint8_t*)buf)[12]);
  int to = 1 - *(int *)addr;
  if (len > 1500) { fprintf(stderr, "big packet %zu\n", len); return 0; }
  if (((qt + 1) % QCAP) == qh) return 0; // queue full: drop
  rng = rng * 1103515245 + 12345;
  if (loss > 0 && ((rng >> 8) % 10000) < loss * 10000) return 0;
  memcpy(q[qt].data, buf, len); q[qt].len = len; q[qt].to = to; qt = (qt + 1) % QCAP; return 0;
}
static void pump(void) {
  while (qh != qt) { pkt_t *p = &q[qh]; qh = (qh + 1) % QCAP; usrsctp_conninput(&peer_id[p->to], p->data, p->len, 0); }
}
static int receive_cb(struct socket *s, union sctp_sockstore addr, void *data, size_t len, struct sctp_rcvinfo info, int flags, void *ulp) {
  int me = *(int *)ulp;
  if (data) { if (!(flags & MSG_NOTIFICATION)) { received_msgs[me]++; received_bytes[me] += len; } free(data); }
  return 1;
}
static double now(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + ts.tv_nsec / 1e9; }
static double cpu(void) { struct rusage r; getrusage(RUSAGE_SELF, &r); return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6; }

static struct socket *make(int id, int port) {
  struct socket *s = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, receive_cb, NULL, 0, &peer_id[id]);
  usrsctp_set_non_blocking(s, 1);
  struct linger l = {1, 0}; usrsctp_setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  int on = 1; usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof on);
  struct sctp_assoc_value av = { .assoc_id = SCTP_ALL_ASSOC, .assoc_value = 1 };
  usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, &av, sizeof av);
  struct sctp_initmsg init = { .sinit_num_ostreams = 1024, .sinit_max_instreams = 1024 };
  usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof init);
  struct sockaddr_conn a = { .sconn_family = AF_CONN, .sconn_port = htons(port), .sconn_addr = &peer_id[id] };
  usrsctp_bind(s, (struct sockaddr *)&a, sizeof a);
  return s;
}

int main(int argc, char **argv) {
  int size = argc > 1 ? atoi(argv[1]) : 1024;
  int count = argc > 2 ? atoi(argv[2]) : 100000;
  int lossy = argc > 3 ? atoi(argv[3]) : 0;
  loss = argc > 4 ? atof(argv[4]) : 0.0;
  usrsctp_init_nothreads(0, conn_output, NULL);
  usrsctp_sysctl_set_sctp_ecn_enable(0);
  usrsctp_register_address(&peer_id[0]); usrsctp_register_address(&peer_id[1]);
  struct socket *s0 = make(0, 5000), *s1 = make(1, 5001);
  struct sockaddr_conn r0 = { .sconn_family = AF_CONN, .sconn_port = htons(5001), .sconn_addr = &peer_id[0] };
  struct sockaddr_conn r1 = { .sconn_family = AF_CONN, .sconn_port = htons(5000), .sconn_addr = &peer_id[1] };
  int e0 = usrsctp_connect(s0, (struct sockaddr *)&r0, sizeof r0); if (getenv("DBG")) fprintf(stderr, "connect %d errno %d\n", e0, errno);
  usrsctp_connect(s1, (struct sockaddr *)&r1, sizeof r1);
  for (int i = 0; i < 200; i++) { pump(); usrsctp_handle_timers(10); }
  uint8_t *msg = malloc(size); memset(msg, 0xab, size);
  struct sctp_sendv_spa spa = {0};
  spa.sendv_flags = SCTP_SEND_SNDINFO_VALID; spa.sendv_sndinfo.snd_sid = 1; spa.sendv_sndinfo.snd_ppid = htonl(53);
  if (lossy) { spa.sendv_flags |= SCTP_SEND_PRINFO_VALID; spa.sendv_sndinfo.snd_flags = SCTP_UNORDERED; spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_RTX; spa.sendv_prinfo.pr_value = 0; }
  unsigned long m0 = malloc_calls ? malloc_calls() : 0;
  double t0 = now(), c0 = cpu(); int sent = 0; double lastTimer = t0;
  while (sent < count) {
    ssize_t n = usrsctp_sendv(s0, msg, size, NULL, 0, &spa, sizeof spa, SCTP_SENDV_SPA, 0);
    if (n < 0) { pump(); double t = now(); if (t - lastTimer >= 0.01) { usrsctp_handle_timers((uint32_t)((t - lastTimer) * 1000)); lastTimer = t; } continue; }
    sent++; if ((sent & 7) == 0) pump();
  }
  for (int i = 0; i < 3000 && received_msgs[1] < (uint64_t)count; i++) { pump(); usrsctp_handle_timers(10); if (!lossy && loss == 0 && received_msgs[1] >= (uint64_t)count) break; }
  double t1 = now(), c1 = cpu();
  unsigned long m1 = malloc_calls ? malloc_calls() : 0;
  printf("size=%d count=%d lossy=%d loss=%.3f received=%llu wall=%.3fs cpu=%.3fs msgs/s(cpu)=%.0f MB/s(cpu)=%.1f mallocs/msg=%.2f\n",
    size, count, lossy, loss, (unsigned long long)received_msgs[1], t1 - t0, c1 - c0, received_msgs[1] / (c1 - c0), received_bytes[1] / (c1 - c0) / 1e6,
    malloc_calls ? (double)(m1 - m0) / count : -1.0);
  usrsctp_close(s0); usrsctp_close(s1);
  return 0;
}
