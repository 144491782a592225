"""What the desktop and central share: the protocol, and nothing of either side.

Wire format and content hash (``wire``), vocabularies, validation rules and messages
(``domain``), catalogue parsing and routing (``catalog``), working days (``deadlines``),
the one case clock every deadline comes from (``case_clock``), the walk-in time checked
against the device's clock skew (``clock_skew``), and the receipt's verification code and
tracking URL (``tracking``). This package imports nothing of ours and neither SQLAlchemy
nor Qt.
"""
