// Feeds mutated and truncated copies of real packets (with a correct CRC32c) into an established usrsctp association.
#include <usrsctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
typedef struct { uint8_t d[1500]; size_t n; int to; } pkt_t;
static pkt_t q[4096]; static size_t qh, qt; static int ids[2] = {0, 1};
static pkt_t corpus[64]; static int ncorpus;
static int out(void *a, void *b, size_t n, uint8_t t, uint8_t f) { int to = 1 - *(int *)a; if (n > 1500 || ((qt + 1) % 4096) == qh) return 0;
  memcpy(q[qt].d, b, n); q[qt].n = n; q[qt].to = to; qt = (qt + 1) % 4096;
  if (ncorpus < 64) { corpus[ncorpus] = q[(qt + 4095) % 4096]; ncorpus++; } return 0; }
static void pump(void) { while (qh != qt) { pkt_t *p = &q[qh]; qh = (qh + 1) % 4096; usrsctp_conninput(&ids[p->to], p->d, p->n, 0); } }
static int rcv(struct socket *s, union sctp_sockstore a, void *d, size_t n, struct sctp_rcvinfo i, int f, void *u) { free(d); return 1; }
static struct socket *make(int id, int port) { struct socket *s = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, rcv, NULL, 0, &ids[id]);
  usrsctp_set_non_blocking(s, 1); struct sockaddr_conn a = { .sconn_family = AF_CONN, .sconn_port = htons(port), .sconn_addr = &ids[id] };
  usrsctp_bind(s, (struct sockaddr *)&a, sizeof a); return s; }
int main(int argc, char **argv) {
  long iters = argc > 1 ? atol(argv[1]) : 200000; srand(7);
  usrsctp_init_nothreads(0, out, NULL); usrsctp_register_address(&ids[0]); usrsctp_register_address(&ids[1]);
  struct socket *s0 = make(0, 5000), *s1 = make(1, 5001);
  struct sockaddr_conn r0 = { .sconn_family = AF_CONN, .sconn_port = htons(5001), .sconn_addr = &ids[0] };
  struct sockaddr_conn r1 = { .sconn_family = AF_CONN, .sconn_port = htons(5000), .sconn_addr = &ids[1] };
  usrsctp_connect(s0, (struct sockaddr *)&r0, sizeof r0); usrsctp_connect(s1, (struct sockaddr *)&r1, sizeof r1);
  for (int i = 0; i < 50; i++) { pump(); usrsctp_handle_timers(10); }
  char msg[3000]; memset(msg, 1, sizeof msg);
  for (int i = 0; i < 20; i++) { usrsctp_sendv(s0, msg, 100 + i * 140, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0); pump(); }
  printf("corpus %d packets\n", ncorpus); int base = ncorpus;
  for (long it = 0; it < iters; it++) {
    pkt_t p = corpus[rand() % base]; int flips = 1 + rand() % 8;
    for (int k = 0; k < flips; k++) p.d[12 + rand() % (p.n - 12)] = rand();
    if (rand() % 4 == 0) p.n = 12 + rand() % (p.n - 11);
    memset(p.d + 8, 0, 4); uint32_t crc = usrsctp_crc32c(p.d, p.n); memcpy(p.d + 8, &crc, 4);
    usrsctp_conninput(&ids[p.to], p.d, p.n, 0); pump();
    if (it % 1000 == 0) usrsctp_handle_timers(10);
  }
  printf("survived %ld mutated packets\n", iters); return 0;
}
