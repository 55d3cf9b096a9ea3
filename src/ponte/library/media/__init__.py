"""The media pipeline of experience pills: what is accepted, how it is checked and cleaned.

``process_upload`` turns an upload into ``ProcessedMedia`` (or raises ``MediaRejected``) without
touching any storage; ``storage_name`` makes the server-side names the files are saved under.
"""

from .rules import ACCEPT, MediaRejected, captions_max_bytes, max_bytes, storage_name
from .upload import ProcessedMedia, process_upload

__all__ = [
    "ACCEPT",
    "MediaRejected",
    "ProcessedMedia",
    "captions_max_bytes",
    "max_bytes",
    "process_upload",
    "storage_name",
]
