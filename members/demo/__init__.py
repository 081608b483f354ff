"""A realistic demo cluster for trying the portal out: `python manage.py seed_demo`."""
