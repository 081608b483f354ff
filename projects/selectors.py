"""Reads of the projects app for pages, e-mails and exports."""
