"""The actions on one kind of record, registered once and served to the pages and the API alike.

Each action names its service function, the form a page submits and the serializer the API reads;
both produce exactly the service's keyword arguments. An action that takes a workflow transition is
available when the workflow says so and is labelled as the transition is; any other action has a
guard of its own. Templates and serializers read labels and availability from here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .workflow import Workflow


@dataclass(frozen=True)
class Action:
    name: str
    service: Callable
    form: type | None = None  # the page's input; None: not on the page
    serializer: type | None = None  # the API's input; None: not in the API
    transition: str | None = None  # the workflow move it makes: availability and label from there
    guard: Callable[..., bool] | None = None  # for an action that is no move: may the user do it now?
    label: str = ""  # defaults to the transition's label
    button: str = ""  # defaults to the label
    done: str = ""  # what the page says after success
    secondary: bool = False  # shown as a secondary button


class ActionRegistry:
    """The actions on records of one workflow; `record` is the keyword the services take the record as."""

    def __init__(self, workflow: Workflow, record: str, actions: Iterable[Action]):
        self.workflow = workflow
        self.record = record
        self.actions = {}
        for action in actions:
            label = action.label or (workflow.transitions[action.transition].label if action.transition else "")
            self.actions[action.name] = replace(action, label=label, button=action.button or label)

    def __getitem__(self, name: str) -> Action:
        return self.actions[name]

    def get(self, name: str) -> Action | None:
        return self.actions.get(name)

    def available(self, user, obj) -> list[Action]:
        """The actions `user` may take on `obj` now, in the registry's order."""
        moves = {transition.name for transition in self.workflow.available(user, obj)}
        return [
            action
            for action in self.actions.values()
            if (action.transition in moves if action.transition else action.guard(user, obj))
        ]

    def run(self, name: str, user, obj, data: dict):
        """Call the action's service with the validated input of its form or serializer."""
        return self.actions[name].service(actor=user, **{self.record: obj}, **data)
