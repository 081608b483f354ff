"""Newsletter throughput and worker memory: a campaign through a real Celery worker to an SMTP sink.

`python -m bench.newsletter [--quick] [--size 100000] [--checkpoints 25000,50000]`

In its own database (`cluster_portal_bench_mail`, env BENCH_MAIL_DATABASE_URL) and Redis db 7
(BENCH_MAIL_REDIS_URL) it creates confirmed subscribers in the five languages, then for each size N
starts a campaign to N of them through `news.services.campaign_send_now`, as the panel does, with a
real `celery -A cluster_portal worker` sending to `bench.smtp_sink` on loopback. The clock runs
from the coordinator's click (the service call, which writes the delivery rows) until the sink has
N messages and the campaign is marked sent. The worker's resident memory (main process plus pool
children) is sampled every 50 ms meanwhile, and reported at checkpoints (25,000 and 50,000
messages received) and at the end, to show whether it grows with the list. The baseline is one
plain smtplib connection sending pre-built copies of the same campaign mail (multipart text and
HTML, the five languages in turn) to the same sink.
"""

import argparse
import os
import smtplib
import sys
import tempfile
import time
from pathlib import Path

from bench import common
from bench.smtp_sink import SmtpSink

PART = "newsletter"
TITLE = "Newsletter: campaign throughput and worker memory"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cluster_portal_bench_mail"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
LANGUAGES = ("pl", "en", "de", "fr", "ru")
SUBSCRIBER_DOMAIN = "subscribers.bench.example"
RATIO_TARGET = 0.7
MEMORY_TARGET_MIB = 250
# Reading PSS parses /proc/<pid>/smaps, which costs the measured worker CPU: twice a second.
SAMPLE_SECONDS = 0.5
MiB = 2**20

PARAGRAPHS = {
    "pl": "Klaster zaprasza członków na spotkanie dobrych praktyk w zakładzie partnera; "
    "omówimy wdrożenia automatyzacji, wspólne projekty badawcze i nabór do grup roboczych.",
    "en": "The cluster invites its members to a good-practice meeting at a partner's plant; "
    "we will discuss automation roll-outs, joint research projects and working-group calls.",
    "de": "Der Cluster lädt seine Mitglieder zu einem Praxistreffen im Werk eines Partners ein; "
    "wir besprechen Automatisierung, gemeinsame Forschungsprojekte und Arbeitsgruppen.",
    "fr": "Le cluster invite ses membres à une rencontre de bonnes pratiques chez un partenaire ; "
    "nous parlerons d'automatisation, de projets de recherche communs et de groupes de travail.",
    "ru": "Кластер приглашает участников на встречу по обмену опытом на заводе партнёра; "
    "обсудим автоматизацию, совместные исследовательские проекты и набор в рабочие группы.",
}


def mail_database_url():
    return os.environ.get("BENCH_MAIL_DATABASE_URL", DEFAULT_DATABASE_URL)


def mail_redis_url():
    return os.environ.get("BENCH_MAIL_REDIS_URL", DEFAULT_REDIS_URL)


def portal_env(**extra):
    """Bench settings pointed at this part's own database and Redis database."""
    return common.django_env(
        BENCH_DATABASE_URL=mail_database_url(), BENCH_REDIS_URL=mail_redis_url(), **extra
    )


def prepare_database():
    """Create the database when missing and migrate it (migrate is a no-op when up to date)."""
    from urllib.parse import urlsplit

    import psycopg2

    parts = urlsplit(mail_database_url())
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    common.manage("migrate", "--noinput", "-v", "0", env=portal_env())


def campaign_body(language, paragraphs=12):
    """A campaign body of a typical size (about 3 kB of HTML) in one language."""
    items = "".join(f"<li>{PARAGRAPHS[language][:60]}</li>" for _n in range(4))
    text = "".join(f"<p>{PARAGRAPHS[language]}</p>" for _n in range(paragraphs))
    return f"<h2>{PARAGRAPHS[language][:40]}</h2>{text}<ul>{items}</ul>"


