#!/usr/bin/env python3
"""Share of public declarations with a /// comment, per target: python3 scripts/doc_coverage.py Nabla NablaNN (SHOW=1 lists the missing)."""
import re,sys,glob,os
def cov(target):
    total=0; doc=0; missing=[]
    for f in glob.glob(f'Sources/{target}/**/*.swift', recursive=True):
        lines=open(f).read().split('\n')
        for i,l in enumerate(lines):
            s=l.strip()
            if re.match(r'(public|open)\s', s) and not s.startswith('public init(from decoder') and 'extension' not in s.split('(')[0]:
                j=i-1
                while j>=0 and lines[j].strip().startswith('@'): j-=1
                total+=1
                if j>=0 and lines[j].strip().startswith('///'): doc+=1
                else: missing.append(f"{f}:{i+1}: {s[:90]}")
    return total,doc,missing
for t in sys.argv[1:]:
    total,doc,missing=cov(t)
    print(t,total,doc,f"{100*doc/max(total,1):.0f}%")
    if os.environ.get('SHOW'): print('\n'.join(missing))
