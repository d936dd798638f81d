"""Squall's Python side: the fork server that runs python-script actions and its helpers."""
