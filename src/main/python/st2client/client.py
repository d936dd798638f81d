"""``Client``: the API calls pack actions make with the execution's token, over urllib (standard library only).

Managers are named as in StackStorm's client (``client.keys``, ``client.liveactions``, ``client.managers["X"]``)
and offer ``get_all``, ``get_by_id``, ``get_by_name``, ``get_by_ref_or_id``, ``query``, ``create``, ``update``
and ``delete``; the action alias manager adds ``match``.
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

from st2client import models


class ApiError(Exception):
    """The API answered with an error status; ``status`` holds it."""

    def __init__(self, status, message):
        super().__init__("%s %s" % (status, message))
        self.status = status


class Manager(object):
    def __init__(self, client, model, path):
        self.client = client
        self.model = model
        self.path = path

    def _wrap(self, doc):
        return self.model(**doc) if isinstance(doc, dict) else doc

    def get_all(self, **params):
        return [self._wrap(d) for d in self.client.call("GET", self.path, _params(params)) or []]

    def query(self, **params):
        return self.get_all(**params)

    def get_by_id(self, id, **kwargs):
        return self._get_one(id, kwargs.get("params"))

    def get_by_ref_or_id(self, ref_or_id, **kwargs):
        return self._get_one(ref_or_id, kwargs.get("params"))

    def get_by_name(self, name, **kwargs):
        return self._get_one(name, kwargs.get("params"))

    def _get_one(self, key, params=None):
        try:
            return self._wrap(self.client.call("GET", self.path + "/" + urllib.parse.quote(str(key), safe=""),
                                               _params(params)))
        except ApiError as e:
            if e.status == 404:
                return None
            raise

    def create(self, instance, **kwargs):
        return self._wrap(self.client.call("POST", self.path, body=_body(instance)))

    def update(self, instance, **kwargs):
        key = getattr(instance, "id", None) or getattr(instance, "name", None)
        return self._wrap(self.client.call("PUT", self.path + "/" + urllib.parse.quote(str(key), safe=""),
                                           body=_body(instance)))

    def delete(self, instance, **kwargs):
        key = getattr(instance, "id", None) or getattr(instance, "name", None)
        self.client.call("DELETE", self.path + "/" + urllib.parse.quote(str(key), safe=""),
                         _params(kwargs.get("params")))
        return True

    def delete_by_id(self, instance_id, **kwargs):
        self.client.call("DELETE", self.path + "/" + urllib.parse.quote(str(instance_id), safe=""))
        return True


class ActionAliasManager(Manager):
    def match(self, instance, **kwargs):
        found = self.client.call("POST", "/actionalias/match", body=_body(instance))
        if isinstance(found, list):
            if len(found) != 1:
                raise KeyError("Command '%s' matched %s action aliases" % (getattr(instance, "command", ""),
                                                                           len(found)))
            found = found[0]
        return models.ActionAlias(**found.get("actionalias", {})), found.get("representation")


class KeyValuePairManager(Manager):
    """Keys are addressed by name (their id is not in the path)."""

    def update(self, instance, **kwargs):
        return self._wrap(self.client.call("PUT", self.path + "/" + urllib.parse.quote(instance.name, safe=""),
                                           body=_body(instance)))

    def delete(self, instance, **kwargs):
        self.client.call("DELETE", self.path + "/" + urllib.parse.quote(instance.name, safe=""),
                         _params(kwargs.get("params")))
        return True


class Client(object):
    """An API client; the URL and token default to the action's environment (``ST2_ACTION_API_URL``...)."""

    def __init__(self, base_url=None, auth_url=None, api_url=None, stream_url=None, api_version=None,
                 cacert=None, debug=False, token=None, api_key=None, basic_auth=None):
        self.api_url = (api_url or os.environ.get("ST2_ACTION_API_URL") or os.environ.get("ST2_API_URL")
                        or ((base_url or "http://127.0.0.1") + ":9101/api/v1")).rstrip("/")
        self.token = token or os.environ.get("ST2_ACTION_AUTH_TOKEN") or os.environ.get("ST2_AUTH_TOKEN")
        self.api_key = api_key
        self.managers = {}
        for name, model, path, manager in (
                ("Action", models.Action, "/actions", Manager),
                ("ActionAlias", models.ActionAlias, "/actionalias", ActionAliasManager),
                ("ActionAliasExecution", models.ActionAliasExecution, "/aliasexecution", Manager),
                ("Execution", models.Execution, "/executions", Manager),
                ("LiveAction", models.LiveAction, "/executions", Manager),
                ("KeyValuePair", models.KeyValuePair, "/keys", KeyValuePairManager),
                ("Pack", models.Pack, "/packs", Manager),
                ("Rule", models.Rule, "/rules", Manager),
                ("Trigger", models.Trigger, "/triggers", Manager),
                ("TriggerType", models.TriggerType, "/triggertypes", Manager),
                ("TriggerInstance", models.TriggerInstance, "/triggerinstances", Manager)):
            self.managers[name] = manager(self, model, path)
        self.actions = self.managers["Action"]
        self.executions = self.managers["Execution"]
        self.liveactions = self.managers["LiveAction"]
        self.keys = self.managers["KeyValuePair"]
        self.packs = self.managers["Pack"]
        self.rules = self.managers["Rule"]
        self.triggertypes = self.managers["TriggerType"]
        self.triggerinstances = self.managers["TriggerInstance"]

    def get_user_info(self):
        return self.call("GET", "/user")

    def call(self, method, path, params=None, body=None):
        """One request to the API: decoded JSON answer, or ApiError with the faultstring."""
        url = self.api_url + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        if self.token:
            request.add_header("X-Auth-Token", self.token)
        elif self.api_key:
            request.add_header("St2-Api-Key", self.api_key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")
            try:
                detail = json.loads(detail).get("faultstring", detail)
            except (ValueError, AttributeError):
                pass
            raise ApiError(e.code, detail)
        return json.loads(text) if text else None


def _params(params):
    return {k: v for k, v in (params or {}).items() if v is not None}


def _body(instance):
    if hasattr(instance, "to_dict"):
        return instance.to_dict()
    return dict(instance)
