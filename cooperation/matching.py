"""Who hears of a new post that fits their organisation: at once, or in the weekly digest."""

from .models import Post


def post_published(*, post: Post) -> None:
    """Called by the board's services in the transaction that publishes `post`.

    The matching helper replaces this body: it queues, on commit, the task that tells the people
    who chose "at once" of this post.
    """
