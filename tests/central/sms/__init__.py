"""Tests of the SMS parts (issue 21, part 3)."""
