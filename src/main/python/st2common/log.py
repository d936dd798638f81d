"""``from st2common import log as logging``: the standard library's loggers under StackStorm's module name."""

import logging

getLogger = logging.getLogger  # noqa: N816 (the name pack code calls)
AUDIT = 5
logging.addLevelName(AUDIT, "AUDIT")
