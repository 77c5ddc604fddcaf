// STUB — replaced by the Xapian binding work.
#ifndef CXAPIAN_H
#define CXAPIAN_H
#ifdef __cplusplus
extern "C" {
#endif
int cx_version_major(void);
#ifdef __cplusplus
}
#endif
#endif
