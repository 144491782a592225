"""The sync step that anchors the audit chain at central (docs/sync-protocol.md).

Every run that reaches central sends the chain's head with its proofs. The head is recorded
as sent before it leaves, so the next run proves it extends it even when this answer is
lost; central's answer (its last anchor for the device and its verdict) is kept for
``audit verify``. A central without the route answers 404: the run goes on without it.
"""

from __future__ import annotations

import logging
from typing import Any

from lapor_desktop import anchors
from lapor_desktop.sync.gateway import PermanentError
from lapor_protocol.anchors import PROBLEMS, Point

log = logging.getLogger(__name__)


class AnchorMixin:
    """Send the audit chain's head (``SyncEngine`` provides ``ws``, ``gateway``,
    ``_retrying``)."""

    ws: Any
    gateway: Any
    _retrying: Any

    def _send_anchor(self) -> str | None:
        """Anchor the chain; central's verdict, or None when central does not keep anchors."""
        device_id = self.ws.device_id
        with self.ws.db.write() as s:
            anchor = anchors.current(s, device_id)
            anchors.record_sent(s, device_id, anchor)
        try:
            receipt = self._retrying(self.gateway.audit_anchor, anchor.to_dict())
        except PermanentError as exc:
            # A refused anchor must not hold back the reports: note it and go on.
            log.warning("audit anchor refused: %s", exc)
            return None
        if receipt is None:
            return None
        with self.ws.db.write() as s:
            anchors.record_accepted(s, device_id, self.ws.region_code,
                                    Point(receipt.count, receipt.hash), receipt.result)
        if receipt.result in PROBLEMS:
            log.warning("central flagged this device's audit chain: %s", receipt.result)
        return receipt.result
