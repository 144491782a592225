"""Tests of the LAPOR! nasional adapter (issue 21, part 1)."""
