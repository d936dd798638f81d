"""Resources as attribute bags, as StackStorm's client models present them to pack code."""


class Resource(object):
    def __init__(self, *args, **kwargs):
        for values in args:
            if isinstance(values, dict):
                self.__dict__.update(values)
        self.__dict__.update(kwargs)

    def to_dict(self, exclude_attributes=None):
        return {k: v for k, v in self.__dict__.items() if k not in (exclude_attributes or [])}

    def __getitem__(self, name):
        return self.__dict__[name]

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.__dict__)


class Action(Resource):
    pass


class ActionAlias(Resource):
    pass


class ActionAliasMatch(Resource):
    command = None


class ActionAliasExecution(Resource):
    pass


class Execution(Resource):
    pass


LiveAction = Execution


class KeyValuePair(Resource):
    pass


class Pack(Resource):
    pass


class Rule(Resource):
    pass


class Trigger(Resource):
    pass


class TriggerType(Resource):
    pass


class TriggerInstance(Resource):
    pass
