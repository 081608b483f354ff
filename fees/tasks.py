"""Background work for fees: each task is thin, takes ids and calls a service.

Sections: billing here; payments, statements and reminders add theirs below.
"""

from celery import shared_task

from . import services

# --- Billing ------------------------------------------------------------------------------------


@shared_task
def billing_run_issue(run_id):
    """Issue a confirmed billing run's documents (queued on commit of the confirmation)."""
    return services.billing_run_issue(run_id=run_id)


@shared_task
def billing_runs_resume():
    """Queue again the runs a killed worker left unfinished (beat)."""
    return services.billing_runs_resume()


@shared_task
def fee_document_render(document_id):
    """Store a document's PDF and, for a VAT invoice, its FA(3) XML (queued on commit)."""
    return services.fee_document_render(document_id=document_id)


@shared_task
def fee_documents_render_missing():
    """Queue the files of documents that have none yet (beat)."""
    return services.fee_documents_render_missing()


@shared_task
def fee_document_ksef_send(document_id):
    """Send a VAT invoice to KSeF when the installation has sending on."""
    return services.fee_document_ksef_send(document_id=document_id)


# --- Payments, statements and reminders (fees-payments) ----------------------------------------


@shared_task
def statement_match_task(statement_id, actor_id=None):
    """Match a large statement's lines after its import (each line in its own transaction)."""
    from accounts.models import User

    from . import payments
    from .models import BankStatement

    statement = BankStatement.objects.filter(pk=statement_id).first()
    if statement is None:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return payments.statement_match(statement=statement, actor=actor)


@shared_task
def fee_reminders_send():
    """Send the reminders that are due today, each at most once (beat, daily)."""
    from . import reminders

    return reminders.reminders_due_send()
