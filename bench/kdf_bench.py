"""Cost of one password guess with the default key derivation (scrypt N=2^17, r=8, p=1).

    python bench/kdf_bench.py

Prints the median of five derivations. An attacker with a copied database pays this per
guess per operator; the login pays it once.
"""

from __future__ import annotations

import os
import statistics
import time

from lapor_desktop import security


def main() -> None:
    os.environ.pop(security.ENV_TEST_FAST_KDF, None)
    params = security.default_kdf()
    salt = os.urandom(16)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        security.derive_kek("kopi-hujan-jembatan-7", salt, params)
        times.append(time.perf_counter() - start)
    print(f"scrypt n=2^{params['n'].bit_length() - 1} r={params['r']} p={params['p']}: "
          f"median {statistics.median(times):.3f} s per guess "
          f"(min {min(times):.3f}, max {max(times):.3f})")


if __name__ == "__main__":
    main()
