"""Drop what 0004 moved: `EligibleVoter.voted_at` (now `VoteCast`) and `SecretChoice` (now
`SecretBallot`)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('resolutions', '0004_votes_cast_apart_from_ballots'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='eligiblevoter',
            name='voted_at',
        ),
        migrations.DeleteModel(
            name='SecretChoice',
        ),
    ]
