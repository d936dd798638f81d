import random as chance
import time

from st2common.runners.base_action import Action


class Pause(Action):
    def run(self, max_pause, random=False):
        seconds = chance.randint(1, int(max_pause)) if random else max_pause
        time.sleep(seconds)
        return seconds
