"""How an allegation's actions are kept and read (domain.md B3.5): each action as its code
(``ActionTaken``), so that the measures count codes and nothing else, and whatever else
was done in words, apart, as the allegation's note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from complaints.cases.choices import AllegationAction
from complaints.cases.models import ActionTaken, Allegation


@dataclass(frozen=True)
class RecordedActions:
    actions: tuple[AllegationAction, ...] = ()
    note: str | None = None

    @property
    def labels(self) -> list[str]:
        return [action.label for action in self.actions]

    @property
    def words(self) -> str | None:
        """The actions as a letter tells them: the labels on a line, then the note."""
        lines = ["; ".join(self.labels)] if self.actions else []
        if self.note:
            lines.append(self.note)
        return "\n".join(lines) or None


def in_order(actions: Iterable[AllegationAction]) -> tuple[AllegationAction, ...]:
    """The actions once each, in the order the list offers them."""
    chosen = set(actions)
    return tuple(action for action in AllegationAction if action in chosen)


def recorded(allegation: Allegation) -> RecordedActions:
    return RecordedActions(
        in_order(taken.code for taken in allegation.actions_taken), allegation.action_note
    )


def replace(
    session: Session,
    allegation: Allegation,
    actions: Iterable[AllegationAction],
    note: str | None,
) -> None:
    """Keep exactly these actions and this note: codes no longer chosen go, new ones are
    added, and those kept stay as they were (so the audit trail shows only what changed)."""
    chosen = in_order(actions)
    kept = [taken for taken in allegation.actions_taken if taken.code in chosen]
    for gone in set(allegation.actions_taken) - set(kept):
        session.delete(gone)  # deleted now, not as an orphan at flush: the trail sees it
    held = {taken.code for taken in kept}
    allegation.actions_taken = kept + [
        ActionTaken(code=code, force_id=allegation.case.force_id)
        for code in chosen
        if code not in held
    ]
    allegation.action_note = (note or "").strip() or None
