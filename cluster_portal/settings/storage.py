"""Where uploads and generated documents live: this host's disk, or S3-compatible object storage.

Two stores: "default" for what anyone may see (logos, cover images), "private" for documents only
some people may read. With object storage every web and worker host shares them (README, "Files").
"""

from urllib.parse import urlsplit


def local_storages(*, private_root) -> dict:
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private_root, "base_url": None},
        },
    }


def object_storages(
    *,
    public_bucket: str,
    private_bucket: str,
    endpoint_url: str | None = None,
    region: str = "us-east-1",
    access_key: str | None = None,
    secret_key: str | None = None,
    public_url: str = "",
    signed_url_seconds: int = 300,
    addressing_style: str = "path",
) -> dict:
    connection = {
        "endpoint_url": endpoint_url or None,
        "region_name": region,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "addressing_style": addressing_style,
        "signature_version": "s3v4",
        # A name already taken gets a new one: nothing stored is ever overwritten by accident.
        "file_overwrite": False,
    }
    public = urlsplit(public_url)
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": public_bucket,
                "location": "public",
                # Public files have plain, lasting addresses, on the public URL when one is set.
                "querystring_auth": False,
                "custom_domain": (public.netloc + public.path).rstrip("/") or None,
                "url_protocol": f"{public.scheme or 'https'}:",
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": private_bucket,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": signed_url_seconds,
            },
        },
    }


def public_media_origins(*, public_url: str, endpoint_url: str | None) -> list[str]:
    """Return the origins browsers load public files from, for the Content-Security-Policy."""
    origin = urlsplit(public_url or endpoint_url or "")
    if origin.netloc:
        return [f"{origin.scheme}://{origin.netloc}"]
    return ["https://*.amazonaws.com"]
