"""Tabletop scenarios for live runs, on the tiny directory of
:mod:`tests.functional.tui.support` (``directories/tiny.yaml`` next to ``scenarios/``)."""

TABLETOP = """\
kind: tabletop
name: Tiny tabletop
directory: {file: ../directories/tiny.yaml}
participants: [XA, XB]
start: 2026-03-10T12:00:00Z
end: 12h
stages:
  - {id: S1, title: Detection}
injects:
  - id: I1
    stage: S1
    at: 0h
    recipients: [XA, XB]
    subject: Outage reported
    expect:
      - {id: E1, who: recipients, action: respond, within: 2h}
  - id: I2
    stage: S1
    trigger: {on: missed, expectation: E1}
    delay: 30m
    recipients: [all]
    subject: Minister speaks
  - id: I3
    stage: S1
    at: 5h
    recipients: [XA]
    subject: Second wave
"""


SCORECARD = """\
kind: tabletop
name: Tiny scorecard
directory: {file: ../directories/tiny.yaml}
participants: [XA, XB]
start: 2026-03-10T12:00:00Z
end: 12h
stages:
  - {id: S1, title: Detection}
  - {id: S2, title: Escalation}
injects:
  - id: I1
    stage: S1
    at: 0h
    recipients: [XA, XB]
    subject: Outage reported
    expect:
      - {id: E1, who: recipients, action: acknowledge, within: 1h}
      - {id: E2, who: recipients, action: escalate_internally, within: 2h}
  - id: I2
    stage: S2
    trigger: {manual: true}
    recipients: [XB]
    subject: Press enquiry
    expect:
      - {id: E3, who: recipients, action: respond, within: 1h}
"""
