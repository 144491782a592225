"""What the desktop and central share: the protocol, and nothing of either side.

Wire format and content hash (``wire``), vocabularies, validation rules and messages
(``domain``), catalogue parsing and routing (``catalog``), working-day deadlines
(``deadlines``). This package imports nothing of ours and neither SQLAlchemy nor Qt.
"""
