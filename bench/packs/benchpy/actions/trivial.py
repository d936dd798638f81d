from st2common.runners.base_action import Action


class Trivial(Action):
    def run(self, n=1):
        return {"doubled": 2 * n}
