"""Serve a SeaweedFS for .ci/run until stopped: `python -m tests.object_store DIRECTORY`.

Prints the S3 endpoint once it serves; SIGTERM (or SIGINT) stops the server, then this process.
"""

import signal
import sys
import threading

from . import SeaweedFS


def main():
    """Serve until stopped, for .ci/run."""
    server = SeaweedFS(sys.argv[1])
    stopping = threading.Event()
    # The handler only sets a flag: stopping the server waits on its process, which must not
    # happen inside a handler that interrupted another wait on the same process.
    signal.signal(signal.SIGTERM, lambda _number, _frame: stopping.set())
    signal.signal(signal.SIGINT, lambda _number, _frame: stopping.set())
    server.start()
    print(server.endpoint, flush=True)
    while not stopping.is_set() and server.process.poll() is None:
        stopping.wait(0.5)
    server.stop()
    return 0 if stopping.is_set() else 1


if __name__ == "__main__":
    sys.exit(main())
