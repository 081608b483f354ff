"""Keep who voted apart from what was chosen, for every vote (issue 12, finding 9).

Adds `VoteCast` (who voted: when, and by whom) and `SecretBallot` (a secret vote's anonymous box),
then moves the existing data into them:

- every eligible voter with `voted_at` gets a `VoteCast`; `cast_by` comes from their ballot where
  one is left, and stays empty for closed secret votes, whose ballots were already made anonymous;
- a closed secret vote's `SecretChoice` rows become `SecretBallot` rows;
- an OPEN secret vote's `Ballot` rows, which still name the voter, become `SecretBallot` rows in a
  random order, and the `Ballot` rows are deleted.

Migration 0005 then drops `EligibleVoter.voted_at` and `SecretChoice`; they are separate so that
PostgreSQL does not alter tables that still have pending constraint checks from these inserts.

Going back is refused while a secret vote is open: the old layout kept an open secret vote's
choices linked to the voters, and that link no longer exists anywhere.
"""

import random
import uuid

import django.db.models.deletion
from django.db import migrations, models
from django.db.migrations.exceptions import IrreversibleError


def split_voters_from_choices(apps, schema_editor):
    Ballot = apps.get_model("resolutions", "Ballot")
    EligibleVoter = apps.get_model("resolutions", "EligibleVoter")
    SecretBallot = apps.get_model("resolutions", "SecretBallot")
    SecretChoice = apps.get_model("resolutions", "SecretChoice")
    VoteCast = apps.get_model("resolutions", "VoteCast")

    ballots = {
        voter_id: (cast_by_id, updated_at)
        for voter_id, cast_by_id, updated_at in Ballot.objects.values_list(
            "voter_id", "cast_by_id", "updated_at"
        )
    }
    casts = []
    for voter_id, voted_at in EligibleVoter.objects.filter(
        voted_at__isnull=False
    ).values_list("pk", "voted_at"):
        cast_by_id, _updated_at = ballots.pop(voter_id, (None, None))
        casts.append(VoteCast(voter_id=voter_id, cast_by_id=cast_by_id, cast_at=voted_at))
    # A ballot whose voter was never marked as having voted: it was cast when its row changed.
    for voter_id, (cast_by_id, updated_at) in ballots.items():
        casts.append(VoteCast(voter_id=voter_id, cast_by_id=cast_by_id, cast_at=updated_at))
    VoteCast.objects.bulk_create(casts, batch_size=1000)

    shuffle = random.SystemRandom().shuffle
    secret_ballots = Ballot.objects.filter(voter__resolution__is_secret=True)
    boxes = {}
    for resolution_id, choice in SecretChoice.objects.values_list("resolution_id", "choice"):
        boxes.setdefault(resolution_id, []).append(choice)
    for resolution_id, choice in secret_ballots.values_list("voter__resolution_id", "choice"):
        boxes.setdefault(resolution_id, []).append(choice)
    for resolution_id, choices in boxes.items():
        shuffle(choices)
        SecretBallot.objects.bulk_create(
            (SecretBallot(resolution_id=resolution_id, choice=choice) for choice in choices),
            batch_size=1000,
        )
    secret_ballots.delete()
    SecretChoice.objects.all().delete()


def join_back(apps, schema_editor):
    EligibleVoter = apps.get_model("resolutions", "EligibleVoter")
    SecretBallot = apps.get_model("resolutions", "SecretBallot")
    SecretChoice = apps.get_model("resolutions", "SecretChoice")
    VoteCast = apps.get_model("resolutions", "VoteCast")

    if SecretBallot.objects.filter(resolution__status="open").exists():
        raise IrreversibleError(
            "A secret vote is open: its ballots no longer name their voters, which the earlier "
            "layout needs until the vote closes. Close it first."
        )
    for voter_id, cast_at in VoteCast.objects.values_list("voter_id", "cast_at"):
        EligibleVoter.objects.filter(pk=voter_id).update(voted_at=cast_at)
    SecretChoice.objects.bulk_create(
        (
            SecretChoice(resolution_id=resolution_id, choice=choice)
            for resolution_id, choice in SecretBallot.objects.values_list(
                "resolution_id", "choice"
            )
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_organisation_name_order_index'),
        ('resolutions', '0003_clearer_labels'),
    ]

    operations = [
        migrations.AlterField(
            model_name='resolution',
            name='is_secret',
            field=models.BooleanField(default=False, help_text='Only who took part is kept, never who chose what; a ballot, once cast, is final.', verbose_name='secret vote'),
        ),
        migrations.CreateModel(
            name='SecretBallot',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('choice', models.CharField(choices=[('for', 'for'), ('against', 'against'), ('abstain', 'abstain')], max_length=8)),
                ('resolution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='secret_ballots', to='resolutions.resolution')),
            ],
            options={
                'verbose_name': 'secret ballot',
                'verbose_name_plural': 'secret ballots',
                'constraints': [models.CheckConstraint(condition=models.Q(('choice__in', ['for', 'against', 'abstain'])), name='secret_ballot_choice_is_valid')],
            },
        ),
        migrations.CreateModel(
            name='VoteCast',
            fields=[
                ('voter', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='vote_cast', serialize=False, to='resolutions.eligiblevoter', verbose_name='voter')),
                ('cast_at', models.DateTimeField(verbose_name='voted at')),
                ('cast_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.person', verbose_name='cast by')),
            ],
            options={
                'verbose_name': 'vote cast',
                'verbose_name_plural': 'votes cast',
            },
        ),
        migrations.RunPython(split_voters_from_choices, join_back),
    ]
