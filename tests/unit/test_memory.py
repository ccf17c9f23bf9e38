"""Large blocks freed after big work go back to the operating system."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

# Frees a large block (which makes glibc raise its mmap threshold unless it is fixed), then
# allocates 200 MiB in 2 MiB blocks, each followed by a small block that stays alive, frees the
# large ones and prints how many MiB the process still holds.
PROBE = """
import sys
import numpy as np
if sys.argv[1] == "fixed":
    from autosales.memory import return_large_blocks_promptly
    assert return_large_blocks_promptly()
def resident_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20
before = resident_mib()
large = np.ones(2**20)
del large
blocks, pins = [], []
for _ in range(100):
    blocks.append(np.ones(2**18))
    pins.append(np.ones(64))
del blocks
print(round(resident_mib() - before))
"""

pytestmark = pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
    reason="the setting is glibc's",
)


def _held_after_freeing(mode: str) -> int:
    output = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    )
    return int(output.stdout.strip())


def test_freed_blocks_are_given_back_once_the_threshold_is_fixed() -> None:
    assert _held_after_freeing("default") > 150  # glibc's own behaviour: the probe shows it
    assert _held_after_freeing("fixed") < 20
