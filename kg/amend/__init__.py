"""Mentions of organisations in statute texts and draft amendments (issue: the drafter's amendment table)."""
