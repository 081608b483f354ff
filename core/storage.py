"""Storage for documents only some people may read, outside the public MEDIA_ROOT.

Files go to STORAGES["private"] and leave the portal only through views that check who asks.
"""

from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible


@deconstructible(path="core.storage.PrivateStorage")
class PrivateStorage(Storage):
    """Hand every operation to STORAGES["private"], looked up on each use.

    A FileField keeps the storage it was given when its model loads; looking the backend up on each
    call lets a changed setting (tests, another backend in production) take effect.
    """

    @property
    def backend(self):
        return storages["private"]

    def _open(self, name, mode="rb"):
        return self.backend._open(name, mode)

    def _save(self, name, content):
        return self.backend._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def delete(self, name):
        self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def url(self, name):
        return self.backend.url(name)


private_storage = PrivateStorage()
