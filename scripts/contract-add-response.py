#!/usr/bin/env python3
"""Declares a shared response on operations of api-spec/openapi.yaml that lack it.

  python3 scripts/contract-add-response.py 409 Conflict checkIn awardPoints

Inserts `"409": {$ref: "#/components/responses/Conflict"}` into each named operation's responses, keeping the
file's text as written (no YAML round trip, so comments and layout stay).
"""
import re
import sys

status, component, *operations = sys.argv[1:]
path = 'api-spec/openapi.yaml'
text = open(path, encoding='utf-8').read()
for op in operations:
    start = text.index(f'operationId: {op}\n')
    responses = text.index('      responses:\n', start)
    # the operation ends at the next line indented like a path (2 spaces) or a method (4 spaces)
    end = re.compile(r'^(  \S|    \S)', re.M).search(text, responses + 1)
    block = text[responses:end.start() if end else len(text)]
    if f'"{status}":' in block:
        continue
    line = f'        "{status}": {{$ref: "#/components/responses/{component}"}}\n'
    insert = responses + len('      responses:\n')
    # after the last 2xx/3xx answer, so successes stay first
    for m in re.finditer(r'^        "([0-9X]{3})":', block, re.M):
        if m.group(1)[0] in '23':
            nxt = re.compile(r'^        "', re.M).search(block, m.end())
            insert = responses + (nxt.start() if nxt else len(block))
    text = text[:insert] + line + text[insert:]
open(path, 'w', encoding='utf-8').write(text)
