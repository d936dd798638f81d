"""Squall's own stand-in for the parts of StackStorm's Python client that pack code uses."""
