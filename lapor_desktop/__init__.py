"""LAPOR Desktop: offline-first intake of public-service complaints for SP4N-LAPOR!."""

__version__ = "0.1.0"
