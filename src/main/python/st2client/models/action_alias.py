from st2client.models import ActionAlias, ActionAliasMatch  # noqa: F401
