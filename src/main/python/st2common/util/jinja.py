"""Jinja helpers as pack code imports them (jinja2 comes from the system or the pack's virtualenv)."""


def get_jinja_environment(allow_undefined=False, trim_blocks=True, lstrip_blocks=True):
    import jinja2

    undefined = jinja2.Undefined if allow_undefined else jinja2.StrictUndefined
    return jinja2.Environment(undefined=undefined, trim_blocks=trim_blocks, lstrip_blocks=lstrip_blocks)


def render_values(mapping=None, context=None, allow_undefined=False):
    """Each string value of ``mapping`` rendered as a template with ``context``; other values as they are."""
    env = get_jinja_environment(allow_undefined=allow_undefined)
    rendered = {}
    for key, value in (mapping or {}).items():
        rendered[key] = env.from_string(value).render(context or {}) if isinstance(value, str) else value
    return rendered