def ensure_subscribers(count):
    """Make sure `count` confirmed subscribers exist, spread over the five languages."""
    from django.utils import timezone

    from news.models import Subscriber, Topic

    topic, _created = Topic.objects.get_or_create(
        code="bench-newsletter", defaults={"name_pl": "Benchmark", "name_en": "Benchmark"}
    )
    existing = Subscriber.objects.filter(email__endswith="@" + SUBSCRIBER_DOMAIN).count()
    if existing < count:
        now = timezone.now()
        Subscriber.objects.bulk_create(
            (
                Subscriber(
                    email=f"s{n:06d}@{SUBSCRIBER_DOMAIN}",
                    language=LANGUAGES[n % len(LANGUAGES)],
                    state=Subscriber.State.CONFIRMED,
                    token=f"bench-subscriber-{n:06d}",
                    consent_at=now,
                    confirmed_at=now,
                )
                for n in range(existing, count)
            ),
            batch_size=5000,
        )
    return topic


def subscribers_topic_limit(topic, count):
    """Subscribe exactly the first `count` bench subscribers to `topic`, and nobody else."""
    from news.models import Subscriber

    through = Subscriber.topics.through
    through.objects.filter(topic=topic).delete()
    ids = Subscriber.objects.filter(email__endswith="@" + SUBSCRIBER_DOMAIN).order_by("email")
    through.objects.bulk_create(
        (
            through(subscriber_id=pk, topic_id=topic.pk)
            for pk in ids.values_list("pk", flat=True)[:count]
        ),
        batch_size=5000,
    )


def campaign_create(topic, count):
    """A draft campaign in every language for the first `count` subscribers; old ones go."""
    from accounts.models import User
    from news.models import Campaign, Delivery

    Delivery.objects.all()._raw_delete(Delivery.objects.db)
    Campaign.objects.all().delete()
    subscribers_topic_limit(topic, count)
    coordinator, _created = User.objects.get_or_create(
        email="bench-newsletter@bench.example", defaults={"is_coordinator": True}
    )
    campaign = Campaign.objects.create(
        created_by=coordinator,
        **{f"subject_{code}": f"Biuletyn {code.upper()} – benchmark" for code in LANGUAGES},
        **{f"body_{code}": campaign_body(code) for code in LANGUAGES},
    )
    campaign.topics.set([topic])
    return campaign, coordinator


def sample_messages(campaign):
    """The campaign mail in each language exactly as the portal builds it, for the baseline."""
    from news.models import Delivery
    from news.sending import _delivery_message

    contents = []
    for language in LANGUAGES:
        delivery = Delivery(
            email=f"s000001@{SUBSCRIBER_DOMAIN}",
            language=language,
            token="b" * 32,
            message_id="<newsletter.0.baseline@bench.example>",
        )
        message = _delivery_message(delivery, campaign=campaign, connection=None)
        contents.append(message.message().as_bytes(linesep="\r\n"))
    return message.from_email, contents


def baseline(sink, *, count, from_email, contents):
    """Send `count` pre-built mails over one plain smtplib connection; return msg/s."""
    sink.reset()
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.smtp_port) as client:
        for n in range(count):
            content = contents[n % len(contents)]
            client.sendmail(from_email, [f"s{n:06d}@{SUBSCRIBER_DOMAIN}"], content)
    elapsed = time.perf_counter() - started
    received, _bytes = sink.count()
    if received != count:
        raise RuntimeError(f"the sink received {received} of {count} baseline messages")
    return count / elapsed, elapsed


class Worker(common.CeleryWorker):
    """A real Celery worker on this part's database, sending to the sink."""

    def __init__(self, *, concurrency, smtp_port, log_dir):
        super().__init__(
            env=portal_env(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(smtp_port),
                SITE_URL="https://klaster.example",
                LOG_LEVEL="INFO",
            ),
            name=f"bench-newsletter-{concurrency}",
            log=Path(log_dir) / f"worker-{concurrency}.log",
            concurrency=concurrency,
        )


