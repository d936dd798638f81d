"""``action_service``: the datastore calls a Python action makes, sent to Squall's API with the execution's token.

Keys are local by default: ``local=True`` names the key ``<pack>.<ActionClass>:<name>``. Only the ``system`` scope is
offered to actions, as in StackStorm.
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

SYSTEM_SCOPE = "system"
_SCOPES = ("system", "st2kv.system")


class KeyValuePair(object):
    """A datastore item as ``list_values`` returns it: its fields as attributes."""

    def __init__(self, fields):
        self.__dict__.update(fields)

    def __repr__(self):
        return "<KeyValuePair name=%s,value=%s>" % (self.__dict__.get("name"), self.__dict__.get("value"))


class ApiError(Exception):
    """The API answered with an error status."""

    def __init__(self, status, message):
        super().__init__("%s %s" % (status, message))
        self.status = status


class ApiClient(object):
    """The few API calls the datastore service needs, over urllib (the standard library only)."""

    def __init__(self, base_url, token):
        self.base_url = base_url.rstrip("/")
        self.token = token

    def call(self, method, path, params=None, body=None):
        url = self.base_url + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        if self.token:
            request.add_header("X-Auth-Token", self.token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")
            try:
                detail = json.loads(detail).get("faultstring", detail)
            except (ValueError, AttributeError):
                pass
            raise ApiError(e.code, detail)
        return json.loads(text) if text else None


class ActionService(object):
    """What ``self.action_service`` offers an action."""

    def __init__(self, runtime, class_name, logger=None):
        self._runtime = runtime
        self._class_name = class_name
        self._logger = logger
        self._client = None

    # -- the datastore -------------------------------------------------------------------------------------------
    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        self._check_scope(scope)
        key = self._full_name(name, local)
        try:
            item = self.get_api_client().call(
                "GET", "/keys/" + urllib.parse.quote(key, safe=""),
                {"scope": "st2kv.system", "decrypt": str(bool(decrypt)).lower()})
        except ApiError as e:
            if e.status != 404:
                self._log_error("reading key %s: %s", key, e)
            return None
        except Exception as e:  # the API is unreachable: as a missing key, like StackStorm
            self._log_error("reading key %s: %s", key, e)
            return None
        return item.get("value") if item else None

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        self._check_scope(scope)
        key = self._full_name(name, local)
        body = {"name": key, "value": str(value), "scope": "st2kv.system"}
        if encrypt:
            body["secret"] = True
        if ttl:
            body["ttl"] = ttl
        self.get_api_client().call("PUT", "/keys/" + urllib.parse.quote(key, safe=""), body=body)
        return True

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        self._check_scope(scope)
        key = self._full_name(name, local)
        try:
            self.get_api_client().call("DELETE", "/keys/" + urllib.parse.quote(key, safe=""),
                                       {"scope": "st2kv.system"})
        except Exception as e:
            self._log_error("deleting key %s: %s", key, e)
            return False
        return True

    def list_values(self, local=True, prefix=None, limit=None, offset=0):
        if local:
            key_prefix = self._local_prefix() + (prefix or "")
        else:
            key_prefix = prefix
        params = {"scope": "st2kv.system", "offset": offset}
        if key_prefix:
            params["prefix"] = key_prefix
        if limit:
            params["limit"] = limit
        items = self.get_api_client().call("GET", "/keys", params) or []
        return [KeyValuePair(item) for item in items]

    def get_user_info(self):
        return self.get_api_client().call("GET", "/user")

    def get_api_client(self):
        if self._client is None:
            self._client = ApiClient(os.environ.get("ST2_ACTION_API_URL") or os.environ.get("ST2_API_URL", ""),
                                     os.environ.get("ST2_ACTION_AUTH_TOKEN") or os.environ.get("ST2_AUTH_TOKEN"))
        return self._client

    @property
    def datastore_service(self):
        return self

    # -- helpers ---------------------------------------------------------------------------------------------------
    def _local_prefix(self):
        return "%s.%s:" % (self._runtime.pack, self._class_name)

    def _full_name(self, name, local):
        return self._local_prefix() + name if local else name

    @staticmethod
    def _check_scope(scope):
        if scope not in _SCOPES:
            raise ValueError("Scope %s is unsupported." % scope)

    def _log_error(self, message, *args):
        if self._logger is not None:
            self._logger.error(message, *args)
