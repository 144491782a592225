"""Reading attachment files sealed at rest, for assertions on their plaintext."""

from __future__ import annotations

from pathlib import Path

from lapor_desktop import stored_files


def plain_bytes(ws, actor, att_id: str, path: Path | str) -> bytes:
    """The decrypted content of a stored attachment (``path``: absolute, or relative to
    the data dir as in ``Attachment.stored_path``)."""
    path = Path(path)
    rel = path.relative_to(ws.paths.root).as_posix() if path.is_absolute() else path.as_posix()
    with stored_files.open_plain(ws, stored_files.key_of(actor), att_id, rel) as fh:
        return fh.read()


def files_under(root: Path) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]
