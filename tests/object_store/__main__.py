"""Serve a SeaweedFS for .ci/run until stopped: `python -m tests.object_store DIRECTORY`.

Prints the S3 endpoint once it serves; SIGTERM stops the server with it.
"""

import signal
import sys

from . import SeaweedFS


def main():
    """Serve until stopped, for .ci/run: `python -m tests.object_store DIRECTORY`."""
    server = SeaweedFS(sys.argv[1])

    def stop(_signal_number, _frame):
        server.stop()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.start()
    print(server.endpoint, flush=True)
    server.process.wait()


if __name__ == "__main__":
    main()
