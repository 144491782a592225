"""The server's use cases, free of HTTP: enrolment, tokens, push, have-list, status pull,
lifecycle changes, attachment verification and export.

Each public function takes a :class:`~lapor_central.db.Database` and runs one unit of work.
Personal data in reports is stored as received and never logged. The names below are the
package's interface (other parts of the server, e.g. a web desk, import them from here).
"""

from lapor_central.service.common import (
    MESSAGES,
    Catalog,
    ChecksumMismatch,
    DeviceAuth,
    DeviceExists,
    EnrollmentRefused,
    NotFound,
    UploadRefused,
    is_uuid,
    load_catalog,
    owned_by,
    sha256_hex,
    within_region,
)
from lapor_central.service.enrol import (
    AttemptLimiter,
    authenticate,
    claim_enrol_attempt,
    create_enrollment_code,
    create_enrollment_codes,
    enroll,
    refund_enrol_attempt,
    revoke_device,
    valid_enrol_region,
)
from lapor_central.service.reports import (
    check_item,
    computed_hash,
    export,
    have,
    push_batch,
)
from lapor_central.service.status import (
    BadCursor,
    StatusChanged,
    advance,
    decode_cursor,
    encode_cursor,
    event_json,
    status_changes,
)
from lapor_central.service.uploads import (
    LeaseLost,
    check_upload,
    complete_upload,
    file_sha256,
)
from lapor_protocol.wire import Limits

__all__ = [
    "MESSAGES",
    "AttemptLimiter",
    "BadCursor",
    "Catalog",
    "ChecksumMismatch",
    "DeviceAuth",
    "DeviceExists",
    "EnrollmentRefused",
    "LeaseLost",
    "Limits",
    "NotFound",
    "StatusChanged",
    "UploadRefused",
    "advance",
    "authenticate",
    "check_item",
    "check_upload",
    "claim_enrol_attempt",
    "complete_upload",
    "computed_hash",
    "create_enrollment_code",
    "create_enrollment_codes",
    "decode_cursor",
    "encode_cursor",
    "enroll",
    "event_json",
    "export",
    "file_sha256",
    "have",
    "is_uuid",
    "load_catalog",
    "owned_by",
    "push_batch",
    "refund_enrol_attempt",
    "revoke_device",
    "sha256_hex",
    "status_changes",
    "valid_enrol_region",
    "within_region",
]
