"""A small tus 1.0.0 server for attachments: creation, HEAD, PATCH with offset check,
termination, checksum (sha256) and expiration. See docs/sync-protocol.md and
docs/central.md (locking across worker processes)."""

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,checksum,expiration"
CHECKSUM_ALGORITHMS = "sha256"
