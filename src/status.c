/* status.c - generic texts for as_status_t. */
#include "config.h"

#include "status.h"

const char *as_status_str(as_status_t status)
{
    switch (status) {
    case AS_OK:
        return "success";
    case AS_ERR_NOMEM:
        return "out of memory";
    case AS_ERR_IO:
        return "input/output error";
    case AS_ERR_USAGE:
        return "invalid usage";
    case AS_ERR_FORMAT:
        return "malformed input";
    case AS_ERR_NO_INDEX:
        return "no index";
    case AS_ERR_LOCKED:
        return "index is locked by another writer";
    case AS_ERR_CORRUPT:
        return "index is corrupt or of another version";
    case AS_ERR_QUERY:
        return "invalid query";
    case AS_ERR_STEMMER:
        return "unknown stemmer language";
    case AS_ERR_REMOTE:
        return "a remote shard did not answer";
    case AS_ERR_XAPIAN:
        return "Xapian error";
    case AS_ERR_STOPPED:
        return "stopped by a signal";
    case AS_ERR_INTERNAL:
        return "internal error";
    }
    return "unknown status";
}
