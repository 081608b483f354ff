"""A bare Django project: the speed of Django itself on this machine, the pages' 1.00 baseline."""
