"""Create the object-storage buckets the portal is configured with, where they are missing.

Run once per deployment (docker-compose's `setup` service does) and again at will: a bucket that
exists is left as it is. With files on local disk there is nothing to do.
"""

from botocore.exceptions import ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand

MISSING_BUCKET_CODES = {"404", "NoSuchBucket", "NotFound"}


class Command(BaseCommand):
    help = "Create the S3 buckets of the public and the private file storage if they are missing."

    def handle(self, *args, **options):
        buckets = {}
        for alias in ("default", "private"):
            backend = storages[alias]
            if hasattr(backend, "bucket_name"):
                buckets.setdefault(backend.bucket_name, backend)
        if not buckets:
            self.stdout.write("Files are kept on local disk: no bucket to prepare.")
            return
        for name, backend in buckets.items():
            client = backend.connection.meta.client
            try:
                client.head_bucket(Bucket=name)
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") not in MISSING_BUCKET_CODES:
                    raise
                client.create_bucket(Bucket=name)
                self.stdout.write(self.style.SUCCESS(f"Created bucket {name}."))
            else:
                self.stdout.write(f"Bucket {name} is there.")
