#!/usr/bin/env python3
# Maintenance tool: adds the shared error responses (400/401/404/503) an operation can give where the contract
# does not declare them yet, keeping the file's layout. ContractShapeTest fails when one is missing.
# Usage: python3 scripts/contract-shared-responses.py api-spec/openapi.yaml
"""Adds the shared error responses every operation can give, in place, keeping the file's formatting."""
import yaml, re, sys
path = sys.argv[1]
text = open(path).read()
spec = yaml.safe_load(text)
lines = text.split('\n')
METHODS = ('get', 'post', 'put', 'patch', 'delete')
REF = {'400': 'BadRequest', '401': 'Unauthorized', '404': 'NotFound', '503': 'Unavailable'}

def wanted(path_name, path_item, op):
    secured = not (op.get('security') == [] or op.get('security') == [{}])
    params = (path_item.get('parameters') or []) + (op.get('parameters') or [])
    has_input = bool(params) or 'requestBody' in op
    want = set()
    if has_input:
        want.add('400')
    if secured:
        want.add('401')
    if '{' in path_name:
        want.add('404')
    want.add('503')
    return want

# locate each operation's "responses:" line by walking the text
path_re = re.compile(r'^  (/\S*):\s*$')
method_re = re.compile(r'^    (get|post|put|patch|delete):\s*$')
inserts = []  # (line index after which to insert, [lines])
current_path = None
i = 0
while i < len(lines):
    m = path_re.match(lines[i])
    if m:
        current_path = m.group(1)
    mm = method_re.match(lines[i])
    if mm and current_path:
        method = mm.group(1)
        op = spec['paths'][current_path][method]
        declared = set(str(k) for k in op.get('responses', {}).keys())
        missing = sorted(wanted(current_path, spec['paths'][current_path], op) - declared)
        # find the responses block of this operation
        j = i + 1
        while j < len(lines) and not lines[j].startswith('      responses:'):
            if re.match(r'^    \S', lines[j]) or re.match(r'^  \S', lines[j]):
                break
            j += 1
        if j < len(lines) and lines[j].startswith('      responses:') and missing:
            k = j + 1
            while k < len(lines) and (lines[k].startswith('        ') or lines[k].strip() == ''):
                k += 1
            # back up over trailing blank lines
            while lines[k - 1].strip() == '':
                k -= 1
            inserts.append((k, ['        "%s": {$ref: "#/components/responses/%s"}' % (code, REF[code]) for code in missing]))
    i += 1
for at, new in sorted(inserts, reverse=True):
    lines[at:at] = new
open(path, 'w').write('\n'.join(lines))
print('operations amended:', len(inserts))
