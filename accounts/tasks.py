from celery import shared_task

from . import services


@shared_task
def invitations_expire():
    services.invitations_expire()
