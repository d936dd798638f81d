"""Running one Python action in the current process: find its class, build it, call ``run``, report the result.

Exit codes follow StackStorm's python runner: 0 after ``run`` returned, 1 when it raised (traceback on stderr), the
code given to ``sys.exit``, and 220 when ``run`` returned a 2-tuple whose first item is not a bool.
"""

import datetime
import importlib.util
import inspect
import json
import os
import re
import sys
import traceback

from squall_runner.datastore import ActionService

INVALID_STATUS_EXIT_CODE = 220


class Runtime(object):
    """What the shim knows of the execution it runs: pack, user, log level."""

    def __init__(self, pack, user, log_level):
        self.pack = pack
        self.user = user
        self.log_level = log_level


def add_path(directory):
    """Puts a directory on ``sys.path`` once (at the end, as StackStorm's plugin loader does)."""
    if directory and os.path.isdir(directory):
        for entry in sys.path:
            if directory in (entry, entry + os.sep):
                return
        sys.path.append(directory)


def load_module(file_path):
    """Imports the action file as a fresh module named after it; its directory goes on the path first."""
    add_path(os.path.dirname(os.path.realpath(file_path)))
    name = os.path.basename(file_path)
    if not name.endswith(".py"):
        raise ValueError('Action file "%s" is not a Python module (.py).' % file_path)
    spec = importlib.util.spec_from_file_location(name[:-3], file_path)
    if spec is None:
        raise ImportError('Cannot load "%s".' % file_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _concrete_run(cls):
    run = None
    for klass in cls.__mro__:
        if "run" in klass.__dict__:
            run = klass.__dict__["run"]
            break
    return inspect.isfunction(run) and not getattr(run, "__isabstractmethod__", False)


def action_class(module, file_path):
    """The first class by name defined in the module with a concrete ``run`` method."""
    members = inspect.getmembers(module, lambda m: inspect.isclass(m) and m.__module__ == module.__name__)
    for _, cls in members:
        if _concrete_run(cls):
            return cls
    raise Exception('Found no classes in plugin file "%s" matching requirements.' % file_path)


def instantiate(cls, config, service):
    try:
        return cls(config=config, action_service=service)
    except TypeError:
        instance = cls(config=config)
        instance.action_service = service
        return instance


def _json_default(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError("%r is not JSON serializable" % (value,))


def result_text(output):
    """The result document ``{"result": ..., "status": ...}`` as text, shaped as StackStorm's runner reads it."""
    if isinstance(output, tuple) and len(output) == 2:
        status, result = output
    else:
        status, result = None, output
    if status is not None and not isinstance(status, bool):
        sys.stderr.write("Status returned from the action run() method must either be True or False, got: %s\n"
                         % (status,))
        sys.stderr.flush()
        raise SystemExit(INVALID_STATUS_EXIT_CODE)
    document = {"result": result, "status": status}
    if status is not None:
        try:
            json.dumps(result, default=_json_default)
        except (TypeError, ValueError):
            document["result"] = str(result)
    try:
        return json.dumps(document, default=_json_default)
    except (TypeError, ValueError):
        # not serialisable and no status: StackStorm keeps the text after "'result': " of the dict's str()
        text = str(document)
        match = re.search("'result': (.*?)$", text)
        return json.dumps({"result": match.group(1) if match else text, "status": None})


def execute(request, module, write_result):
    """Runs the action described by ``request``; returns the exit code. ``module`` may be preloaded (or None)."""
    file_path = request["file"]
    runtime = Runtime(request.get("pack", "unknown"), request.get("user"), request.get("log_level") or "DEBUG")
    try:
        if module is None:
            module = load_module(file_path)
        cls = getattr(module, "__squall_action_class__", None) or action_class(module, file_path)
        service = ActionService(runtime, cls.__name__)
        instance = instantiate(cls, request.get("config") or {}, service)
        service._logger = getattr(instance, "logger", None)
        output = instance.run(**(request.get("parameters") or {}))
        text = result_text(output)
    except SystemExit as e:
        code = e.code
        if code is None:
            return 0
        if not isinstance(code, int):
            sys.stderr.write("%s\n" % (code,))
            return 1
        return code
    except BaseException:
        traceback.print_exc()
        return 1
    write_result(text)
    return 0
