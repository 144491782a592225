"""Tests of the Open311 GeoReport v2 serializers (issue 21, part 2)."""
