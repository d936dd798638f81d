"""``action_service``: the datastore calls a Python action makes, sent to Squall's API with the execution's token.

Keys are local by default: ``local=True`` names the key ``<pack>.<ActionClass>:<name>``. Only the ``system`` scope is
offered to actions, as in StackStorm.
"""

import urllib.parse

from st2client.client import ApiError, Client
from st2client.models import KeyValuePair

SYSTEM_SCOPE = "system"
_SCOPES = ("system", "st2kv.system")


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
        return [KeyValuePair(**item) for item in items]

    def get_user_info(self):
        return self.get_api_client().call("GET", "/user")

    def get_api_client(self):
        if self._client is None:
            self._client = Client()
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
