#include "cxapian.h"
#include <xapian.h>
extern "C" int cx_version_major(void) { return Xapian::major_version(); }
