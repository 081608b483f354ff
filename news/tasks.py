"""Background work of the news app: publishing scheduled articles and sending campaigns."""

from celery import shared_task
from django.utils import timezone

from . import selectors, sending, services


@shared_task
def articles_publish_due():
    """Publish scheduled articles whose time has come (beat, every minute)."""
    return services.articles_publish_due()


@shared_task(bind=True)
def campaign_send(self, campaign_id):
    """Send a campaign batch by batch until nothing is due; several workers may share one.

    A redelivered or duplicate task finds no row to claim and exits. Mail waiting for a retry is
    picked up by a task scheduled for its time, or by `campaigns_send_due`.
    """
    mails = sending.CampaignMails()
    while delivery_ids := sending.deliveries_claim(campaign_id=campaign_id):
        sending.deliveries_send(delivery_ids=delivery_ids, mails=mails)
    if sending.campaign_finish_if_done(campaign_id=campaign_id) or self.request.is_eager:
        return
    retry_at = sending.campaign_next_retry(campaign_id=campaign_id)
    if retry_at is not None:
        countdown = max((retry_at - timezone.now()).total_seconds(), 1)
        campaign_send.apply_async((campaign_id,), countdown=countdown)


@shared_task
def campaigns_send_due():
    """Start scheduled campaigns that are due and resume any left by a worker that died."""
    services.campaigns_start_due()
    for campaign_id in selectors.campaigns_with_work():
        campaign_send.delay(campaign_id)
