"""Loopback ports for the servers the tests start (gunicorn, nginx, runserver, SeaweedFS)."""

import socket


def free_ports(count):
    """Return ports nothing listens on now, so no other test's server (or a leftover) collides."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def free_port():
    [port] = free_ports(1)
    return port
