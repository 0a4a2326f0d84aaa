"""The ``article-qa`` command's entry point: Ctrl-C at any moment, even while the
libraries are still loading, ends the program with exit code 130 and no traceback;
SIGTERM ends it with 143, the same way."""

from __future__ import annotations

import signal
import sys
from types import FrameType
from typing import Any

from .exits import EXIT_INTERRUPTED, EXIT_TERMINATED

# Set when a Ctrl-C landed in a finaliser (see ``_interrupt_again``).
_deferred: list[bool] = []


def main() -> int:
    """Load the command line and run it."""
    sys.unraisablehook = _interrupt_again
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from .cli import main as run

        code = run(sys.argv[1:])
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    # a Ctrl-C caught in a finaliser just before the end has not been re-raised yet
    return EXIT_INTERRUPTED if _deferred else code


def _terminate(signal_number: int, frame: FrameType | None) -> None:
    """SIGTERM unwinds like Ctrl-C, so that what is open is closed: a build stops its
    worker processes (killed outright, the command would leave them running) and a
    cache being written is left unwritten, the old one intact."""
    raise SystemExit(EXIT_TERMINATED)


def _interrupt_again(unraisable: Any) -> None:
    """Re-deliver a Ctrl-C that landed inside a finaliser (``__del__``).

    Python cannot raise there, so it would print the interrupt as "Exception ignored"
    and carry on as if no key had been pressed; asking for the signal again raises
    it in the main thread at the next point where it can propagate.
    """
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _deferred.append(True)
        import _thread
        import threading

        # a moment later and from another thread: asked from here, the signal would
        # land in here again (if it lands in another finaliser, this runs once more)
        timer = threading.Timer(0.05, _thread.interrupt_main)
        timer.daemon = True
        timer.start()
        return
    sys.__unraisablehook__(unraisable)
