"""The weekly review loop: decisions memory, `apply`, the PR body and the scheduled run.

Modules (each with its own contract):
- `decisions`: `data/decisions.yaml`, the memory of what reviewers accepted and rejected, keyed by the
  paper's canonical id; recorded from a merged week (`record_week`).
- `memory`: what a run already knows (the list, this week's candidates, past decisions) as a
  `SeenIndex`, with the one exception: a rejected paper that has since gained a venue is looked at again.
- `apply`: makes the list agree with a week's candidates file (insert accepted and pending, remove
  rejected), refusing a list that lint finds broken where it would edit.
- `prbody`: the pull request body rendered from a week's candidates file.
- `weekly`: the scheduled job, `run_week`, in the order that makes re-runs no-ops.
"""