def send_campaign(sink, worker, *, topic, count, checkpoints=()):
    """Send a campaign to `count` subscribers through the worker; return one row per checkpoint.

    At each checkpoint (a number of messages received) the row gives the rate and the worker's
    peak memory so far, so one campaign shows whether memory grows with the messages sent.
    """
    from django.db import transaction

    from news import services
    from news.models import Campaign, Delivery

    campaign, coordinator = campaign_create(topic, count)
    sink.reset()
    timeout = 120 + count / 20
    marks = sorted(mark for mark in checkpoints if mark < count)
    rows = []

    def row(received, size, now):
        return {
            "recipients": f"{received:,} of {count:,}" if received < count else f"{count:,}",
            "concurrency": worker.concurrency,
            "start_s": round(committed - started, 2),
            "total_s": round(now - started, 1),
            "msg_per_s": round(received / (now - started), 1),
            "worker_msg_per_s": round(received / (now - committed), 1),
            "avg_message_kib": round(size / max(received, 1) / 1024, 1),
            "peak_pss_mib": round(memory.peak / MiB, 1),
        }

    with common.PeakRss(worker.process.pid, interval=SAMPLE_SECONDS, proportional=True) as memory:
        started = time.perf_counter()
        with transaction.atomic():
            services.campaign_send_now(actor=coordinator, campaign=campaign)
        committed = time.perf_counter()
        while True:
            received, size = sink.count()
            if marks and received >= marks[0]:
                rows.append(row(received, size, time.perf_counter()))
                print(f"newsletter: {rows[-1]}", flush=True)
                marks.pop(0)
            if received >= count:
                status = Campaign.objects.values_list("status", flat=True).get(pk=campaign.pk)
                if status == Campaign.Status.SENT:
                    break
            if worker.process.poll() is not None:
                raise RuntimeError(f"the worker died:\n{worker.log.read_text()[-4000:]}")
            if time.perf_counter() - started > timeout:
                raise RuntimeError(
                    f"after {timeout:.0f} s the sink has {received} of {count} messages"
                )
            time.sleep(0.1)
        rows.append(row(received, size, time.perf_counter()))
    sent = Delivery.objects.filter(campaign=campaign, status=Delivery.Status.SENT).count()
    if sent != count or received != count:
        raise RuntimeError(f"{sent} rows sent and {received} messages received, of {count}")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.newsletter", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few hundred recipients")
    parser.add_argument("--size", type=int, help="recipients of the campaign (default 100,000)")
    parser.add_argument(
        "--checkpoints", help="messages received at which to report too (default 25k,50k)"
    )
    parser.add_argument(
        "--baseline-count", type=int, help="messages the smtplib loop sends (default: --size)"
    )
    parser.add_argument(
        "--concurrency",
        default="2",
        help="comma-separated worker concurrencies, one campaign each; checkpoints on the first"
        " (default 2: one process per core, Celery's own default here)",
    )
    args = parser.parse_args(argv)
    size = args.size or (400 if args.quick else 100_000)
    checkpoints = [100, 200] if args.quick else [25_000, 50_000]
    if args.checkpoints:
        checkpoints = [int(mark) for mark in args.checkpoints.split(",")]
    concurrencies = [int(value) for value in args.concurrency.split(",")]
    # The loop's rate does not depend on how many it sends; 20,000 keep the run short.
    baseline_count = args.baseline_count or min(size, 20_000)
    load_before = os.getloadavg()

    prepare_database()
    os.environ["BENCH_REDIS_URL"] = mail_redis_url()
    common.setup_django_for(mail_database_url())
    import redis
    from django.conf import settings

    redis.Redis.from_url(mail_redis_url()).flushdb()
    topic = ensure_subscribers(size)
    rows = []
    with SmtpSink() as sink, tempfile.TemporaryDirectory(prefix="bench-newsletter-") as logs:
        campaign, _coordinator = campaign_create(topic, 1)
        from_email, contents = sample_messages(campaign)
        baseline_rate, baseline_s = baseline(
            sink, count=baseline_count, from_email=from_email, contents=contents
        )
        rows.append(
            {
                "case": "baseline: one smtplib connection, pre-built mail",
                "recipients": baseline_count,
                "concurrency": None,
                "start_s": None,
                "total_s": round(baseline_s, 1),
                "msg_per_s": round(baseline_rate, 1),
                "worker_msg_per_s": None,
                "avg_message_kib": round(sum(map(len, contents)) / len(contents) / 1024, 1),
                "peak_pss_mib": None,
            }
        )
        print(f"newsletter: baseline {baseline_rate:.0f} msg/s", flush=True)
        for concurrency in concurrencies:
            worker = Worker(concurrency=concurrency, smtp_port=sink.smtp_port, log_dir=logs)
            worker.start()
            try:
                marks = checkpoints if concurrency == concurrencies[0] else ()
                for row in send_campaign(sink, worker, topic=topic, count=size, checkpoints=marks):
                    rows.append({"case": "portal: Celery worker", **row})
                print(f"newsletter: {rows[-1]}", flush=True)
            finally:
                worker.stop()

    checkpointed = [row for row in rows if row["concurrency"] == concurrencies[0]]
    largest = checkpointed[-1]
    ratio = largest["msg_per_s"] / baseline_rate
    peaks = [row["peak_pss_mib"] for row in checkpointed]
    # Flat: the peak at the full list is within a fifth of the peak at the first checkpoint.
    flat = max(peaks) <= 1.2 * min(peaks)
    targets = [
        common.target(
            f"messages/s at {largest['recipients']} recipients, concurrency "
            f"{concurrencies[0]}, against the smtplib loop",
            f">= {RATIO_TARGET} of baseline",
            round(ratio, 2),
            ratio >= RATIO_TARGET,
            "Per message the worker also marks its delivery row sent in PostgreSQL (a further "
            "round trip that exactly-once sending needs) and claims rows in batches; the sink, "
            "PostgreSQL and the worker's processes share the machine's 2 cores.",
        ),
        common.target(
            "worker peak memory (PSS of main + pool), largest campaign",
            f"<= {MEMORY_TARGET_MIB} MiB, flat",
            max(peaks),
            max(peaks) <= MEMORY_TARGET_MIB and flat,
            "The worker's resident memory grows with the campaign.",
        ),
    ]
    common.write_results(
        PART,
        title=TITLE,
        description=(
            f"A campaign to {size:,} confirmed subscribers (5 languages) started with "
            f"campaign_send_now and sent by `celery worker --pool=prefork --concurrency=C` "
            f"(batch {settings.NEWSLETTER_BATCH_SIZE}) to an aiosmtpd sink on loopback; "
            "total_s runs from the service call (which writes the delivery rows) until the sink "
            "has the messages (rows 'k of N': so far, with the peak memory so far) and the "
            "campaign is sent. Memory is PSS, so pages the pool shares count once. "
            "The baseline sends the same mails, pre-built, over one smtplib connection "
            "to the same sink. Load average before and after is in the JSON parameters."
        ),
        parameters={
            "recipients": size,
            "checkpoints": checkpoints,
            "concurrency": concurrencies,
            "batch_size": settings.NEWSLETTER_BATCH_SIZE,
            "rss_sample_s": SAMPLE_SECONDS,
            "database": mail_database_url(),
            "redis": mail_redis_url(),
            "baseline_count": baseline_count,
            # Other work on the machine slows both the portal and the baseline down.
            "load_average_before": [round(value, 2) for value in load_before],
            "load_average_after": [round(value, 2) for value in os.getloadavg()],
        },
        rows=rows,
        targets=targets,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
