"""Audit-chain anchors: the shape both sides exchange and the rule that judges them.

A device's audit chain has a *head*: the number of events and the hash of the newest one.
Every sync (to central) and every bundle (to the kecamatan) carries it, with *proofs*: the
device's current hash at the counts of anchors it committed to before. The receiver keeps
the last anchor per device and judges each new one with :func:`judge`:

- the count went down and the head is not a point it already knows: ``truncated``;
- the device's hash at the receiver's last anchor differs from it: ``diverged`` (events
  were changed, deleted or rewritten, and the chain recomputed);
- no proof at the receiver's last count although the head is past it: ``unproven`` (an
  honest device always sends it, because it records every anchor it sends);
- otherwise ``ok`` (or ``first``; ``old`` for an older bundle arriving after a newer one,
  recognised by a point the receiver already knows; central, where a device's syncs come
  one after the other, passes no known points, so a lower head there is always a cut).

Pure functions, no I/O: ``lapor_central`` and the kecamatan desktop share them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_PROOFS = 16
MAX_COUNT = 2**53 - 1  # a JSON number every client parses exactly
HEX64 = re.compile(r"^[0-9a-f]{64}$")

FIRST, OK, OLD = "first", "ok", "old"
TRUNCATED, DIVERGED, UNPROVEN = "truncated", "diverged", "unproven"
PROBLEMS = frozenset({TRUNCATED, DIVERGED, UNPROVEN})

# What a problem means, for the desk, the kecamatan and the village (Bahasa Indonesia).
PROBLEM_LABELS = {
    TRUNCATED: "jejak audit lebih pendek daripada jangkar terakhir (catatan dihapus)",
    DIVERGED: "jejak audit tidak lagi menyambung dengan jangkar terakhir (catatan diubah "
              "atau dihapus)",
    UNPROVEN: "jejak audit tidak membuktikan sambungannya dengan jangkar terakhir",
}


class AnchorError(ValueError):
    """A malformed anchor document (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Point:
    count: int
    hash: str


@dataclass(frozen=True)
class Anchor:
    """A head with its proofs (count -> the device's hash at that count)."""

    count: int
    head: str
    proofs: Mapping[int, str] = field(default_factory=dict)

    def hash_at(self, count: int) -> str | None:
        return self.head if count == self.count else self.proofs.get(count)

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "head": self.head,
                "proofs": [{"count": c, "hash": h} for c, h in sorted(self.proofs.items())]}


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        raise AnchorError("Jangkar audit tidak sah: jumlah catatan harus bilangan bulat "
                          "tidak negatif.")
    return value


def _hash(value: Any) -> str:
    if not isinstance(value, str) or not HEX64.match(value):
        raise AnchorError("Jangkar audit tidak sah: hash harus 64 karakter heksadesimal "
                          "huruf kecil.")
    return value


def parse_anchor(doc: Any) -> Anchor:
    """Check an anchor document ``{"count", "head", "proofs": [{"count", "hash"}]}``."""
    if not isinstance(doc, Mapping) or set(doc) - {"count", "head", "proofs"} \
            or "count" not in doc or "head" not in doc:
        raise AnchorError("Jangkar audit tidak sah: harus memuat count, head dan proofs.")
    count, head = _count(doc["count"]), _hash(doc["head"])
    raw = doc.get("proofs") or []
    if not isinstance(raw, list) or len(raw) > MAX_PROOFS:
        raise AnchorError(f"Jangkar audit tidak sah: paling banyak {MAX_PROOFS} bukti.")
    proofs: dict[int, str] = {}
    for p in raw:
        if not isinstance(p, Mapping) or set(p) != {"count", "hash"}:
            raise AnchorError("Jangkar audit tidak sah: bukti harus memuat count dan hash.")
        c, h = _count(p["count"]), _hash(p["hash"])
        if c > count or proofs.get(c, h) != h or (c == count and h != head):
            raise AnchorError("Jangkar audit tidak sah: bukti bertentangan dengan kepala "
                              "rantai.")
        proofs[c] = h
    proofs.pop(count, None)
    return Anchor(count, head, proofs)


def judge(last: Point | None, incoming: Anchor,
          known: Callable[[int], str | None] = lambda _c: None) -> str:
    """The verdict on ``incoming`` given the receiver's ``last`` anchor for this device and
    ``known`` (the hash the receiver holds at a count, from earlier heads and proofs)."""
    if last is None:
        return FIRST
    if incoming.count < last.count:
        return OLD if known(incoming.count) == incoming.head else TRUNCATED
    proof = incoming.hash_at(last.count)
    if proof is None:
        return UNPROVEN
    return OK if proof == last.hash else DIVERGED


def moves_base(verdict: str) -> bool:
    """Whether the receiver's last anchor becomes ``incoming`` (not for an older replay)."""
    return verdict != OLD


__all__ = [
    "DIVERGED", "FIRST", "MAX_PROOFS", "OK", "OLD", "PROBLEMS", "PROBLEM_LABELS", "TRUNCATED",
    "UNPROVEN", "Anchor", "AnchorError", "Point", "judge", "moves_base", "parse_anchor",
]
