"""Process memory: large blocks a finished import frees go back to the operating system."""

from __future__ import annotations

import ctypes
import functools
import logging

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # mallopt parameter number in glibc's malloc.h
MMAP_THRESHOLD_BYTES = 1024 * 1024


@functools.cache
def return_large_blocks_promptly() -> bool:
    """Have glibc serve every block of 1 MiB or more with its own mapping, so freeing it gives
    the memory back; say whether the setting took.

    glibc starts that way but raises the threshold each time such a block is freed, after which
    blocks of a million-row import's columns come from the heap and stay with the process,
    fragmented, once freed: a long-lived web or worker process that had imported a million rows
    kept about 600 MB it no longer used, and a second import started from there. Fixing the
    threshold stops the raising. Elsewhere than glibc this does nothing. The setting is the
    process's, so it is made once however many apps the process creates.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process already runs on
    except (OSError, AttributeError):
        return False
    applied = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    log.debug("memory: mmap threshold fixed at %d bytes: %s", MMAP_THRESHOLD_BYTES, applied)
    return applied
