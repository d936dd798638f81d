"""Shell quoting as pack code imports it."""

import shlex


def quote_unix(value):
    """``value`` as one POSIX shell word."""
    return shlex.quote(str(value))
