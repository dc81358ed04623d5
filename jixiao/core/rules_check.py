"""Checks a --rules YAML file against the bundled catalogue, naming the file and line of each problem.

The bundled catalogue is the reference: a key it does not have is a typo, a rule id it does not
have has no check behind it, a rule's params are those its bundled entry has (numbers stay
numbers), and a message may use only the placeholders its bundled message uses plus {expected} and
{observed} (the engine fills nothing else).  Problems are found in the user's file (for the line)
and, for what only the merge shows (params dropped with `params: null`), in the merged catalogue.
"""
from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import yaml

from jixiao.core.config import ConfigError
from jixiao.core.forms import HOLDS, KINDS, REASONS, TOTALS

RULE_KEYS = {"id", "severity", "params", "message", "source", "enabled"}
SEVERITIES = {"error", "warning", "info"}
Where = tuple[Any, ...]  # keys and list indexes from the top of the file


def line(node: yaml.Node | None, where: Where) -> int:
    """1-based line of the deepest node on the path `where` that exists in the file."""
    at = node
    for key in where:
        nxt = None
        if isinstance(at, yaml.MappingNode):
            nxt = next((v for k, v in at.value if getattr(k, "value", None) == key), None)
        elif isinstance(at, yaml.SequenceNode) and isinstance(key, int) and key < len(at.value):
            nxt = at.value[key]
        if nxt is None:
            break
        at = nxt
    return at.start_mark.line + 1 if at is not None else 1


def check(name: str, path: Path, node: yaml.Node | None, data: Any, base: dict, merged: Any) -> None:
    problems = _shape(data, base) if isinstance(data, dict) else [((), "the file must be a YAML mapping")]
    if not problems and name == "rules":
        problems = _rules(data, base, merged)
    if not problems and name == "forms":
        problems = _forms(data, base)
    if not problems and name == "headers":
        problems = _roles(data, base)
    if problems:
        where, what = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(f"{path}:{line(node, where)}: {what}{more}")


def _kind(value: Any) -> str:
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else "a value"


def _shape(data: dict, base: dict) -> list[tuple[Where, str]]:
    """Top-level keys the bundled catalogue has, each of the same kind (mapping, list or value)."""
    problems = []
    for key, value in data.items():
        if key not in base:
            problems.append(((key,), f"unknown key {key!r} (known: {', '.join(map(str, base))})"))
        elif _kind(value) != _kind(base[key]):
            problems.append(((key,), f"{key!r} must be {_kind(base[key])}, not {_kind(value)}"))
    return problems


def _placeholders(message: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(message) if f is not None}


def _rules(data: dict, base: dict, merged: dict) -> list[tuple[Where, str]]:
    problems: list[tuple[Where, str]] = []
    known = {r["id"]: r for r in base["rules"]}
    for key, value in data.get("tolerances", {}).items():
        if key not in base["tolerances"]:
            problems.append((("tolerances", key), f"unknown tolerance {key!r}"))
        elif not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append((("tolerances", key), f"tolerance {key!r} must be a number"))
    scheme_keys = set().union(*(s for s in base["schemes"].values()))
    for sname, scheme in merged["schemes"].items():
        missing = scheme_keys - set(scheme or {})
        if missing:
            problems.append((("schemes", sname), f"scheme {sname!r} lacks {', '.join(sorted(missing))}"))
    if merged["scheme"] not in merged["schemes"]:
        problems.append((("scheme",), f"scheme {merged['scheme']!r} is not in schemes"))
    for n, rule in enumerate(data.get("rules", [])):
        problems += _rule(("rules", n), rule, known)
    ids = {r.get("id"): n for n, r in enumerate(data.get("rules", [])) if isinstance(r, dict)}
    for rule in merged["rules"]:
        if not isinstance(rule, dict) or rule.get("id") not in known:
            continue  # reported above
        need = set((known.get(rule["id"]) or {}).get("params") or {})
        lacking = need - set(rule.get("params") or {})
        if lacking and rule["id"] in ids:
            problems.append((("rules", ids[rule["id"]]), f"rule {rule['id']} lacks params: {', '.join(sorted(lacking))}"))
    return problems


def _rule(where: Where, rule: Any, known: dict[str, dict]) -> list[tuple[Where, str]]:
    if not isinstance(rule, dict) or "id" not in rule:
        return [(where, "each rule needs an `id`")]
    rid, ref = rule["id"], known.get(rule["id"])
    if ref is None:
        return [((*where, "id"), f"unknown rule id {rid!r} (no check has that id)")]
    problems = [((*where, k), f"rule {rid}: unknown key {k!r}") for k in rule if k not in RULE_KEYS]
    if "severity" in rule and rule["severity"] not in SEVERITIES:
        problems.append(((*where, "severity"), f"rule {rid}: severity must be one of error, warning, info"))
    params, ref_params = rule.get("params") or {}, ref.get("params") or {}
    if not isinstance(params, dict):
        return problems + [((*where, "params"), f"rule {rid}: params must be a mapping")]
    for key, value in params.items():
        if key not in ref_params:
            problems.append(((*where, "params", key), f"rule {rid}: unknown param {key!r}"))
        elif isinstance(ref_params[key], (int, float)) and (not isinstance(value, (int, float)) or isinstance(value, bool)):
            problems.append(((*where, "params", key), f"rule {rid}: param {key!r} must be a number"))
    if "message" in rule:
        problems += _message((*where, "message"), rid, rule["message"], ref["message"])
    return problems


