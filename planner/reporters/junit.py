"""`--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins,
Azure). One test suite per file, one failing test case per finding; a clean file is one
passing test case, so the report also shows what was checked."""
from __future__ import annotations

from itertools import groupby
from typing import TextIO
import re
from xml.etree import ElementTree as ET

from planner.reporters.ci_common import explained, shown
from planner.textsafe import visible


_NOT_XML = re.compile("[\ufffe\uffff]")


def _x(text: str) -> str:
    """XML 1.0 cannot carry control characters, even escaped: a finding that quotes
    them is shown with visible escapes, so the report stays readable."""
    return _NOT_XML.sub("\ufffd", visible(text, keep="\t\n\r"))


def render(audit, out: TextIO, *, color: bool = False) -> None:
    findings = {path: list(g) for path, g in groupby(shown(audit), key=lambda f: f.path)}
    known = {d.relpath for d in audit.documents}
    paths = [d.relpath for d in audit.documents] + [p for p in findings if p not in known]
    root = ET.Element("testsuites", name="planner", tests="0", failures="0", errors="0")
    total = failures = 0
    for path in paths:
        items = findings.get(path, [])
        path = _x(path)
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(max(1, len(items))),
                              failures=str(len(items)), errors="0", skipped="0")
        if not items:
            ET.SubElement(suite, "testcase", classname=path, name="planner", file=path)
            total += 1
            continue
        for f in items:
            case = ET.SubElement(suite, "testcase", classname=path, name=f"{f.rule} at {f.line}:{f.column}",
                                 file=path, line=str(f.line))
            fail = ET.SubElement(case, "failure", message=_x(f.message), type=f.severity)
            fail.text = _x(f"{f.path}:{f.line}:{f.column} {f.severity} {f.rule}: {explained(f)}")
            total += 1
            failures += 1
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
