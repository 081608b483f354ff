"""An SMTP server on loopback that accepts every message, counts it and throws it away.

`python -m bench.smtp_sink --ready-file PATH` serves SMTP on a free port of 127.0.0.1 and a control
port beside it, then writes `{"smtp_port": ..., "control_port": ...}` to PATH. The control port
answers one line per connection: `count` gives "<messages> <bytes>", `reset` sets both to zero.
Bodies are never stored, so the sink's memory stays flat however many messages arrive.

`SmtpSink` starts and stops it in its own process, so the sink's CPU time is not the measured
process's, and both the portal and the smtplib baseline talk to the same server.
"""

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class CountingHandler:
    """Accept every message; remember only how many arrived and their size."""

    def __init__(self):
        self.messages = 0
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.bytes += len(envelope.original_content or b"")
        return "250 OK"


async def _serve(ready_file):
    from aiosmtpd.smtp import SMTP

    handler = CountingHandler()
    loop = asyncio.get_running_loop()
    smtp = await loop.create_server(
        # No hostname lookup per session, no size limit: a sink on loopback, not a mail server.
        lambda: SMTP(
            handler,
            hostname="sink.localhost",
            data_size_limit=0,
            enable_SMTPUTF8=True,
            loop=loop,
        ),
        host="127.0.0.1",
        port=0,
    )

    async def control(reader, writer):
        command = (await reader.readline()).decode().strip()
        if command == "reset":
            handler.messages = handler.bytes = 0
        writer.write(f"{handler.messages} {handler.bytes}\n".encode())
        await writer.drain()
        writer.close()

    control_server = await asyncio.start_server(control, host="127.0.0.1", port=0)
    ports = {
        "smtp_port": smtp.sockets[0].getsockname()[1],
        "control_port": control_server.sockets[0].getsockname()[1],
        "pid": os.getpid(),
    }
    tmp = Path(ready_file + ".tmp")
    tmp.write_text(json.dumps(ports))
    os.replace(tmp, ready_file)
    async with smtp, control_server:
        await asyncio.gather(smtp.serve_forever(), control_server.serve_forever())


class SmtpSink:
    """The sink in a subprocess: `with SmtpSink() as sink: ... sink.count()`."""

    def __init__(self, *, start_timeout=20):
        self.start_timeout = start_timeout
        self.process = None
        self.smtp_port = self.control_port = None
        self._directory = None

    def start(self):
        self._directory = tempfile.TemporaryDirectory(prefix="bench-smtp-")
        ready = Path(self._directory.name) / "ready.json"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.smtp_sink", "--ready-file", str(ready)], cwd=ROOT
        )
        deadline = time.monotonic() + self.start_timeout
        while not ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the SMTP sink did not start")
            time.sleep(0.05)
        ports = json.loads(ready.read_text())
        self.smtp_port, self.control_port = ports["smtp_port"], ports["control_port"]
        return self

    def _ask(self, command):
        with socket.create_connection(("127.0.0.1", self.control_port), timeout=10) as control:
            control.sendall(command.encode() + b"\n")
            answer = control.makefile().readline().split()
        return int(answer[0]), int(answer[1])

    def count(self):
        """Return (messages, bytes) received since the start or the last reset."""
        return self._ask("count")

    def reset(self):
        self._ask("reset")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.smtp_sink", description=__doc__)
    parser.add_argument("--ready-file", required=True, help="where to write the ports, as JSON")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.ready_file))
    return 0


if __name__ == "__main__":
    sys.exit(main())
