"""The anchor rule shared by central and the kecamatan: shapes and verdicts."""

from __future__ import annotations

import pytest

from lapor_protocol.anchors import (
    DIVERGED,
    FIRST,
    MAX_PROOFS,
    OK,
    OLD,
    TRUNCATED,
    UNPROVEN,
    Anchor,
    AnchorError,
    Point,
    judge,
    parse_anchor,
)

H = {n: f"{n:064x}" for n in range(0, 40)}


def test_parse_round_trip_and_head_as_proof():
    a = parse_anchor({"count": 9, "head": H[9],
                      "proofs": [{"count": 3, "hash": H[3]}, {"count": 9, "hash": H[9]}]})
    assert a == Anchor(9, H[9], {3: H[3]})
    assert parse_anchor(a.to_dict()) == a
    assert a.hash_at(9) == H[9] and a.hash_at(3) == H[3] and a.hash_at(4) is None


@pytest.mark.parametrize("doc", [
    None, [], {"count": 1}, {"head": H[1]}, {"count": -1, "head": H[1]},
    {"count": True, "head": H[1]}, {"count": 1.0, "head": H[1]},
    {"count": 10, "head": H[10].upper()}, {"count": 1, "head": "ab"},
    {"count": 1, "head": H[1], "device_id": "x"},
    {"count": 1, "head": H[1], "proofs": {"count": 1}},
    {"count": 1, "head": H[1], "proofs": [{"count": 2, "hash": H[2]}]},  # beyond the head
    {"count": 2, "head": H[2], "proofs": [{"count": 2, "hash": H[3]}]},  # contradicts it
    {"count": 5, "head": H[5], "proofs": [{"count": 1, "hash": H[1]},
                                          {"count": 1, "hash": H[2]}]},
    {"count": 50, "head": H[1], "proofs": [{"count": i, "hash": H[i]}
                                           for i in range(MAX_PROOFS + 1)]},
])
def test_malformed_anchors_are_refused_with_a_message(doc):
    with pytest.raises(AnchorError, match="Jangkar audit tidak sah"):
        parse_anchor(doc)


def test_verdicts():
    last = Point(10, H[10])
    assert judge(None, Anchor(3, H[3])) == FIRST
    assert judge(last, Anchor(10, H[10])) == OK  # the same head again
    assert judge(last, Anchor(15, H[15], {10: H[10]})) == OK
    assert judge(last, Anchor(15, H[15], {10: H[11]})) == DIVERGED
    assert judge(last, Anchor(10, H[11])) == DIVERGED
    assert judge(last, Anchor(15, H[15], {9: H[9]})) == UNPROVEN
    assert judge(last, Anchor(15, H[15])) == UNPROVEN
    assert judge(last, Anchor(7, H[7])) == TRUNCATED
    known = {7: H[7]}.get
    assert judge(last, Anchor(7, H[7]), known) == OLD  # an older bundle, arriving late
    assert judge(last, Anchor(7, H[8]), known) == TRUNCATED
