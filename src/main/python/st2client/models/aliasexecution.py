from st2client.models import ActionAliasExecution  # noqa: F401
