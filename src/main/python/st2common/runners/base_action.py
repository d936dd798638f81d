"""The base class pack actions import as ``st2common.runners.base_action.Action`` (Squall's own version).

An action class takes ``config`` (the pack config) and ``action_service`` (datastore access through the API) and
implements ``run(**parameters)``. Squall picks the class from the action's file the way StackStorm does: the first
class by name, defined in that file, with a concrete ``run`` method; it need not inherit from this one.
"""

import abc
import logging
import sys

__all__ = ["Action"]

_LOGGERS = {}


class PackConfigDict(dict):
    """The pack config: a dict whose missing keys say which pack's config lacks them."""

    def __init__(self, pack, values):
        super().__init__(values or {})
        self._pack = pack

    def __missing__(self, key):
        raise KeyError(
            'Key "%s" is not present in the config of pack "%s" (configs/%s.yaml): set it there or give it a '
            "default in the pack's config.schema.yaml." % (key, self._pack, self._pack)
        )


def action_logger(action_name, log_level="debug"):
    """A logger for one action class, writing records of ``log_level`` and above to stderr."""
    name = "actions.python.%s" % action_name
    logger = _LOGGERS.get(name)
    if logger is None:
        level = getattr(logging, str(log_level).upper(), logging.DEBUG)
        if not isinstance(level, int):
            level = logging.DEBUG
        logger = logging.getLogger(name)
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter("%(name)-12s: %(levelname)-8s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
        _LOGGERS[name] = logger
    return logger


class Action(metaclass=abc.ABCMeta):
    """What a Python action extends: ``self.config``, ``self.action_service`` and ``self.logger`` are set here."""

    description = None

    def __init__(self, config=None, action_service=None):
        self.action_service = action_service
        runtime = getattr(action_service, "_runtime", None)
        pack = getattr(runtime, "pack", "unknown")
        log_level = getattr(runtime, "log_level", "debug")
        self.config = PackConfigDict(pack, config or {})
        self.logger = action_logger(self.__class__.__name__, log_level)

    @abc.abstractmethod
    def run(self, **kwargs):
        """Does the action's work; returns its result, or ``(succeeded, result)``."""
