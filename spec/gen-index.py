#!/usr/bin/env python3
"""Regenerates spec/clauses.json from the clause paragraphs of spec/NN-*.md.

The build (conformance-tests: SpecIndexTest) fails when clauses.json and the text disagree, so run
this after editing a clause: python3 spec/gen-index.py
"""
import glob, json, os, re

here = os.path.dirname(os.path.abspath(__file__))
clause = re.compile(r'^\*\*\[(\d+\.\d+\.\d+)\] (MUST NOT|MUST|SHOULD NOT|SHOULD|MAY)\*\* — (.*)', re.S)
out = []
for path in sorted(glob.glob(os.path.join(here, '[0-9][0-9]-*.md'))):
    section = None
    for para in re.split(r'\n\s*\n', open(path, encoding='utf-8').read()):
        heading = re.match(r'^## (\d+\.\d+) (.*)', para)
        if heading:
            section = (heading.group(1), heading.group(2).strip())
        m = clause.match(para)
        if m:
            text = ' '.join(m.group(3).split())
            summary = re.split(r'(?<=\.)\s', text)[0]
            if len(summary) > 160:
                summary = summary[:157].rsplit(' ', 1)[0] + '…'
            out.append({'id': m.group(1), 'level': m.group(2), 'section': section[0],
                        'title': section[1], 'file': os.path.basename(path), 'summary': summary})
with open(os.path.join(here, 'clauses.json'), 'w', encoding='utf-8') as f:
    json.dump({'spec': 'ctlsock', 'version': '1.1', 'clauses': out}, f, indent=2, ensure_ascii=False)
    f.write('\n')
print(f'{len(out)} clauses written to clauses.json')
