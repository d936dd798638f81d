from st2client.models import KeyValuePair  # noqa: F401
