"""Requirement text (任职条件) → typed rules → verdicts. Pure functions, no database."""

from hrflow.rules.evaluate import Applicant, Verdict, evaluate, overall_status
from hrflow.rules.parser import parse_requirements
from hrflow.rules.rule import Rule, RuleKind

__all__ = ["Applicant", "Rule", "RuleKind", "Verdict", "evaluate", "overall_status", "parse_requirements"]
