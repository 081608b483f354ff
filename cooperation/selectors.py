"""Reads of the cooperation app for pages, e-mails and exports."""
