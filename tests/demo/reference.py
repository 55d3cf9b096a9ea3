"""Reference frameworks for tests that flush the database.

The skills app ships DigComp, EntreComp and GreenComp as a data migration; transactional tests
(the browser tests) flush every table between tests, reference data included, so they load it
again with the same idempotent service the migration uses — real names and level labels.
"""

from __future__ import annotations

from ponte.skills.services import frameworks_sync


def ensure_reference_skills() -> None:
    frameworks_sync()
