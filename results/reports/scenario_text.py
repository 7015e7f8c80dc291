"""What a report needs from the scenario text stored with a run: description, objectives,
the directory it used, and for tabletops the stage titles, discussion questions and
inject subjects.

Everything degrades gracefully: a text that no longer parses (or is missing) yields an
empty :class:`ScenarioInfo`, and reports fall back to stage and inject ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LABEL = re.compile(r"^([A-Z][A-Za-z' /()-]{1,40}):\s*(.*)$")


@dataclass
class ScenarioInfo:
    name: str = ""
    description: str = ""
    objectives: list[str] = field(default_factory=list)
    cbms: str = ""
    directory: str = ""
    stages: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # id -> (title, qs)
    injects: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (stage, subject)
    participants_listed: list[str] = field(default_factory=list)


def _labelled(text: str) -> dict[str, str]:
    """``Label: text`` paragraphs (continuation lines joined) by lower-case label."""
    out: dict[str, str] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            current = None
            continue
        m = _LABEL.match(line)
        if m:
            current = m.group(1).strip().lower()
            out[current] = m.group(2).strip()
        elif current is not None:
            out[current] = (out[current] + " " + line).strip()
    return out


def _comment_guide(text: str) -> str:
    """The ``# Facilitator's guide`` comment block at the top of a scenario file."""
    lines: list[str] = []
    inside = False
    for raw in text.splitlines():
        if not raw.startswith("#"):
            if inside:
                break
            continue
        body = raw[1:].strip()
        if body.lower().startswith("facilitator's guide") or body.lower().startswith(
            "facilitator guide"
        ):
            inside = True
            continue
        if inside:
            lines.append(body)
    return "\n".join(lines)


def _split_objectives(s: str) -> list[str]:
    parts = [p.strip(" .") for p in re.split(r";\s+|\.\s+(?=[A-Z])", s) if p.strip(" .")]
    return [p[0].upper() + p[1:] + "." for p in parts]


def _directory(spec: object) -> str:
    if not isinstance(spec, dict):
        return ""
    if spec.get("profile"):
        extra = (
            f", deputy share {spec['deputy_share']}" if spec.get("deputy_share") is not None else ""
        )
        return (
            f"generated {str(spec['profile']).upper()} profile (seed {spec.get('seed', 0)}{extra})"
        )
    if spec.get("file"):
        return f"directory file {spec['file']}"
    return ""


def scenario_info(text: str | None) -> ScenarioInfo:
    """Parse ``text`` (the stored scenario YAML) as far as it goes."""
    info = ScenarioInfo()
    if not text:
        return info
    try:
        from simulator.io.yaml_strict import SafeLoader
        from simulator.io.yaml_strict import load as strict_yaml

        data = strict_yaml(text, SafeLoader)
    except Exception:  # noqa: BLE001 - a stored text that no longer parses
        return info
    if not isinstance(data, dict):
        return info
    info.name = str(data.get("name") or "")
    info.description = " ".join(str(data.get("description") or "").split())
    info.directory = _directory(data.get("directory"))
    guide = str(data.get("guide") or "") or _comment_guide(text)
    labels = _labelled(guide)
    obj = labels.get("objectives") or labels.get("objective") or ""
    info.objectives = _split_objectives(obj) if obj else []
    info.cbms = labels.get("cbms exercised", "")
    parts = data.get("participants")
    if isinstance(parts, list):
        info.participants_listed = [str(p) for p in parts]
    for st in data.get("stages") or []:
        if isinstance(st, dict) and "id" in st:
            qs = [str(q) for q in st.get("questions") or []]
            info.stages[str(st["id"])] = (str(st.get("title") or st["id"]), qs)
    for inj in data.get("injects") or []:
        if isinstance(inj, dict) and "id" in inj:
            info.injects[str(inj["id"])] = (
                str(inj.get("stage") or ""),
                str(inj.get("subject") or ""),
            )
    return info
