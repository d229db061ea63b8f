# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a task had already changed in AWS when a later request failed, said in its failure message.

Private to this collection: the names here may change without notice.

A request that fails after a write (a refused connection while waiting for a new CA, a throttle on the
GetCertificate after IssueCertificate) must not read as if nothing had happened: the user would look
for a failed create, not for a CA that now exists. ``WriteLog`` records each write as it succeeds;
``WriteLog.context()`` adds, to an AWS error raised inside it, which resource the run created or
changed and what a rerun of the task does with it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError


def add_note(error: AnsibleAWSError, note: str) -> None:
    """Put ``note`` after the error's own message (once), in place.

    amazon.aws's fail_json_aws_error appends ": <AWS's own message>", so the note ends without a full stop.
    """
    if getattr(error, "after_write_note", None):
        return
    message = (error.message or "").rstrip()
    if message and not message.endswith((".", ";", ":")):
        message += "."
    error.message = f"{message} {note}" if message else note
    error.args = (error.message, *error.args[1:])
    error.after_write_note = note


class WriteLog:
    """The writes one run has made, each as "what was done" and "what a rerun does with it"."""

    def __init__(self) -> None:
        self.done: list[tuple[str, str]] = []

    def record(self, done: str, rerun: str) -> None:
        """``done``: "the CA arn:... was created"; ``rerun``: "a rerun of the task finds it by its name"."""
        self.done.append((done, rerun))

    def forget_last(self) -> None:
        """The last write turned out to have changed nothing (an idempotency token returned an old result)."""
        self.done.pop()

    def note(self) -> str | None:
        if not self.done:
            return None
        done = "; ".join(text for text, _rerun in self.done)
        rerun = self.done[-1][1]
        return f"Before this failure, this run had already changed AWS: {done}. {rerun[:1].upper()}{rerun[1:]}"

    def annotate(self, error: AnsibleAWSError) -> None:
        """Add the note of what was written to ``error`` (nothing when nothing was)."""
        note = self.note()
        if note:
            add_note(error, note)

    @contextlib.contextmanager
    def context(self) -> Iterator[None]:
        """AWS errors raised inside carry the note of what was written before them."""
        try:
            yield
        except AnsibleAWSError as e:
            self.annotate(e)
            raise


def after_write(done: str, rerun: str) -> contextlib.AbstractContextManager:
    """A context for the requests that follow one write: ``with after_write("the CA ... was ...", "a rerun ..."):``."""
    log = WriteLog()
    log.record(done, rerun)
    return log.context()
