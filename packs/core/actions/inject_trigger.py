from st2common.runners.base_action import Action


class InjectTrigger(Action):
    """Posts the trigger to /webhooks/st2 with the execution's token; the rules engine takes it from there."""

    def run(self, trigger=None, trigger_name=None, payload=None, trace_tag=None):
        if trigger and trigger_name:
            raise ValueError("Parameters `trigger` and `trigger_name` are mutually exclusive.")
        ref = trigger or trigger_name
        if not ref:
            raise ValueError("You must include the `trigger_name` parameter.")
        body = {"trigger": ref, "payload": payload or {}}
        if trace_tag:
            body["trace_tag"] = trace_tag
        self.logger.debug("dispatching %s", ref)
        return self.action_service.get_api_client().call("POST", "/webhooks/st2", body=body)
