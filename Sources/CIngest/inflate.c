// Raw deflate (zip entries) through zlib, one step at a time: the caller hands out the output
// chunk by chunk and stops when its budget says so. No state outside the inflater.
#include "cingest.h"

#include <stdlib.h>
#include <zlib.h>

struct vb_inflater {
    z_stream s;
};

vb_inflater *vb_inflate_new(void) {
    vb_inflater *z = calloc(1, sizeof *z);
    if (!z) return NULL;
    if (inflateInit2(&z->s, -MAX_WBITS) != Z_OK) { free(z); return NULL; }
    return z;
}

int vb_inflate_step(vb_inflater *z, const unsigned char *in, size_t in_len, size_t *in_used,
                    unsigned char *out, size_t out_len, size_t *out_made) {
    const uInt max = 1u << 30;
    z->s.next_in = (Bytef *)in;
    z->s.avail_in = in_len > max ? max : (uInt)in_len;
    z->s.next_out = out;
    z->s.avail_out = out_len > max ? max : (uInt)out_len;
    uInt avail_in = z->s.avail_in, avail_out = z->s.avail_out;
    int rc = inflate(&z->s, Z_NO_FLUSH);
    *in_used = avail_in - z->s.avail_in;
    *out_made = avail_out - z->s.avail_out;
    if (rc == Z_STREAM_END) return 1;
    if (rc == Z_OK) return 0;
    if (rc == Z_BUF_ERROR) return (*in_used == 0 && *out_made == 0 && in_len == 0) ? -2 : 0;
    return -1;
}

void vb_inflate_free(vb_inflater *z) {
    if (!z) return;
    inflateEnd(&z->s);
    free(z);
}

uint32_t vb_crc32(uint32_t crc, const unsigned char *p, size_t n) {
    uLong c = crc;
    while (n > 0) {
        uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
        c = crc32(c, p, k);
        p += k;
        n -= k;
    }
    return (uint32_t)c;
}