def _message(where: Where, rid: str, message: Any, ref: str) -> list[tuple[Where, str]]:
    if not isinstance(message, str):
        return [(where, f"rule {rid}: message must be text")]
    try:
        used = _placeholders(message)
    except ValueError as e:
        return [(where, f"rule {rid}: bad message template: {e}")]
    allowed = _placeholders(ref) | {"expected", "observed"}
    bad = sorted(used - allowed)
    if bad:
        return [(where, f"rule {rid}: message uses unknown placeholder(s) {', '.join('{' + b + '}' for b in bad)} "
                        f"(this rule fills {', '.join('{' + a + '}' for a in sorted(allowed))})")]
    return []


# headers.yaml sections that map roles to their words: a role the bundled file has not would be read and then
# dropped (the schema has no column or line for it), so a new role is refused; new words are welcome.
ROLE_SECTIONS = ("labels", "goal_columns", "funds_columns", "fund_lines", "indicator_columns")


def _roles(data: dict, base: dict) -> list[tuple[Where, str]]:
    problems: list[tuple[Where, str]] = []
    for section in ROLE_SECTIONS:
        for role, words in (data.get(section) or {}).items():
            if role not in base[section]:
                known = ", ".join(base[section])
                problems.append(((section, role), f"{section} has no role {role!r} (known: {known}); "
                                                  "a new word for a role goes in that role's list"))
            elif not (isinstance(words, list) and all(isinstance(w, str) for w in words)):
                problems.append(((section, role), f"{section}.{role} must be a list of words"))
    return problems


FORM_CHOICES = {"kind": KINDS, "reason": REASONS, "total": TOTALS}


def _forms(data: dict, base: dict) -> list[tuple[Where, str]]:
    """Each form (and `defaults`) with the keys of the bundled defaults, each of its kind; a choice
    key one of its values.  A new form id is a new form."""
    problems: list[tuple[Where, str]] = []
    entries = [(("defaults",), data.get("defaults") or {})]
    entries += [(("forms", fid), form) for fid, form in (data.get("forms") or {}).items()]
    for where, form in entries:
        if not isinstance(form, dict):
            problems.append((where, f"form {where[-1]!r} must be a mapping"))
            continue
        for k, value in form.items():
            ref = base["defaults"].get(k, ...)
            if ref is ...:
                problems.append(((*where, k), f"form {where[-1]!r}: unknown key {k!r} "
                                              f"(known: {', '.join(base['defaults'])})"))
            elif k in FORM_CHOICES and value not in FORM_CHOICES[k]:
                problems.append(((*where, k), f"form {where[-1]!r}: {k} must be one of {', '.join(FORM_CHOICES[k])}"))
            elif isinstance(ref, list) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                problems.append(((*where, k), f"form {where[-1]!r}: {k} must be a list of words"))
            elif isinstance(ref, bool) and not isinstance(value, bool):
                problems.append(((*where, k), f"form {where[-1]!r}: {k} must be true or false"))
            elif k == "skip":
                problems += _costs((*where, k), f"form {where[-1]!r}", value, base["columns"]["indicators"])
    return problems + _columns(data.get("columns"), base["columns"])


COLUMN_KEYS = {"holds": str, "name": str, "skip": float, "repeat": float, "many": bool}
_KIND_NAMES = {float: "a number", bool: "true or false", str: "text"}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _costs(where: Where, whose: str, value: Any, columns: dict) -> list[tuple[Where, str]]:
    """A form's `skip`: declared indicator columns, each with a number."""
    if not isinstance(value, dict):
        return [(where, f"{whose}: skip must be a mapping of indicator columns to costs")]
    return [((*where, r), f"{whose}: skip of {r!r}: " + ("not a declared indicator column" if r not in columns
                                                          else "must be a number"))
            for r, cost in value.items() if r not in columns or not _number(cost)]


def _columns(data: Any, base: dict) -> list[tuple[Where, str]]:
    """`columns`: the bundled blocks and roles (a new role would have no column in the schema), each key
    of its kind, `holds` one of HOLDS."""
    if data is None:
        return []
    if not isinstance(data, dict):
        return [(("columns",), "columns must be a mapping of blocks")]
    problems: list[tuple[Where, str]] = []
    for block, roles in data.items():
        if block not in base:
            problems.append((("columns", block), f"unknown block {block!r} (known: {', '.join(base)})"))
            continue
        for role, column in (roles or {}).items():
            where = ("columns", block, role)
            if role not in base[block]:
                problems.append((where, f"{block} has no column {role!r} (known: {', '.join(base[block])})"))
                continue
            if not isinstance(column, dict):
                problems.append((where, f"column {role!r} must be a mapping"))
                continue
            for k, value in column.items():
                kind = COLUMN_KEYS.get(k)
                if kind is None:
                    problems.append(((*where, k), f"column {role!r}: unknown key {k!r} "
                                                  f"(known: {', '.join(COLUMN_KEYS)})"))
                elif k == "holds" and value not in HOLDS:
                    problems.append(((*where, k), f"column {role!r}: holds must be one of {', '.join(HOLDS)}"))
                elif (kind is float and not _number(value)) or (kind is bool and not isinstance(value, bool)) \
                        or (kind is str and not isinstance(value, str)):
                    problems.append(((*where, k), f"column {role!r}: {k} must be {_KIND_NAMES[kind]}"))
    return problems
