// Prints real usrsctp packets (hex) for parser test vectors: setup, DATA/SACK, FORWARD-TSN, RE-CONFIG.
#include <usrsctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
typedef struct { uint8_t d[1500]; size_t n; int to; } pkt_t;
static pkt_t q[4096]; static size_t qh, qt; static int ids[2] = {0, 1}; static int dropNextData = 0; static int seen[256];
static int out(void *a, void *b, size_t n, uint8_t t, uint8_t f) { int to = 1 - *(int *)a; uint8_t *p = b; int type = p[12];
  if (type == 0 && dropNextData > 0) { dropNextData--; if (dropNextData == 0) { printf("dropped DATA\n"); return 0; } }
  int has = 0; for (size_t o = 12; o + 4 <= n; ) { int l = (p[o+2] << 8) | p[o+3]; if (p[o] == 192 || p[o] == 130) has = 1; if (l < 4) break; o += (l + 3) & ~3; } if (!seen[type] || has) { seen[type]++; printf("from %d type %d len %zu: ", 1 - to, type, n); for (size_t i = 0; i < n; i++) printf("%02x", p[i]); printf("\n"); }
  memcpy(q[qt].d, b, n); q[qt].n = n; q[qt].to = to; qt = (qt + 1) % 4096; return 0; }
static void pump(void) { while (qh != qt) { pkt_t *p = &q[qh]; qh = (qh + 1) % 4096; usrsctp_conninput(&ids[p->to], p->d, p->n, 0); } }
static int rcv(struct socket *s, union sctp_sockstore a, void *d, size_t n, struct sctp_rcvinfo i, int f, void *u) { free(d); return 1; }
static struct socket *make(int id, int port) { struct socket *s = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, rcv, NULL, 0, &ids[id]);
  usrsctp_set_non_blocking(s, 1); struct sctp_assoc_value av = { .assoc_id = SCTP_ALL_ASSOC, .assoc_value = 1 };
  usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, &av, sizeof av);
  struct sockaddr_conn a = { .sconn_family = AF_CONN, .sconn_port = htons(5000), .sconn_addr = &ids[id] };
  usrsctp_bind(s, (struct sockaddr *)&a, sizeof a); return s; }
int main(void) {
  usrsctp_init_nothreads(0, out, NULL); usrsctp_sysctl_set_sctp_ecn_enable(0); usrsctp_sysctl_set_sctp_asconf_enable(0); usrsctp_sysctl_set_sctp_auth_enable(0);
  usrsctp_register_address(&ids[0]); usrsctp_register_address(&ids[1]);
  struct socket *s0 = make(0, 5000), *s1 = make(1, 5000);
  struct sockaddr_conn r0 = { .sconn_family = AF_CONN, .sconn_port = htons(5000), .sconn_addr = &ids[0] };
  usrsctp_connect(s0, (struct sockaddr *)&r0, sizeof r0); usrsctp_listen(s1, 1);
  for (int i = 0; i < 5; i++) { pump(); usrsctp_handle_timers(10); }
  struct socket *acc = usrsctp_accept(s1, NULL, NULL); if (acc) usrsctp_set_non_blocking(acc, 1);
  struct sctp_sendv_spa spa = {0}; spa.sendv_flags = SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID; spa.sendv_sndinfo.snd_sid = 1; spa.sendv_sndinfo.snd_ppid = htonl(51);
  spa.sendv_sndinfo.snd_flags = SCTP_UNORDERED; spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_RTX; spa.sendv_prinfo.pr_value = 0;
  dropNextData = 2;
  for (int i = 0; i < 4; i++) { char m[8]; snprintf(m, sizeof m, "msg%d", i); usrsctp_sendv(s0, m, 4, NULL, 0, &spa, sizeof spa, SCTP_SENDV_SPA, 0); pump(); }
  for (int i = 0; i < 400; i++) { pump(); usrsctp_handle_timers(10); }
  struct { sctp_assoc_t id; uint16_t flags; uint16_t n; uint16_t list[1]; } rs = { SCTP_ALL_ASSOC, SCTP_STREAM_RESET_OUTGOING, 1, {1} };
  int r = usrsctp_setsockopt(s0, IPPROTO_SCTP, SCTP_RESET_STREAMS, &rs, sizeof rs); printf("reset rc %d\n", r);
  for (int i = 0; i < 50; i++) { pump(); usrsctp_handle_timers(10); }
  return 0;
}
