"""Background work for reports: the annual report's PDFs, label reminders and the indicators'
daily values."""

from celery import shared_task

from . import services


@shared_task
def annual_report_render(report_id):
    services.annual_report_render(report_id=report_id)


@shared_task
def label_reminders_send():
    """Remind the coordinators of labels ending within 90 and 30 days; each reminder once."""
    services.label_reminders_send()


@shared_task
def indicator_values_snapshot():
    """Record the day's value of every indicator that changed."""
    services.indicator_values_snapshot()
