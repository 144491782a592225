"""Reference central server for the LAPOR sync protocol (see docs/sync-protocol.md).

It is the desktop app's test peer over real sockets and a kabupaten staging server:
FastAPI + SQLAlchemy (SQLite by default, PostgreSQL by URL) + tus uploads for attachments.
"""

PROTOCOL_NAME = "lapor-sync"
PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"
TUS_PATH = f"{API_PREFIX}/files/"
