"""Ralph, as the tests run it (tests/browser/lrs.mjs puts this folder on PYTHONPATH, so Python
imports this at start-up in Ralph's server and in the reloader's child it spawns).

Ralph 5.1.0's file-system LRS backend stores only the first batch ever POSTed: the API writes
with the backend's default operation, CREATE, which refuses to touch a file that exists, so
every later POST of new statements answers 500 ("Statements bulk indexation failed"; the log
says "fs_lrs.jsonl already exists and overwrite is not allowed"). An LRS that takes one batch
cannot test an outbox that sends many, so here the backend appends instead. Nothing else about
Ralph changes: validation, duplicate and conflict checks and queries are its own.
"""

try:
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend
except ImportError:  # Not Ralph's Python: nothing to do.
    pass
else:
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
