import uuid

from st2common.runners.base_action import Action

MAKERS = {"uuid1": uuid.uuid1, "uuid4": uuid.uuid4}


class GenerateUuid(Action):
    def run(self, uuid_type="uuid4"):
        maker = MAKERS.get(uuid_type)
        if maker is None:
            raise ValueError("Unknown uuid_type. Only uuid1 and uuid4 are supported")
        return str(maker())
